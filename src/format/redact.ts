/**
 * Secrets that tools echo back (curl -v prints request headers, URLs carry passwords) are cut out of
 * every output before it is stored or shown (SPEC 6). The name of the secret stays so users still
 * see what was sent; the value becomes `[redacted]`.
 */
const rules: readonly { readonly pattern: RegExp; readonly replace: string }[] = [
  // Authorization: Bearer x / Basic x / anything, and Proxy-Authorization, in request or response dumps.
  { pattern: /\b((?:proxy-)?authorization)(\s*[:=]\s*)[^\r\n]*/gi, replace: '$1$2[redacted]' },
  // Cookie and Set-Cookie headers: every value on the line.
  { pattern: /\b(set-cookie|cookie)(\s*:\s*)[^\r\n]*/gi, replace: '$1$2[redacted]' },
  // A bearer token outside a header line (logs, JSON): `Bearer eyJ...`.
  { pattern: /\b(bearer)(\s+)[A-Za-z0-9._~+/=-]{8,}/gi, replace: '$1$2[redacted]' },
  // user:password@ in any URL.
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, replace: '$1[redacted]@' },
];

export function redactSecrets(text: string): string {
  return rules.reduce((current, { pattern, replace }) => current.replace(pattern, replace), text);
}
