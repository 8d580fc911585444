import type { ProbeSession } from './ports.js';
import type { Budget } from './budget.js';
import { runProbe, type Probe } from './probe.js';

export interface Echo {
  readonly address: string;
  readonly sent: number;
  readonly received: number;
  /** `+2 errors`: ICMP errors came back instead of replies (Frag needed, unreachable). */
  readonly errors: number;
  /** The TTL of the first reply, when one came. */
  readonly ttl?: number;
  readonly probe: Probe;
}

/**
 * `ping -c 3 -i 0.2 -W 1 -w 2`: three echoes in under a second, bounded as a whole by -w. With
 * `payload`, one size with DF set (-M do): does a packet of the path's full size get through?
 */
export async function echo(
  session: ProbeSession,
  budget: Budget,
  address: string,
  payload?: number,
): Promise<Echo | undefined> {
  const size = payload === undefined ? [] : ['-M', 'do', '-s', String(payload)];
  const argv = ['ping', '-n', '-c', '3', '-i', '0.2', '-W', '1', '-w', '2', ...size, address];
  const probe = await runProbe(session, argv, budget, 3000);
  if (!probe) return undefined;
  const stats = /(\d+) packets transmitted, (\d+) received(?:, \+(\d+) errors)?/.exec(probe.output);
  const ttl = /ttl=(\d+)/.exec(probe.output)?.[1];
  return {
    address,
    ...(ttl === undefined ? {} : { ttl: Number(ttl) }),
    sent: Number(stats?.[1] ?? 0),
    received: Number(stats?.[2] ?? 0),
    errors: Number(stats?.[3] ?? 0),
    probe,
  };
}

/** `3 of 3 ICMP echoes answered`. */
export function describeEcho(result: Echo): string {
  return `${result.received} of ${result.sent || 3} ICMP echoes to ${result.address} answered`;
}
