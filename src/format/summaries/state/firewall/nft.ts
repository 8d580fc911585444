import type { Measure, Summarizer, Summary } from '../../summary.js';
import { plural } from '../json.js';

interface Chain {
  readonly table: string;
  readonly name: string;
  hook: string;
  policy: string;
  rules: number;
}

interface NftSet {
  readonly table: string;
  readonly name: string;
  elements: number;
}

interface Ruleset {
  readonly tables: string[];
  readonly chains: Chain[];
  readonly sets: NftSet[];
}

/** `nft list ruleset` as text: tables, chains with hook and policy, rules (the other lines of a chain), sets. */
function readText(text: string): Ruleset {
  const ruleset: Ruleset = { tables: [], chains: [], sets: [] };
  let table = '';
  let chain: Chain | undefined;
  let set: NftSet | undefined;
  let inElements = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const tableMatch = /^table (\S+ \S+|\S+) \{$/.exec(line);
    if (tableMatch) {
      table = tableMatch[1] ?? '';
      ruleset.tables.push(table);
      continue;
    }
    const chainMatch = /^chain (\S+) \{$/.exec(line);
    if (chainMatch) {
      chain = { table, name: chainMatch[1] ?? '', hook: '', policy: '', rules: 0 };
      ruleset.chains.push(chain);
      continue;
    }
    const setMatch = /^(?:set|map) (\S+) \{$/.exec(line);
    if (setMatch) {
      set = { table, name: setMatch[1] ?? '', elements: 0 };
      ruleset.sets.push(set);
      continue;
    }
    if (set) {
      // elements = { a, b,\n c }: count the items up to the closing brace.
      const start = /^elements = \{(.*)$/.exec(line);
      const listed: string | undefined = start ? start[1] : inElements ? line : undefined;
      if (listed !== undefined) {
        set.elements += listed
          .replace(/\}.*$/, '')
          .split(',')
          .filter((element: string) => element.trim() !== '').length;
        inElements = !listed.includes('}');
        continue;
      }
      if (line === '}') set = undefined;
      continue;
    }
    if (!chain) continue;
    if (line === '}') {
      chain = undefined;
      continue;
    }
    const base = /^type \S+ hook (\S+)(?: device \S+)? priority [^;]+;(?: policy (\w+);)?/.exec(line);
    if (base) {
      chain.hook = base[1] ?? '';
      chain.policy = base[2] ?? (chain.hook ? 'accept' : '');
    } else if (line !== '' && !line.startsWith('#') && !line.startsWith('comment ')) chain.rules += 1;
  }
  return ruleset;
}

/** `nft -j list ...`: {"nftables": [{"table": ...}, {"chain": ...}, {"rule": ...}, {"set": ...}]}. */
function readJson(text: string): Ruleset | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // dropped: not nft's JSON (cut short); the raw output speaks.
    return undefined;
  }
  const items = (parsed as { nftables?: unknown }).nftables;
  if (!Array.isArray(items)) return undefined;
  const ruleset: Ruleset = { tables: [], chains: [], sets: [] };
  const str = (value: unknown) =>
    typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  for (const item of items as Record<string, Record<string, unknown> | undefined>[]) {
    if (item.table) ruleset.tables.push(`${str(item.table.family)} ${str(item.table.name)}`);
    if (item.chain) {
      const c = item.chain;
      ruleset.chains.push({
        table: `${str(c.family)} ${str(c.table)}`,
        name: str(c.name),
        hook: str(c.hook),
        policy: str(c.policy),
        rules: 0,
      });
    }
    if (item.rule) {
      const r = item.rule;
      const owner = ruleset.chains.find(
        (c) => c.table === `${str(r.family)} ${str(r.table)}` && c.name === str(r.chain),
      );
      if (owner) owner.rules += 1;
    }
    const set = item.set ?? item.map;
    if (set) {
      ruleset.sets.push({
        table: `${str(set.family)} ${str(set.table)}`,
        name: str(set.name),
        elements: Array.isArray(set.elem) ? set.elem.length : 0,
      });
    }
  }
  return ruleset;
}

/** "inet filter" -> "inet.filter": a measure key without spaces. */
const keyOf = (table: string) => table.replace(/\s+/g, '.');

/** nft list ...: tables, chains with their hooks, policies and rule counts; sets and their sizes. */
export const summarizeNft: Summarizer = (result): Summary | undefined => {
  if (result.exitCode !== 0) return undefined;
  const ruleset = result.argv.includes('-j') ? readJson(result.stdout) : readText(result.stdout);
  if (!ruleset || (ruleset.tables.length === 0 && ruleset.chains.length === 0)) {
    return result.stdout.trim() === '' && result.argv.includes('ruleset')
      ? {
          tone: 'ok',
          headline: 'empty ruleset',
          facts: [],
          measures: [{ key: 'rules', label: 'rules', value: 0 }],
        }
      : undefined;
  }
  const rules = ruleset.chains.reduce((sum, chain) => sum + chain.rules, 0);
  const dropping = ruleset.chains.filter((chain) => chain.policy === 'drop');
  return {
    tone: 'ok',
    headline: `${plural(rules, 'rule')} in ${plural(ruleset.chains.length, 'chain')}, ${plural(ruleset.tables.length, 'table')}${
      dropping.length > 0 ? `; ${dropping.map((chain) => `${chain.name} policy drop`).join(', ')}` : ''
    }`,
    facts: dropping.map(
      (chain) => `${chain.table} ${chain.name} drops what no rule accepts (hook ${chain.hook})`,
    ),
    tables: [
      {
        columns: ['table', 'chain', 'hook', 'policy', 'rules'],
        rows: ruleset.chains.map((chain) => [
          chain.table,
          chain.name,
          chain.hook || '-',
          chain.policy || '-',
          String(chain.rules),
        ]),
        align: ['left', 'left', 'left', 'left', 'right'],
      },
      ...(ruleset.sets.length > 0
        ? [
            {
              title: 'sets',
              columns: ['table', 'set', 'elements'],
              rows: ruleset.sets.map((set) => [set.table, set.name, String(set.elements)]),
              align: ['left', 'left', 'right'] as const,
            },
          ]
        : []),
    ],
    measures: [
      { key: 'rules', label: 'rules', value: rules },
      ...ruleset.chains.flatMap((chain): Measure[] => [
        {
          key: `rules.${keyOf(chain.table)}.${chain.name}`,
          label: `${chain.name} rules`,
          value: chain.rules,
        },
        ...(chain.policy
          ? [
              {
                key: `policy.${keyOf(chain.table)}.${chain.name}`,
                label: `${chain.name} policy`,
                value: chain.policy,
              },
            ]
          : []),
      ]),
      ...ruleset.sets.map((set) => ({
        key: `set.${keyOf(set.table)}.${set.name}`,
        label: `${set.name} elements`,
        value: set.elements,
      })),
    ],
  };
};
