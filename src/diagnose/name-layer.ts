import { isIP } from 'node:net';
import type { ProbeSession } from './ports.js';
import type { Budget } from './budget.js';
import type { Destination } from './destination.js';
import type { ApiView, LayerFinding } from './diagnosis.js';
import { runProbe, transcriptsOf, type Probe } from './probe.js';

export interface NameResult {
  readonly finding: LayerFinding;
  /** Where TO is, for the probes above; empty when the name layer failed. */
  readonly addresses: readonly string[];
}

/** getent waits out the resolver's own timeouts (5 s a try); more than this is a resolver problem anyway. */
const lookupMs = 4000;
const explainMs = 3000;

/**
 * The name layer: TO through FROM's own resolver, search domains included (getent ahosts asks the
 * C library as the application would, /etc/hosts too); compared with what the API says TO's names
 * should resolve to. An address has nothing to resolve; a target's address comes from its executor.
 */
export async function checkName(
  session: ProbeSession,
  budget: Budget,
  to: Destination,
  api: ApiView | undefined,
  resolveTarget: () => Promise<string>,
): Promise<NameResult> {
  if (to.kind === 'address') {
    return { finding: ok(`${to.address} is an address: nothing to resolve`), addresses: [to.address] };
  }
  if (to.kind === 'target') return checkTarget(session, budget, to.written, api, resolveTarget);
  const lookup = await lookUp(session, budget, to.name);
  if (!lookup) return unchecked(budget);
  if (lookup.addresses.length === 0) return notResolved(session, budget, to.name, lookup.probe);
  const expected = api?.expectedName?.addresses ?? [];
  const transcripts = transcriptsOf([lookup.probe]);
  if (expected.length > 0 && !lookup.addresses.some((address) => expected.includes(address))) {
    return {
      finding: {
        layer: 'name',
        status: 'fail',
        evidence: `${to.name} resolves to ${lookup.addresses.join(', ')}, not ${expected.join(', ')}, the address the API gives for it`,
        transcripts,
      },
      addresses: [],
    };
  }
  return {
    finding: {
      layer: 'name',
      status: 'ok',
      evidence: `${to.name} → ${lookup.addresses.join(', ')}`,
      transcripts,
    },
    addresses: lookup.addresses,
  };
}

async function checkTarget(
  session: ProbeSession,
  budget: Budget,
  written: string,
  api: ApiView | undefined,
  resolveTarget: () => Promise<string>,
): Promise<NameResult> {
  let address: string;
  try {
    address = await resolveTarget();
  } catch (error) {
    const said = error instanceof Error ? error.message : String(error);
    return {
      finding: { layer: 'name', status: 'fail', evidence: `${written} has no address: ${said}` },
      addresses: [],
    };
  }
  const name = api?.expectedName?.names[0];
  const expected = api?.expectedName?.addresses ?? [];
  const base = `${written} is a target: its address ${address} comes from the API, not a resolver`;
  if (name === undefined || expected.length === 0) return { finding: ok(base), addresses: [address] };
  // The user named a target, so its address is known either way; whether its name resolves is what
  // an application calling it by name would meet: a warning, not the verdict.
  const lookup = await lookUp(session, budget, name);
  const transcripts = transcriptsOf([lookup?.probe]);
  if (lookup && lookup.addresses.some((found) => expected.includes(found))) {
    return {
      finding: {
        layer: 'name',
        status: 'ok',
        evidence: `${base}; ${name} → ${lookup.addresses.join(', ')} from here too`,
        transcripts,
      },
      addresses: [address],
    };
  }
  const found = lookup ? lookup.addresses.join(', ') || 'nothing' : 'nothing in time';
  return {
    finding: {
      layer: 'name',
      status: 'warn',
      evidence: `${base}; but ${name} resolves to ${found} from here, not ${expected.join(', ')}`,
      transcripts,
    },
    addresses: [address],
  };
}

async function lookUp(
  session: ProbeSession,
  budget: Budget,
  name: string,
): Promise<{ probe: Probe; addresses: string[] } | undefined> {
  const probe = await runProbe(session, ['getent', 'ahosts', name], budget, lookupMs);
  if (!probe) return undefined;
  const found =
    probe.result.exitCode === 0
      ? probe.result.stdout.split('\n').map((line) => line.split(/\s+/)[0] ?? '')
      : [];
  const unique = [...new Set(found.filter((word) => isIP(word) !== 0))];
  // IPv4 first: the probes above (ping, nc) then try the family the test networks use.
  unique.sort((a, b) => isIP(a) - isIP(b));
  return { probe, addresses: unique };
}

/** Why a name did not resolve, from dig (NXDOMAIN, or no server answered) and the resolver's config. */
async function notResolved(
  session: ProbeSession,
  budget: Budget,
  name: string,
  lookup: Probe,
): Promise<NameResult> {
  const [dig, config] = await Promise.all([
    runProbe(session, ['dig', '+search', '+showsearch', '+time=2', '+tries=1', name, 'A'], budget, explainMs),
    runProbe(session, ['cat', '/etc/resolv.conf'], budget, 1000),
  ]);
  const resolver = config ? resolverOf(config.result.stdout) : undefined;
  const why = dig ? digReason(dig.output) : 'the resolver did not say why in time';
  const via = resolver
    ? ` (nameserver ${resolver.nameservers.join(', ') || 'none'}${resolver.search.length > 0 ? `, search ${resolver.search.join(' ')}` : ''})`
    : '';
  return {
    finding: {
      layer: 'name',
      status: 'fail',
      evidence: `${name} does not resolve from here: ${why}${via}`,
      transcripts: transcriptsOf([lookup, dig, config]),
    },
    addresses: [],
  };
}

/**
 * Why, from dig +search +showsearch: each name it tried (the search domains, then the name alone)
 * with its status: "nosuch.test.internal NXDOMAIN, nosuch. REFUSED (from 198.18.1.2): the name
 * does not exist".
 */
export function digReason(output: string): string {
  const tried = [...output.matchAll(/status: ([A-Z]+)[\s\S]*?QUESTION SECTION:\n;(\S+)/g)].map(
    ([, status, name]) => `${name} ${status}`,
  );
  const server = /;; SERVER: ([^#\s]+)/.exec(output)?.[1];
  const from = server ? ` (from ${server})` : '';
  if (tried.length === 0) {
    return /no servers could be reached|timed out/.test(output)
      ? 'no DNS server answered'
      : 'the lookup failed';
  }
  if (tried.some((entry) => entry.endsWith(' NXDOMAIN')))
    return `${tried.join(', ')}${from}: the name does not exist`;
  if (tried.every((entry) => entry.endsWith(' NOERROR')))
    return `${tried.join(', ')}${from}: the name exists but has no address record`;
  return `${tried.join(', ')}${from}`;
}

export function resolverOf(text: string): { nameservers: string[]; search: string[] } {
  const lines = text.split('\n').map((line) => line.trim().split(/\s+/));
  return {
    nameservers: lines.filter(([key]) => key === 'nameserver').map((words) => words[1] ?? ''),
    search: lines.filter(([key]) => key === 'search').flatMap((words) => words.slice(1)),
  };
}

function ok(evidence: string): LayerFinding {
  return { layer: 'name', status: 'ok', evidence };
}

function unchecked(budget: Budget): NameResult {
  const why = budget.exhausted() ?? 'the lookup could not run';
  return { finding: { layer: 'name', status: 'unchecked', evidence: why }, addresses: [] };
}
