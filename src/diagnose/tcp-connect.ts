import type { ProbeSession } from './ports.js';
import type { Budget } from './budget.js';
import type { ProbeAddress } from './diagnosis.js';
import { runProbe, toolSeconds, type Probe } from './probe.js';

/**
 * What a TCP connect found. Refused and timed out point at different faults: a refusal is an
 * answer (nothing listens there: the listener is missing or the port is wrong), silence is a drop
 * (a firewall, a NetworkPolicy, a host that is down).
 */
export type ConnectOutcome = 'open' | 'refused' | 'timeout' | 'unreachable' | 'failed' | 'unchecked';

export interface Connect {
  readonly target: ProbeAddress & { readonly port: number };
  readonly outcome: ConnectOutcome;
  readonly probe?: Probe;
  readonly waitedSeconds: number;
}

const connectMs = 4000;

/** `nc -z -v -w N ADDRESS PORT`: connect and close, nothing sent. */
export async function connectTcp(
  session: ProbeSession,
  budget: Budget,
  target: ProbeAddress & { readonly port: number },
): Promise<Connect> {
  let waitedSeconds = 0;
  const probe = await runProbe(
    session,
    (grantedMs) => {
      waitedSeconds = toolSeconds(grantedMs);
      return ['nc', '-z', '-v', '-n', '-w', String(waitedSeconds), target.address, String(target.port)];
    },
    budget,
    connectMs,
  );
  if (!probe) return { target, outcome: 'unchecked', waitedSeconds };
  return { target, outcome: outcomeOf(probe), probe, waitedSeconds };
}

export function outcomeOf(probe: Probe): ConnectOutcome {
  // Killed by a cancel, it found nothing: not a failure of the connection.
  if (probe.result.canceled) return 'unchecked';
  if (probe.result.exitCode === 0 && !probe.result.timedOut) return 'open';
  if (/Connection refused/i.test(probe.output)) return 'refused';
  if (/No route to host|Network is unreachable|Host is unreachable/i.test(probe.output)) return 'unreachable';
  if (probe.result.timedOut || /timed out|Operation now in progress/i.test(probe.output)) return 'timeout';
  return 'failed';
}

/** `198.18.1.2:5432 refused the connection: nothing listens on 5432 there (a listener missing or a wrong port)`. */
export function describeConnect({ target, outcome, waitedSeconds, probe }: Connect): string {
  const where = `${target.address}:${target.port}`;
  switch (outcome) {
    case 'open':
      return `${where} connects`;
    case 'refused':
      return `${where} refused the connection: nothing listens on ${target.port} there (a listener missing or a wrong port)`;
    case 'timeout':
      return `${where} did not answer within ${waitedSeconds} s: the SYN is dropped on the way (a firewall or a policy), or the host is down`;
    case 'unreachable':
      return `${where} is unreachable (${lastLine(probe)}): a firewall rejects it, or nothing is at that address`;
    case 'failed':
      return `${where} could not be tried: ${lastLine(probe)}`;
    case 'unchecked':
      return `${where} was not tried: no time left`;
  }
}

function lastLine(probe: Probe | undefined): string {
  return probe?.output.trim().split('\n').pop() ?? 'no output';
}
