import type { Summary } from '../../summary.js';
import { plural, text } from '../json.js';

/** Selector fields of a rule, as `ip rule` writes them. */
const selectors: readonly [string, string][] = [
  ['src', 'from'],
  ['dst', 'to'],
  ['fwmark', 'fwmark'],
  ['iif', 'iif'],
  ['oif', 'oif'],
  ['ipproto', 'ipproto'],
  ['sport', 'sport'],
  ['dport', 'dport'],
  ['uidrange', 'uidrange'],
];

/** `ip -j rule show`: the policy routing rules in the order the kernel tries them. */
export function summarizeRules(items: readonly Record<string, unknown>[]): Summary {
  const rules = items.map((item) => {
    const prefix = (field: string) =>
      item[`${field}len`] !== undefined ? `/${text(item[`${field}len`])}` : '';
    const match = selectors
      .filter(([field]) => item[field] !== undefined)
      .map(([field, word]) => `${word} ${text(item[field])}${prefix(field)}`)
      .join(' ');
    const action =
      item.table !== undefined ? `lookup ${text(item.table)}` : text(item.action) || text(item.type);
    return {
      priority: text(item.priority),
      match: `${item.not !== undefined ? 'not ' : ''}${match}`,
      action,
    };
  });
  // Only local, main and default: the namespace routes by its main table alone.
  const custom = rules.filter(
    (rule) => !['lookup local', 'lookup main', 'lookup default'].includes(rule.action),
  );
  return {
    tone: 'ok',
    headline:
      custom.length === 0
        ? `${plural(rules.length, 'rule')}, the standard local, main and default tables`
        : `${plural(rules.length, 'rule')}, ${custom.length} beyond the standard tables`,
    facts: [],
    tables: [
      {
        columns: ['priority', 'match', 'action'],
        rows: rules.map((rule) => [rule.priority, rule.match, rule.action]),
        align: ['right', 'left', 'left'],
      },
    ],
    measures: [{ key: 'rules', label: 'rules', value: rules.length }],
  };
}
