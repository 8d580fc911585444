import type { Measure, Summarizer, Summary } from '../../summary.js';
import { plural } from '../json.js';

interface Chain {
  readonly name: string;
  /** ACCEPT, DROP, ... for a built-in chain; '' for a user chain. */
  policy: string;
  rules: number;
  /** Packets matched by the chain's DROP and REJECT rules (-v only). */
  dropped: number;
}

/** `iptables -L [-n] [-v]`: "Chain X (policy P ...)" headers, a column header, one line a rule. */
function readList(text: string): Chain[] {
  const chains: Chain[] = [];
  let current: Chain | undefined;
  let verbose = false;
  for (const line of text.split('\n')) {
    const header = /^Chain (\S+) \((?:policy (\w+)|\d+ references)/.exec(line);
    if (header) {
      current = { name: header[1] ?? '', policy: header[2] ?? '', rules: 0, dropped: 0 };
      chains.push(current);
      continue;
    }
    if (!current || line.trim() === '') continue;
    if (/^\s*(pkts\s+bytes\s+)?target\s+prot/.test(line)) {
      verbose = /pkts/.test(line);
      continue;
    }
    current.rules += 1;
    const words = line.trim().split(/\s+/);
    const target = verbose ? words[2] : words[0];
    if (verbose && (target === 'DROP' || target === 'REJECT'))
      current.dropped += counterValue(words[0] ?? '0');
  }
  return chains;
}

/** iptables -v abbreviates counters: 12K, 3M. */
function counterValue(word: string): number {
  const match = /^(\d+)([KMGT]?)$/.exec(word);
  if (!match) return 0;
  const scale = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12 }[match[2] ?? ''] ?? 1;
  return Number(match[1]) * scale;
}

/** `iptables -S`: "-P CHAIN POLICY", "-N CHAIN", "-A CHAIN ...". */
function readRules(text: string): Chain[] {
  const chains = new Map<string, Chain>();
  const chain = (name: string) => {
    const found = chains.get(name) ?? { name, policy: '', rules: 0, dropped: 0 };
    chains.set(name, found);
    return found;
  };
  for (const line of text.split('\n')) {
    const [flag, name, policy] = line.trim().split(/\s+/);
    if (!name) continue;
    if (flag === '-P') chain(name).policy = policy ?? '';
    else if (flag === '-N') chain(name);
    else if (flag === '-A') chain(name).rules += 1;
  }
  return [...chains.values()];
}

/** iptables/ip6tables -L or -S: rules per chain, the policies, and DROP policies said. */
export const summarizeIptables: Summarizer = (result): Summary | undefined => {
  if (result.exitCode !== 0) return undefined;
  const chains = result.argv.includes('-S') ? readRules(result.stdout) : readList(result.stdout);
  if (chains.length === 0) return undefined;
  const tableName = result.argv.includes('-t')
    ? (result.argv[result.argv.indexOf('-t') + 1] ?? 'filter')
    : 'filter';
  const rules = chains.reduce((sum, chain) => sum + chain.rules, 0);
  const dropping = chains.filter((chain) => chain.policy === 'DROP' || chain.policy === 'REJECT');
  const dropped = chains.reduce((sum, chain) => sum + chain.dropped, 0);
  const showDropped = chains.some((chain) => chain.dropped > 0);
  return {
    tone: 'ok',
    headline: `${plural(rules, 'rule')} in ${plural(chains.length, 'chain')} (${tableName})${
      dropping.length > 0
        ? `, ${dropping.map((chain) => `${chain.name} policy ${chain.policy}`).join(', ')}`
        : ''
    }`,
    facts: [
      ...dropping.map((chain) => `${chain.name} drops what no rule accepts (policy ${chain.policy})`),
      ...(dropped > 0 ? [`DROP and REJECT rules matched ${dropped} packets`] : []),
    ],
    tables: [
      {
        columns: ['chain', 'policy', 'rules', ...(showDropped ? ['dropped pkts'] : [])],
        rows: chains.map((chain) => [
          chain.name,
          chain.policy || '-',
          String(chain.rules),
          ...(showDropped ? [String(chain.dropped)] : []),
        ]),
        align: ['left', 'left', 'right', 'right'],
      },
    ],
    measures: [
      { key: `rules.${tableName}`, label: `${tableName} rules`, value: rules },
      ...chains.flatMap((chain): Measure[] => [
        { key: `rules.${tableName}.${chain.name}`, label: `${chain.name} rules`, value: chain.rules },
        ...(chain.policy
          ? [{ key: `policy.${tableName}.${chain.name}`, label: `${chain.name} policy`, value: chain.policy }]
          : []),
      ]),
    ],
  };
};
