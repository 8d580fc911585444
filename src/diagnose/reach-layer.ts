import type { ProbeSession } from './ports.js';
import type { Budget } from './budget.js';
import type { LayerFinding, ProbeAddress } from './diagnosis.js';
import { describeEcho, echo, type Echo } from './icmp.js';
import { transcriptsOf } from './probe.js';
import { connectTcp, describeConnect, type Connect } from './tcp-connect.js';

export interface ReachResult {
  readonly finding: LayerFinding;
  /** The addresses that accepted a TCP connection, the Service first: where the app layer asks. */
  readonly connected: readonly (ProbeAddress & { port: number })[];
  /** Some connect timed out while others (or ICMP) got through: what the path layer looks into. */
  readonly connects: readonly Connect[];
  readonly echo?: Echo;
}

/** Endpoints tried directly, at most: a Service with hundreds does not need each one dialled. */
export const maxEndpoints = 8;

/**
 * The reach layer: ICMP to TO (an endpoint when there are any: a ClusterIP does not answer pings)
 * and a TCP connect to the Service address and to each ready endpoint directly, all at once. A
 * Service that fails while its endpoints connect points at kube-proxy or the Service's ports.
 */
export async function checkReach(
  session: ProbeSession,
  budget: Budget,
  service: ProbeAddress | undefined,
  endpoints: readonly ProbeAddress[],
): Promise<ReachResult> {
  const direct = endpoints.slice(0, maxEndpoints);
  const tcp = [service, ...direct].filter(
    (target): target is ProbeAddress & { port: number } => target?.port !== undefined,
  );
  const icmpTo = direct[0]?.address ?? service?.address;
  const [icmp, ...connects] = await Promise.all([
    icmpTo === undefined ? Promise.resolve(undefined) : echo(session, budget, icmpTo),
    ...tcp.map((target) => connectTcp(session, budget, target)),
  ]);
  const finding = judge(budget, icmp, connects, service, endpoints.length - direct.length);
  return {
    finding: { ...finding, transcripts: transcriptsOf([icmp?.probe, ...connects.map((c) => c.probe)]) },
    connected: connects.filter((connect) => connect.outcome === 'open').map((connect) => connect.target),
    connects,
    ...(icmp ? { echo: icmp } : {}),
  };
}

function judge(
  budget: Budget,
  icmp: Echo | undefined,
  connects: readonly Connect[],
  service: ProbeAddress | undefined,
  notTried: number,
): Omit<LayerFinding, 'transcripts'> {
  const details = [
    ...(icmp ? [describeEcho(icmp)] : []),
    ...connects.map((connect) => `${connect.target.label}: ${describeConnect(connect)}`),
    ...(notTried > 0 ? [`${notTried} more endpoints not dialled (at most ${maxEndpoints})`] : []),
  ];
  const icmpLost = icmp !== undefined && icmp.received === 0;
  if (connects.length === 0) {
    // No port known: ICMP is all that can be tried.
    if (!icmp)
      return { layer: 'reach', status: 'unchecked', evidence: budget.exhausted() ?? 'no address to try' };
    return icmpLost
      ? {
          layer: 'reach',
          status: 'fail',
          evidence: `no port given, and ${describeEcho(icmp)}: give a port to test TCP`,
          details,
        }
      : {
          layer: 'reach',
          status: 'ok',
          evidence: `${describeEcho(icmp)} (no port given: TCP not tried)`,
          details,
        };
  }
  const tried = connects.filter((connect) => connect.outcome !== 'unchecked');
  if (tried.length === 0)
    return { layer: 'reach', status: 'unchecked', evidence: budget.exhausted() ?? 'no connect ran', details };
  const open = tried.filter((connect) => connect.outcome === 'open');
  const viaService = service ? tried.find((connect) => connect.target === service) : undefined;
  const endpointsOpen = open.filter((connect) => connect.target !== service);
  if (viaService && viaService.outcome !== 'open' && endpointsOpen.length > 0) {
    return {
      layer: 'reach',
      status: 'fail',
      evidence: `${describeConnect(viaService)}, while ${endpointsOpen.length} of ${tried.length - 1} endpoints connect directly: the Service's forwarding (kube-proxy) or its port mapping is broken`,
      details,
    };
  }
  if (open.length === 0) {
    const first = tried[0]!;
    const icmpNote =
      icmp && !icmpLost && first.outcome === 'timeout' ? '; ICMP gets through, so the host is up' : '';
    return { layer: 'reach', status: 'fail', evidence: `${describeConnect(first)}${icmpNote}`, details };
  }
  const failing = tried.filter((connect) => connect.outcome !== 'open');
  const summary =
    open.length === 1 ? describeConnect(open[0]!) : `${open.length} of ${tried.length} addresses connect`;
  if (failing.length > 0) {
    return {
      layer: 'reach',
      status: 'warn',
      evidence: `${summary}; ${failing.map((connect) => describeConnect(connect)).join('; ')}`,
      details,
    };
  }
  if (icmpLost)
    return {
      layer: 'reach',
      status: 'warn',
      evidence: `${summary}; ICMP lost but TCP connects: ICMP is filtered`,
      details,
    };
  if (icmp && icmp.received < icmp.sent) {
    return {
      layer: 'reach',
      status: 'warn',
      evidence: `${summary}; ${describeEcho(icmp)}: some loss on the way`,
      details,
    };
  }
  return {
    layer: 'reach',
    status: 'ok',
    evidence: icmp ? `${summary}; ${describeEcho(icmp)}` : summary,
    details,
  };
}
