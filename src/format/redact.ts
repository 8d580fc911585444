/**
 * Secrets that tools echo back (curl -v prints request headers, URLs carry passwords) are cut out of
 * every output before it is stored or shown (SPEC 6). The name of the secret stays so users still
 * see what was sent; the value becomes `[redacted]`.
 */
/**
 * A key whose value is a credential: one ending in token, secret, password or passwd
 * (`Token`, `SessionToken`, `access_token`, `x-aws-ec2-metadata-token`, `client_secret`), or AWS's
 * `AccessKeyId`, `SecretAccessKey` (and their snake_case), `private_key`. `token_type` or `tokens` do not end so and stay.
 */
const credentialKey =
  '[A-Za-z0-9_-]*?(?:token|secret|secret_?access_?key|access_?key_?id|private_?key|password|passwd)';

const rules: readonly { readonly pattern: RegExp; readonly replace: string }[] = [
  // Authorization: Bearer x / Basic x / anything, and Proxy-Authorization, in request or response dumps.
  { pattern: /\b((?:proxy-)?authorization)(\s*[:=]\s*)[^\r\n]*/gi, replace: '$1$2[redacted]' },
  // Cookie and Set-Cookie headers: every value on the line.
  { pattern: /\b(set-cookie|cookie)(\s*:\s*)[^\r\n]*/gi, replace: '$1$2[redacted]' },
  // A bearer token outside a header line (logs, JSON): `Bearer eyJ...`.
  { pattern: /\b(bearer)(\s+)[A-Za-z0-9._~+/=-]{8,}/gi, replace: '$1$2[redacted]' },
  // user:password@ in any URL.
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, replace: '$1[redacted]@' },
  // Private keys (PEM): everything between the markers, or to the end when the output was cut.
  {
    pattern: /(-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----)[\s\S]*?(-----END \2PRIVATE KEY-----|$)/g,
    replace: '$1[redacted]$3',
  },
  // Credential fields as cloud metadata and OAuth hand them out (issue 12): AccessKeyId,
  // SecretAccessKey, Token, SessionToken, access_token, refresh_token, id_token, client_secret,
  // passwords. In JSON, `"Key": "value"` (escaped quotes inside included):
  {
    pattern: new RegExp(`("${credentialKey}"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*"`, 'gi'),
    replace: '$1[redacted]"',
  },
  // and as `Key: value`, `Key=value` (headers, query strings, env dumps, YAML), up to a separator.
  {
    pattern: new RegExp(`(\\b${credentialKey}\\b["']?\\s*[:=]\\s*["']?)[^\\s"'&,;}]+`, 'gi'),
    replace: '$1[redacted]',
  },
  // AWS access key ids wherever they appear (AKIA long-term, ASIA temporary).
  { pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, replace: '[redacted]' },
];

export function redactSecrets(text: string): string {
  return rules.reduce((current, { pattern, replace }) => current.replace(pattern, replace), text);
}
