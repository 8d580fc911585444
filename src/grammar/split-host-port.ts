import { isIP } from 'node:net';

/**
 * `db:443`, `198.18.0.1:443`, `[fd00::1]:443`, `svc/db:443`: a host and a port in one word, as
 * openssl's `-connect` and most URLs write them; undefined when the word is not written so. A bare
 * IPv6 address (`fd00::1`) is not split: its colons belong to it, which is why IPv6 takes brackets.
 * `[fd00::1]` alone is the address without its brackets.
 */
export function splitHostPort(word: string): { host: string; port?: string } | undefined {
  const bracketed = /^\[([^\]]+)\](?::([^:]+))?$/.exec(word);
  if (bracketed) {
    const [, host, port] = bracketed;
    return port === undefined ? { host: host! } : { host: host!, port };
  }
  if (isIP(word) === 6) return undefined;
  const colon = word.indexOf(':');
  if (colon <= 0 || colon === word.length - 1 || word.indexOf(':', colon + 1) !== -1) return undefined;
  return { host: word.slice(0, colon), port: word.slice(colon + 1) };
}
