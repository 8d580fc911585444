import fc from 'fast-check';
import { argvOf, refusalOf } from './plan-text.js';

/**
 * Issue 12, class 7: cloud metadata services are refused as destinations in every spelling a
 * resolver accepts. Addresses are generated in random inet_aton encodings (1 to 4 parts, each part
 * decimal, octal or hex in any case), inside IPv6 (mapped, compatible, NAT64, in any case and
 * compression), and names in random case with trailing dots; each goes through the grammar of every
 * tool that exchanges data with a destination (curl, ab, nc, tls, curl --resolve) and must be refused.
 */
const forbiddenIpv4 = [0xa9fea9fe, 0xa9feaa02, 0x646464c8, 0xa83f8110, 0xa9fe0101];

function encodePart(value: number, base: 'dec' | 'oct' | 'hex' | 'HEX'): string {
  if (base === 'oct') return `0${value.toString(8)}`;
  if (base === 'hex') return `0x${value.toString(16)}`;
  if (base === 'HEX') return `0X${value.toString(16).toUpperCase()}`;
  return String(value);
}

const base = fc.constantFrom('dec', 'oct', 'hex', 'HEX') as fc.Arbitrary<'dec' | 'oct' | 'hex' | 'HEX'>;

/** `value` written with `parts` parts, the last one filling the bytes left, as inet_aton reads it. */
const ipv4Spelling = fc
  .record({
    value: fc.constantFrom(...forbiddenIpv4),
    parts: fc.integer({ min: 1, max: 4 }),
    bases: fc.array(base, { minLength: 4, maxLength: 4 }),
  })
  .map(({ value, parts, bases }) => {
    const bytes = [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255];
    const head = bytes.slice(0, parts - 1);
    const rest = bytes.slice(parts - 1).reduce((sum, byte) => sum * 256 + byte, 0);
    return [...head, rest].map((part, index) => encodePart(part, bases[index]!)).join('.');
  });

const dotted = (value: number) =>
  [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');

const ipv6Spelling = fc
  .record({
    value: fc.constantFrom(...forbiddenIpv4),
    prefix: fc.constantFrom('::ffff:', '::', '0:0:0:0:0:ffff:', '0::ffff:', '64:ff9b::'),
    asHex: fc.boolean(),
    upper: fc.boolean(),
  })
  .map(({ value, prefix, asHex, upper }) => {
    const tail = asHex ? `${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}` : dotted(value);
    const text = `${prefix}${tail}`;
    return upper ? text.toUpperCase() : text;
  })
  .chain((text) =>
    fc.constantFrom(text, 'fd00:ec2::254', 'FD00:EC2:0::254', 'fd00:0ec2:0000:0000:0000:0000:0000:0023'),
  );

const nameSpelling = fc
  .record({
    name: fc.constantFrom(
      'metadata.google.internal',
      'metadata',
      'metadata.goog',
      'instance-data',
      'instance-data.ec2.internal',
    ),
    upper: fc.array(fc.boolean(), { minLength: 32, maxLength: 32 }),
    dots: fc.integer({ min: 0, max: 1 }),
  })
  .map(
    ({ name, upper, dots }) =>
      [...name].map((char, index) => (upper[index] ? char.toUpperCase() : char)).join('') + '.'.repeat(dots),
  );

const host = fc.oneof(ipv4Spelling, ipv6Spelling, nameSpelling);
const urlHost = (value: string) => (value.includes(':') ? `[${value}]` : value);

const lines = host.chain((value) =>
  fc.constantFrom(
    `curl pod/a http://${urlHost(value)}/latest/meta-data/`,
    `curl pod/a -I https://${urlHost(value)}:8443/`,
    `curl pod/a http://user:pw@${urlHost(value)}/`,
    `ab pod/a -n 10 http://${urlHost(value)}/`,
    `nc pod/a -vz ${value} 80`,
    `tls pod/a ${value} 443`,
    `tls pod/a -connect ${urlHost(value)}:443`,
    `curl pod/a --resolve api.example.com:443:${urlHost(value)} https://api.example.com/`,
  ),
);

describe('cloud metadata destinations', () => {
  it('are refused in every spelling through every tool that exchanges data', async () => {
    await fc.assert(
      fc.asyncProperty(lines, async (line) => {
        // curl --resolve takes only an address in standard form: other spellings are refused as such.
        const expected = line.includes('--resolve')
          ? /credentials.*refused|is not HOST:PORT:ADDRESS/
          : /(metadata|link-local|WireServer).*credentials.*refused/;
        expect(await refusalOf(line)).toMatch(expected);
      }),
      { numRuns: 600 },
    );
  }, 60_000);

  it.each(['curl pod/a -L http://db/', 'curl pod/a --location http://db/'])(
    '%s: redirects are refused',
    async (line) => {
      expect(await refusalOf(line)).toMatch(/follows redirects to places the bot cannot check/);
    },
  );

  it('curl --connect-to is refused', async () => {
    expect(await refusalOf('curl pod/a --connect-to ::169.254.169.254: http://db/')).toMatch(
      /connects somewhere other/,
    );
  });

  it('a backslash in a URL is refused (curl and the URL standard read it differently)', async () => {
    expect(await refusalOf("curl pod/a 'http://db\\@example.com/'")).toMatch(/backslash/);
  });

  // Decisions, not oversights: probes bring back nothing but timings (and Calico's pod gateway is
  // 169.254.1.1), and loopback stays open to every tool (docs/pipeline.md says why).
  it.each([
    ['ping pod/a -c 1 169.254.1.1', '169.254.1.1'],
    ['traceroute pod/a 169.254.169.254', '169.254.169.254'],
    ['curl pod/a http://127.0.0.1:8080/', 'http://127.0.0.1:8080/'],
    ['nc pod/a -vz ::1 22', '::1'],
  ])('%s is kept', async (line, word) => {
    expect(await argvOf(line)).toContain(word);
  });
});
