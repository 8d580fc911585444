import fc from 'fast-check';
import { countTargetAddresses } from '../../../src/catalogue/nmap-targets.js';
import { argvOf, refusalOf } from '../commands/plan-text.js';

/**
 * Issue 12, class 1: nmap's and nping's own range syntax. Generated range expressions are counted as
 * nmap counts them (one set of values per part, so a value named twice counts once) or refused, and
 * the cap of 256 addresses holds for the whole run, across every argument.
 */
const cap = 256;

interface Part {
  readonly text: string;
  readonly values: ReadonlySet<number>;
}

const octet = fc.integer({ min: 0, max: 255 });
const span = (low: number, high: number) =>
  new Set(Array.from({ length: high - low + 1 }, (_, i) => low + i));

/** One item of a part's list: `7`, `1-20`, `-9`, `200-`, `*`, `-`. */
const item: fc.Arbitrary<Part> = fc.oneof(
  octet.map((n) => ({ text: String(n), values: new Set([n]) })),
  fc
    .tuple(octet, octet)
    .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const)
    .map(([low, high]) => ({ text: `${low}-${high}`, values: span(low, high) })),
  octet.map((high) => ({ text: `-${high}`, values: span(0, high) })),
  octet.map((low) => ({ text: `${low}-`, values: span(low, 255) })),
  fc.constant({ text: '*', values: span(0, 255) }),
  fc.constant({ text: '-', values: span(0, 255) }),
);

/** A part: a comma list of items; its values are their union. */
const part: fc.Arbitrary<Part> = fc.array(item, { minLength: 1, maxLength: 4 }).map((items) => ({
  text: items.map((one) => one.text).join(','),
  values: new Set(items.flatMap((one) => [...one.values])),
}));

/** Mostly single values, so that many expressions fall under the cap and some over it. */
const narrowPart: fc.Arbitrary<Part> = fc.oneof(
  { weight: 4, arbitrary: octet.map((n) => ({ text: String(n), values: new Set([n]) })) },
  { weight: 1, arbitrary: part },
);

const expression = (of: fc.Arbitrary<Part>) =>
  fc
    .tuple(of, of, of, of)
    .filter((parts) => !parts[0].text.startsWith('-'))
    .map((parts) => ({
      text: parts.map((one) => one.text).join('.'),
      addresses: parts.reduce((product, one) => product * one.values.size, 1),
    }));

const network = fc
  .tuple(octet, octet, octet, octet, fc.integer({ min: 16, max: 32 }))
  .map(([a, b, c, d, bits]) => ({ text: `${a}.${b}.${c}.${d}/${bits}`, addresses: 2 ** (32 - bits) }));

const target = fc.oneof(expression(narrowPart), network, fc.constant({ text: 'db', addresses: 1 }));

describe("nmap's target syntax", () => {
  it('counts every range expression as nmap does', () => {
    fc.assert(
      fc.property(expression(part), ({ text, addresses }) => {
        expect(countTargetAddresses(text)).toEqual({ addresses });
      }),
      { numRuns: 1000 },
    );
  }, 120_000);

  it.each(['nmap host -sn', 'nping host --icmp'])(
    '%s runs a range within the cap and refuses one above it',
    async (prefix) => {
      await fc.assert(
        fc.asyncProperty(expression(narrowPart), async ({ text, addresses }) => {
          const line = `${prefix} ${text}`;
          if (addresses <= cap) expect(await argvOf(line)).toContain(text);
          else expect(await refusalOf(line)).toMatch(new RegExp(`${addresses} addresses.*limit is ${cap}`));
        }),
        { numRuns: 300 },
      );
    },
    120_000,
  );

  it('holds the cap for the whole run, across every argument', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(target, { minLength: 1, maxLength: 16 }), async (targets) => {
        const line = `nmap host -sn ${targets.map((one) => one.text).join(' ')}`;
        const total = targets.reduce((sum, one) => sum + one.addresses, 0);
        if (total <= cap)
          expect(await argvOf(line)).toEqual(expect.arrayContaining(targets.map((one) => one.text)));
        else
          expect(await refusalOf(line)).toMatch(
            // One word above the cap is named on its own; several are summed.
            new RegExp(`\\d+ addresses.*limit is ${cap} addresses for the whole run`),
          );
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('refuses what nmap would read as a range but is none', async () => {
    const broken = fc.oneof(
      // A value above 255, in any part.
      fc
        .tuple(expression(narrowPart), fc.integer({ min: 256, max: 999 }), fc.integer({ min: 0, max: 3 }))
        .map(([{ text }, big, at]) =>
          text
            .split('.')
            .map((one, i) => (i === at ? `${one},${big}` : one))
            .join('.'),
        ),
      // A range written high to low.
      fc
        .tuple(octet, octet)
        .filter(([a, b]) => a > b)
        .map(([a, b]) => `10.0.0.${a}-${b}`),
      // Fewer or more than four parts.
      fc
        .array(part, { minLength: 1, maxLength: 6 })
        .filter((parts) => parts.length !== 4 && !parts[0]!.text.startsWith('-'))
        .map((parts) => parts.map((one) => one.text).join('.'))
        .filter((text) => /[,*-]/.test(text)),
      // Empty items and a range with a prefix length.
      octet.map((n) => `10.0.${n},.1`),
      octet.map((n) => `10.0.0.${n}-/24`),
    );
    await fc.assert(
      fc.asyncProperty(broken, async (text) => {
        expect(await refusalOf(`nmap host -sn ${text}`)).toMatch(/range|address|prefix/);
      }),
      { numRuns: 500 },
    );
  }, 120_000);

  it.each([
    ['nmap host -sn 0-255.0-255.0-255.0-255', /4294967296 addresses/],
    ['nmap host -sn *.*.*.*', /4294967296 addresses/],
    [
      'nmap host -sn 10.0.0.0/24 10.0.1.0/24',
      /512 addresses in all.*limit is 256 addresses for the whole run/,
    ],
    ['nmap host -sn 10.0.0.-', /^(?![\s\S])/],
    ['nping host --icmp 10.0-1.*.1', /512 addresses/],
    ['nmap host db/24', /address and a prefix length/],
  ])('%s', async (line, message) => {
    if (message.source === '^(?![\\s\\S])') expect(await argvOf(line)).toContain('10.0.0.-');
    else expect(await refusalOf(line)).toMatch(message);
  });
});
