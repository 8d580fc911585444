import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CalicoSelectorError, parseCalicoSelector } from '../../../../src/diagnose/policy/calico-selector.js';

// Expressions from Calico's selector reference (docs.tigera.io, reference/resources/networkpolicy,
// "Selectors") and its automatic-labels page, judged against pod labels.

const labels = { role: 'frontend', 'my-label': 'production', 'projectcalico.org/namespace': 'shop' };
const matches = (selector: string, on: Record<string, string> = labels) =>
  parseCalicoSelector(selector).matches(on);

describe('parseCalicoSelector', () => {
  it.each([
    ["role == 'frontend'", true],
    ['role == "frontend"', true],
    ["role=='backend'", false],
    ["role != 'backend'", true],
    ["missing != 'x'", true],
    ['has(role)', true],
    ['has(missing)', false],
    ['!has(missing)', true],
    ["role in { 'frontend', 'business' }", true],
    ["role in {'business'}", false],
    ["role not in {'business'}", true],
    ["missing not in {'business'}", true],
    ["missing in {'business'}", false],
    ["my-label contains 'duct'", true],
    ["my-label starts with 'prod'", true],
    ["my-label ends with 'tion'", true],
    ["missing starts with ''", false],
    ['all()', true],
    ['!all()', false],
    ['', true],
    ['global()', false],
    ["projectcalico.org/namespace == 'shop'", true],
    ["role == 'frontend' && has(missing)", false],
    ["role == 'backend' || has(role)", true],
    ["!(role == 'frontend')", false],
  ])('%s matches pod labels: %s', (selector, expected) => {
    expect(matches(selector)).toBe(expected);
  });

  it('binds ! tighter than && and && tighter than || (the docs example)', () => {
    const selector = "! has(my-label) || my-label starts with 'prod' && role in {'frontend','business'}";
    expect(matches(selector, {})).toBe(true);
    expect(matches(selector, { 'my-label': 'production', role: 'business' })).toBe(true);
    expect(matches(selector, { 'my-label': 'production', role: 'db' })).toBe(false);
    expect(matches(selector, { 'my-label': 'staging', role: 'frontend' })).toBe(false);
  });

  it('does not read a label that begins with a keyword as the keyword', () => {
    expect(matches("internal == 'yes'", { internal: 'yes' })).toBe(true);
    expect(matches("hasty == 'yes'", { hasty: 'yes' })).toBe(true);
  });

  it('matches global() only for non-namespaced resources', () => {
    expect(parseCalicoSelector('global()').matches({}, true)).toBe(true);
  });

  it.each([
    "role = 'x'",
    'role == x',
    "role == 'x",
    'has(role',
    "role in {'a'",
    "(role == 'a'",
    "role not 'a'",
    '&&',
  ])('refuses %s with the place it stopped', (selector) => {
    expect(() => parseCalicoSelector(selector)).toThrow(CalicoSelectorError);
  });

  it('says where a selector stops parsing and what it expected', () => {
    expect(() => parseCalicoSelector("role = 'x'")).toThrow(
      'Calico selector "role = \'x\'" does not parse at character 6: expected ==, !=, in, not in, contains, starts with or ends with',
    );
  });

  it('agrees with a direct reading of == and != for any label value', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9.-]{0,8}$/),
        fc.stringMatching(/^[a-z0-9.-]{0,8}$/),
        (value, actual) => {
          const on = { app: actual };
          expect(matches(`app == '${value}'`, on)).toBe(actual === value);
          expect(matches(`app != '${value}'`, on)).toBe(actual !== value);
          expect(matches(`!(app == '${value}')`, on)).toBe(matches(`app != '${value}'`, on));
        },
      ),
    );
  });
});
