import type { Measure, SummaryTone } from '../summary.js';

// What a path's hops say, for mtr, traceroute, tracepath and tcptraceroute alike: the destination
// answered, or the path stops after the last hop that did (a blackhole, a firewall, a missing route).

export interface PathHop {
  readonly hop: number;
  /** The address (or name) that answered; undefined for a hop where nothing did ("* * *", "???"). */
  readonly host?: string;
  /** A router's ICMP error: "!H" host unreachable, "!N" network, "!X" administratively prohibited. */
  readonly unreachable?: string;
}

const unreachableWords: Readonly<Record<string, string>> = {
  '!H': 'host unreachable',
  '!N': 'network unreachable',
  '!P': 'protocol unreachable',
  '!S': 'source route failed',
  '!F': 'fragmentation needed',
  '!X': 'administratively prohibited',
  '!V': 'host precedence violation',
  '!C': 'precedence cutoff',
};

export interface PathVerdict {
  readonly tone: SummaryTone;
  readonly headline?: string;
  readonly reached: boolean;
  /** The last hop that answered, if any. */
  readonly lastAnswer?: PathHop;
}

/**
 * Reached: the destination answered at some hop. Not reached: "no reply after hop 3 (10.0.0.1)",
 * or "host unreachable at hop 2 (10.0.0.1)" when a router said so, or "no hop answered".
 */
export function judgePath(hops: readonly PathHop[], destination: string, reachedHint = false): PathVerdict {
  const answered = hops.filter((hop) => hop.host !== undefined);
  const lastAnswer = answered[answered.length - 1];
  const reached = reachedHint || answered.some((hop) => hop.host === destination && !hop.unreachable);
  if (reached) return { tone: 'ok', reached, ...(lastAnswer ? { lastAnswer } : {}) };
  const refusal = hops.find((hop) => hop.unreachable);
  if (refusal)
    return {
      tone: 'broken',
      reached,
      headline: `${unreachableWords[refusal.unreachable ?? ''] ?? refusal.unreachable} at hop ${refusal.hop}${refusal.host ? ` (${refusal.host})` : ''}`,
      ...(lastAnswer ? { lastAnswer } : {}),
    };
  if (!lastAnswer)
    return { tone: 'broken', reached, headline: `no hop answered on the way to ${destination}` };
  return {
    tone: 'broken',
    reached,
    headline: `no reply after hop ${lastAnswer.hop} (${lastAnswer.host ?? '?'}), ${destination} not reached`,
    lastAnswer,
  };
}

/** Where the path stops, for "what changed" (none when the destination answered): one key for every path tool. */
export function pathStopsMeasures(verdict: PathVerdict): Measure[] {
  return verdict.reached
    ? []
    : [{ key: 'path.stops', label: 'path stops after hop', value: verdict.lastAnswer?.hop ?? 0 }];
}
