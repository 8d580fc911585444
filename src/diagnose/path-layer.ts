import { isIP } from 'node:net';
import type { ProbeSession } from './ports.js';
import type { Budget } from './budget.js';
import type { LayerFinding } from './diagnosis.js';
import { echo, type Echo } from './icmp.js';
import { runProbe, transcriptsOf, type Probe } from './probe.js';
import { readTracepath } from './tracepath-output.js';

export interface PathInput {
  readonly address: string;
  /** The layers below failed (reach, app) or went silent after connecting: trace the path. */
  readonly troubled: boolean;
  /** Small ICMP echoes got answers: a lost full-size one is then about its size. */
  readonly smallEchoAnswered: boolean;
  /** The TTL of a small echo's reply: how far away TO is, so tracepath stops there by itself. */
  readonly replyTtl?: number;
}

const traceMs = 8000;

/**
 * The path layer: one echo of FROM's full MTU with DF set (cheap, always when reach ran), and
 * tracepath -n (the hop where the path stops, the path MTU) when a layer below failed or the
 * full-size echo did not come back.
 */
export async function checkPath(
  session: ProbeSession,
  budget: Budget,
  input: PathInput,
): Promise<LayerFinding> {
  const mtu = await interfaceMtu(session, budget, input.address);
  const payload = mtu ? mtu.mtu - (isIP(input.address) === 6 ? 48 : 28) : undefined;
  const big = payload === undefined ? undefined : await echo(session, budget, input.address, payload);
  // A lost full-size echo says something only when small ones come back (ICMP is not filtered).
  const needTrace = input.troubled || (big !== undefined && !bigPassedOf(big) && input.smallEchoAnswered);
  const trace = needTrace
    ? await runProbe(
        session,
        ['stdbuf', '-oL', 'tracepath', '-n', '-m', String(hopsToTrace(input.replyTtl)), input.address],
        budget,
        traceMs,
      )
    : undefined;
  // `ip -j`'s JSON is for the bot: the evidence names the device and its MTU in words instead.
  const transcripts = transcriptsOf([big?.probe, trace]);
  const finding = judge(input, mtu, big, trace);
  if (!finding) {
    return {
      layer: 'path',
      status: 'unchecked',
      evidence: budget.exhausted() ?? 'neither the MTU probe nor tracepath ran',
      transcripts,
    };
  }
  return { ...finding, transcripts };
}

function judge(
  input: PathInput,
  mtu: { mtu: number; device: string } | undefined,
  big: Echo | undefined,
  trace: Probe | undefined,
): Omit<LayerFinding, 'transcripts'> | undefined {
  const traced = trace ? readTracepath(trace.output) : undefined;
  const told = big ? /mtu ?=? ?(\d+)/.exec(big.probe.output)?.[1] : undefined;
  const size = mtu ? `${mtu.mtu} bytes (the MTU of ${mtu.device})` : 'full size';
  const details = traced?.hops.map((hop) => `hop ${hop.hop}: ${hop.address}`) ?? [];
  const lastHop = traced?.hops.filter((hop) => hop.address !== input.address).pop();
  const after = lastHop ? ` after hop ${lastHop.hop} (${lastHop.address})` : '';
  if (big && big.received === 0 && big.errors === 0 && input.smallEchoAnswered) {
    return {
      layer: 'path',
      status: 'fail',
      evidence: `packets of ${size} with DF set are lost without an ICMP "fragmentation needed", while small ones pass: an MTU black hole${after}`,
      details,
    };
  }
  const pmtu = told ? Number(told) : traced?.pmtu;
  if (pmtu !== undefined && mtu && pmtu < mtu.mtu) {
    const where = traced?.pmtuDropAt ? ` at hop ${traced.pmtuDropAt.hop} (${traced.pmtuDropAt.address})` : '';
    return {
      layer: 'path',
      status: 'warn',
      evidence: `path MTU ${pmtu}${where}, below the ${mtu.mtu} of ${mtu.device}: senders are told ("fragmentation needed" comes back), so TCP adapts; DF packets above ${pmtu} bytes are refused`,
      details,
    };
  }
  if (traced && !traced.reached && input.troubled) {
    return {
      layer: 'path',
      status: 'fail',
      evidence: `the path stops${after || ' at the first hop'}: nothing answers beyond it (path MTU ${traced.pmtu ?? 'unknown'})`,
      details,
    };
  }
  if (traced?.reached) {
    const hops = traced.hops.length;
    return {
      layer: 'path',
      status: 'ok',
      evidence: `the path reaches ${input.address} in ${hops} hop${hops === 1 ? '' : 's'}, path MTU ${traced.pmtu ?? 'unknown'}${input.troubled ? ': the trouble is at the destination itself' : ''}`,
      details,
    };
  }
  if (bigPassedOf(big)) {
    return { layer: 'path', status: 'ok', evidence: `packets of ${size} with DF set get through` };
  }
  return undefined;
}

/**
 * One hop past TO when its echo's reply TTL tells the distance (a reply starts at 64, 128 or 255 and
 * loses one a router), else 8: each silent hop costs tracepath seconds of the bound. stdbuf keeps its
 * lines coming when the bound ends it before it is done.
 */
export function hopsToTrace(replyTtl: number | undefined): number {
  if (replyTtl === undefined) return 8;
  const initial = [64, 128, 255].find((start) => start >= replyTtl) ?? 255;
  return Math.min(8, initial - replyTtl + 2);
}

function bigPassedOf(big: Echo | undefined): boolean {
  return big !== undefined && big.received > 0;
}

/** The device and MTU FROM sends on toward the address (`ip -j route get`, then `ip -j link show`). */
async function interfaceMtu(
  session: ProbeSession,
  budget: Budget,
  address: string,
): Promise<{ mtu: number; device: string; probe: Probe } | undefined> {
  const route = await runProbe(session, ['ip', '-j', 'route', 'get', address], budget, 1500);
  const device = route ? (parseJson(route.result.stdout)?.[0]?.dev as string | undefined) : undefined;
  if (!device) return undefined;
  const link = await runProbe(session, ['ip', '-j', 'link', 'show', 'dev', device], budget, 1500);
  const mtu = link ? (parseJson(link.result.stdout)?.[0]?.mtu as number | undefined) : undefined;
  return typeof mtu === 'number' ? { mtu, device, probe: link! } : undefined;
}

function parseJson(text: string): Record<string, unknown>[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as Record<string, unknown>[]) : undefined;
  } catch {
    // dropped: not JSON (an ip too old for -j, or an error message): the MTU is then unknown, and
    // the path layer says the MTU probe could not run.
    return undefined;
  }
}
