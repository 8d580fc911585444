import type { Measure, Summarizer, Summary, TextTable } from '../summary.js';

/** Fewer days left than this is a renewal that should already have happened: degraded. */
const renewWithinDays = 14;
const dayMs = 86_400_000;

interface ChainCertificate {
  readonly depth: number;
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore?: string;
  readonly notAfter?: string;
}

/**
 * The chain as `-showcerts` lists it (OpenSSL 3): ` 0 s:CN = x` / `   i:CN = y` /
 * `   v:NotBefore: ...; NotAfter: ...`.
 */
function readChain(text: string): ChainCertificate[] {
  const chain: ChainCertificate[] = [];
  const pattern = /^\s*(\d+) s:(.*)\n\s+i:(.*)(?:\n\s+a:.*)?(?:\n\s+v:NotBefore: (.*?); NotAfter: (.*))?$/gm;
  for (const found of text.matchAll(pattern)) {
    chain.push({
      depth: Number(found[1]),
      subject: (found[2] ?? '').trim(),
      issuer: (found[3] ?? '').trim(),
      ...(found[4] ? { notBefore: found[4].trim() } : {}),
      ...(found[5] ? { notAfter: found[5].trim() } : {}),
    });
  }
  return chain;
}

/** The connection failed before TLS: openssl's `connect:errno=N` and BIO errors, in people's words. */
function connectFailure(stderr: string, where: string): Summary | undefined {
  const errno = /connect:errno=(\d+)/.exec(stderr)?.[1];
  if (!errno && !/BIO_connect/.test(stderr)) return undefined;
  const words: Readonly<Record<string, string>> = {
    '111': `${where} refused the connection`,
    '110': `no answer from ${where} (connect timed out)`,
    '113': `no route to ${where}`,
    '101': `${where}: network unreachable`,
  };
  const lookup = /BIO_lookup_ex:[^:]*:([^:\n]+)/.exec(stderr)?.[1];
  const headline =
    (errno ? words[errno] : undefined) ??
    (lookup ? `could not resolve ${where.replace(/:\d+$/, '')}: ${lookup}` : `could not connect to ${where}`);
  return {
    tone: 'broken',
    headline,
    facts: ['no TLS handshake: the TCP connection itself failed'],
    measures: [
      { key: 'tls.handshake', label: 'TLS handshake', value: headline.replace(where, 'the server') },
    ],
  };
}

/** `ssl3_get_record:wrong version number` to "wrong version number". */
function sslError(stderr: string): string | undefined {
  const found = /error:[0-9A-F]+:SSL routines:[^:]*:([^:\n]+)/.exec(stderr)?.[1];
  return found?.trim();
}

/** "Feb 28 08:15:33 2027 GMT" to its date, "Feb 28 2027", for the headline. */
function shortDate(notAfter: string): string {
  const found = /^(\w+)\s+(\d+)\s+[\d:]+\s+(\d+)/.exec(notAfter);
  return found ? `${found[1]} ${found[2]} ${found[3]}` : notAfter;
}

function chainTable(chain: readonly ChainCertificate[]): TextTable {
  return {
    title: `certificate chain (${chain.length})`,
    columns: ['depth', 'subject', 'issuer', 'expires'],
    rows: chain.map((cert) => [String(cert.depth), cert.subject, cert.issuer, cert.notAfter ?? '']),
    align: ['right', 'left', 'left', 'left'],
  };
}

/**
 * `openssl s_client -showcerts` (commands/tls.ts): whether the handshake worked, the protocol and
 * cipher, and the server certificate's subject, issuer and expiry. Days left are counted from the
 * handshake's own `Start Time`, so a summary read later says what was true when it ran.
 */
