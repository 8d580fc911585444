import { isIP } from 'node:net';
import { z } from 'zod';
import { formatTarget, isTargetRef, targetRefSchema } from '../grammar/target.js';
import { isHostname } from './values.js';

/**
 * nmap's and nping's own target syntax, read as nmap reads it (its TargetGroup), so the number of
 * addresses a run reaches is known before it runs (issue 12). `0-255` is a valid DNS label, so a
 * hostname check alone let `0-255.0-255.0-255.0-255` (the whole IPv4 internet) through. Forms:
 * - an IPv4 address in four parts, each part a list of values and ranges: `10.0.0.1-20`,
 *   `10.0.1,3,5.1`, `10.0.0.*`, `10.0.0.-` (0-255), `10.0.0.200-` (200-255), `10.0.0.-9` (0-9);
 *   a value named twice counts once, as nmap keeps one set of values per part;
 * - an address with a prefix length: `10.0.0.0/28`, `fd00::/120`;
 * - an address or a host name: one address (nmap scans the first address a name resolves to).
 * Refused: a word made of digits, dots and range characters that is not such an expression (nmap
 * would read it as a range, or fail on it), a range with a prefix length, a name with a prefix length.
 */

export type TargetCount = { readonly addresses: number } | { readonly problem: string };

const rangeWord = /^[0-9.,*-]+$/;

export function countTargetAddresses(word: string): TargetCount {
  if (word.startsWith('-') || word === '') return { problem: `'${word}' is not a host, address or range` };
  const slash = word.lastIndexOf('/');
  const base = slash >= 0 ? word.slice(0, slash) : word;
  const bits = slash >= 0 ? word.slice(slash + 1) : undefined;
  const family = isIP(base);
  if (family !== 0) return withPrefix(word, family === 4 ? 32 : 128, bits);
  if (rangeWord.test(base) && /[,*-]/.test(base)) {
    if (bits !== undefined) {
      return {
        problem: `'${word}' combines a range with a prefix length: write one, such as 10.0.0.0/28 or 10.0.0.1-20`,
      };
    }
    return countRange(word);
  }
  if (rangeWord.test(base) && base.split('.').length === 4) {
    // `010.0.0.1`: no address to Node's parser, but nmap reads each part as a number.
    if (bits !== undefined)
      return { problem: `'${word}' is not an address with a prefix length such as 10.0.0.0/28` };
    return countRange(word);
  }
  if (bits !== undefined) {
    return {
      problem: `'${word}': a network is written as an address and a prefix length, such as 10.0.0.0/28, not with a name`,
    };
  }
  if (isHostname(base)) return { addresses: 1 };
  return { problem: `'${word}' is not a hostname, IP address, range or CIDR` };
}

function withPrefix(word: string, width: number, bits: string | undefined): TargetCount {
  if (bits === undefined) return { addresses: 1 };
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > width) {
    return { problem: `'${word}' has no valid prefix length (0 to ${width})` };
  }
  return { addresses: 2 ** (width - Number(bits)) };
}

/** `10.0.1-3.*`: the product of how many distinct values each of the four parts names. */
function countRange(word: string): TargetCount {
  const parts = word.split('.');
  if (parts.length !== 4) {
    return {
      problem: `'${word}' reads as an address range, but a range has four parts, such as 10.0.0.1-20`,
    };
  }
  let addresses = 1;
  for (const part of parts) {
    const values = octetValues(part);
    if (values === undefined) {
      return {
        problem: `'${word}' is not an address range: '${part}' is not a list of values and ranges from 0 to 255 (such as 1-20 or 1,3,5 or *)`,
      };
    }
    addresses *= values;
  }
  return { addresses };
}

/** How many distinct values 0..255 one part names (`1,3,5-7`, `*`, `-`, `200-`), or undefined. */
function octetValues(part: string): number | undefined {
  if (part === '') return undefined;
  const seen = new Set<number>();
  for (const item of part.split(',')) {
    const range = item === '*' ? ['0', '255'] : item.split('-');
    if (range.length > 2 || (range.length === 1 && range[0] === '')) return undefined;
    const low = range[0] === '' ? 0 : octet(range[0]!);
    const high = range.length === 1 ? low : range[1] === '' ? 255 : octet(range[1]!);
    if (low === undefined || high === undefined || low > high) return undefined;
    for (let value = low; value <= high; value += 1) seen.add(value);
  }
  return seen.size;
}

function octet(text: string): number | undefined {
  if (!/^\d{1,3}$/.test(text)) return undefined;
  const value = Number(text);
  return value <= 255 ? value : undefined;
}

/** One word of nmap's target syntax, at most `maxAddresses` addresses on its own. */
export function nmapTarget(maxAddresses: number) {
  return z
    .string()
    .superRefine((word, context) => {
      const counted = countTargetAddresses(word);
      if ('problem' in counted) context.addIssue({ code: 'custom', message: counted.problem });
      else if (counted.addresses > maxAddresses) {
        context.addIssue({
          code: 'custom',
          message: `'${word}' covers ${counted.addresses} addresses; the limit is ${maxAddresses} addresses for the whole run`,
        });
      }
    })
    .describe(
      `a hostname, IP address, range (10.0.0.1-20) or CIDR (at most ${maxAddresses} addresses in all)`,
    );
}

/**
 * Why the targets of one run reach too many addresses, or undefined: the bound is on the whole run,
 * as 16 arguments of 256 addresses each are 4096. A target written as `pod/db` is one address.
 */
export function wholeRunAddressProblem(hosts: readonly unknown[], maxAddresses: number): string | undefined {
  const counted = hosts.map((host) => {
    if (isTargetRef(host)) return [formatTarget(host), 1] as const;
    const found = typeof host === 'string' ? countTargetAddresses(host) : undefined;
    return [String(host), found !== undefined && 'addresses' in found ? found.addresses : 0] as const;
  });
  const total = counted.reduce((sum, [, addresses]) => sum + addresses, 0);
  if (total <= maxAddresses) return undefined;
  const each = counted.map(([written, addresses]) => `${written}: ${addresses}`).join(', ');
  return `the targets cover ${total} addresses in all (${each}); the limit is ${maxAddresses} addresses for the whole run`;
}

/** A target written in a host's place (`svc/db`, one address), or one word of nmap's target syntax. */
export function nmapDestination(maxAddresses: number) {
  const word = nmapTarget(maxAddresses);
  return z
    .union([targetRefSchema, word], {
      // A string is never the object form: the user needs the string side's own reason.
      error: (issue) =>
        issue.code === 'invalid_union'
          ? issue.errors.flat().find((inner) => inner.code !== 'invalid_type')?.message
          : undefined,
    })
    .describe(`${word.description ?? 'a host'}, or a target (pod/NAME, svc/NAME, ...)`);
}
