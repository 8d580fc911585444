import fc from 'fast-check';
import { forbiddenDestination, inetAton } from '../../../src/catalogue/forbidden-destinations.js';

/**
 * inet_aton's forms for any 32-bit address: 1 to 4 parts, the last filling the bytes left, each part
 * decimal, octal or hex in either case. Every spelling reads back as the address, and the forbidden
 * check judges the address, never its spelling.
 */
const spelling = fc
  .record({
    value: fc.integer({ min: 0, max: 0xffffffff }),
    parts: fc.integer({ min: 1, max: 4 }),
    bases: fc.array(fc.constantFrom('dec', 'oct', 'hex', 'HEX'), { minLength: 4, maxLength: 4 }),
  })
  .map(({ value, parts, bases }) => {
    const bytes = [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255];
    const words = [
      ...bytes.slice(0, parts - 1),
      bytes.slice(parts - 1).reduce((sum, byte) => sum * 256 + byte, 0),
    ];
    const text = words
      .map((word, index) => {
        const base = bases[index];
        if (base === 'oct') return `0${word.toString(8)}`;
        if (base === 'hex') return `0x${word.toString(16)}`;
        if (base === 'HEX') return `0X${word.toString(16).toUpperCase()}`;
        return String(word);
      })
      .join('.');
    return { value, text, dotted: bytes.join('.') };
  });

describe('inet_aton spellings', () => {
  it('read back as the address they spell', () => {
    fc.assert(
      fc.property(spelling, ({ value, text }) => {
        expect(inetAton(text)).toBe(value);
      }),
      { numRuns: 2000 },
    );
  }, 30_000);

  it('are refused exactly when the dotted address is', () => {
    fc.assert(
      fc.property(spelling, ({ text, dotted }) => {
        expect(forbiddenDestination(text) === undefined).toBe(forbiddenDestination(dotted) === undefined);
      }),
      { numRuns: 2000 },
    );
  }, 30_000);
});