export const summarizeTls: Summarizer = (result) => {
  const text = result.stdout;
  const connect = result.argv[result.argv.indexOf('-connect') + 1] ?? 'the server';
  const failedConnect = connectFailure(result.stderr, connect);
  if (failedConnect && !/^CONNECTED/m.test(text)) return failedConnect;
  const negotiated = /^(?:New|Reused), (\S+), Cipher is (\S+)/m.exec(text);
  if (!negotiated) return undefined;
  const [, protocol = '', cipher = ''] = negotiated;
  if (protocol === '(NONE)') {
    const error = sslError(result.stderr) ?? 'no handshake';
    const plain = /wrong version number|packet length too long|record layer failure/.test(error);
    return {
      tone: 'broken',
      headline: plain
        ? `no TLS on ${connect}: the server does not speak TLS there`
        : `TLS handshake with ${connect} failed: ${error}`,
      facts: [`openssl: ${error}`],
      measures: [
        { key: 'tls.handshake', label: 'TLS handshake', value: plain ? 'not TLS' : `failed: ${error}` },
      ],
    };
  }
  const chain = readChain(text);
  const leaf = chain[0];
  const verify = /^\s*Verify return code: (\d+) \(([^)]*)\)/m.exec(text);
  const verifyCode = Number(verify?.[1] ?? 0);
  const verifyText = verify?.[2] ?? 'ok';
  // The handshake's own clock when s_client printed a session (TLS 1.3 prints it only if a ticket
  // came before stdin closed), so that a summary read later says what was true then; else now.
  const startSeconds = Number(/^\s*Start Time: (\d+)/m.exec(text)?.[1] ?? NaN);
  const ranAtKnown = Number.isFinite(startSeconds);
  const notAfterMs = leaf?.notAfter ? Date.parse(leaf.notAfter) : NaN;
  const daysLeft = Number.isFinite(notAfterMs)
    ? Math.round((notAfterMs - (ranAtKnown ? startSeconds * 1000 : Date.now())) / dayMs)
    : undefined;
  const alpn = /^ALPN protocol: (\S+)/m.exec(text)?.[1];
  const expiry = leaf?.notAfter ? shortDate(leaf.notAfter) : undefined;
  // OpenSSL's own verdict (10) is the handshake's; days are counted only with its clock known.
  const expired = verifyCode === 10 || (daysLeft !== undefined && daysLeft < 0);
  const selfSigned = leaf !== undefined && leaf.subject === leaf.issuer;

  let tone: Summary['tone'] = 'ok';
  let headline = `${protocol}, certificate valid${expiry ? ` until ${expiry}` : ''}`;
  if (expired) {
    tone = 'broken';
    const ago =
      daysLeft === undefined || !ranAtKnown || daysLeft >= 0
        ? ''
        : ` ${-daysLeft} day${daysLeft === -1 ? '' : 's'} ago`;
    headline = `certificate has expired${ago}${expiry ? ` (${expiry})` : ''}`;
  } else if (daysLeft !== undefined && daysLeft < renewWithinDays) {
    tone = 'degraded';
    headline = `certificate expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'}${expiry ? ` (${expiry})` : ''}`;
  } else if (verifyCode !== 0) {
    tone = 'degraded';
    headline = `${protocol}, certificate not trusted: ${verifyText}`;
  }
  const measures: Measure[] = [
    { key: 'tls.protocol', label: 'TLS protocol', value: protocol },
    ...(leaf?.notAfter ? [{ key: 'cert.expiry', label: 'certificate expiry', value: leaf.notAfter }] : []),
    { key: 'cert.verify', label: 'certificate check', value: verifyText },
  ];
  return {
    tone,
    headline,
    facts: [
      `${protocol}, cipher ${cipher}${alpn ? `, ALPN ${alpn}` : ''}`,
      ...(leaf
        ? [`subject ${leaf.subject}`, selfSigned ? 'issuer: itself (self-signed)' : `issuer ${leaf.issuer}`]
        : []),
      ...(leaf?.notAfter
        ? [
            `valid ${leaf.notBefore ? `${shortDate(leaf.notBefore)} to ` : 'until '}${shortDate(leaf.notAfter)}${daysLeft === undefined || !ranAtKnown ? '' : daysLeft < 0 ? ` (expired ${-daysLeft} days ago)` : ` (${daysLeft} days left)`}`,
          ]
        : []),
      `verification: ${verifyText}${verifyCode ? ` (${verifyCode})` : ''}`,
    ],
    ...(chain.length > 1 ? { tables: [chainTable(chain)] } : {}),
    measures,
  };
};
