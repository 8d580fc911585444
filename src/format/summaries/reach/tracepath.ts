import type { Measure, PartialOutput, Summarizer, TextTable } from '../summary.js';
import { judgePath, type PathHop, pathStopsMeasures } from './hop-verdict.js';
import { formatMs } from './numbers.js';

// iputils tracepath: two probe lines a hop, " 2:  10.0.0.1   1.234ms asymm  3", "reached" at the
// destination, "pmtu N" where the path MTU drops, and "Resume: pmtu 1400 hops 2 back 2" at the end.

interface Probe {
  readonly hop: number;
  readonly host?: string;
  readonly ms?: number;
  readonly reached: boolean;
  readonly unreachable?: string;
  readonly pmtu?: number;
}

function probesOf(stdout: string): Probe[] {
  return stdout.split('\n').flatMap((line): Probe[] => {
    const match = /^\s*(\d+)(\??):\s+(.*)$/.exec(line);
    if (!match || (match[3] ?? '').startsWith('[LOCALHOST]')) return [];
    const rest = match[3] ?? '';
    const hop = Number(match[1]);
    if (rest.startsWith('no reply')) return [{ hop, reached: false }];
    const fields = /^(\S+)(?:\s+\([^)]*\))?\s+([\d.]+)ms(.*)$/.exec(rest);
    if (!fields) return [];
    const tail = fields[3] ?? '';
    const pmtu = /pmtu (\d+)/.exec(tail)?.[1];
    const unreachable = /(!\w+)/.exec(tail)?.[1];
    return [
      {
        hop,
        host: fields[1] ?? '',
        ms: Number(fields[2]),
        reached: /\breached\b/.test(tail),
        ...(unreachable ? { unreachable } : {}),
        ...(pmtu ? { pmtu: Number(pmtu) } : {}),
      },
    ];
  });
}

/** One row a hop: the first address that answered it, the best time of its probes. */
function hopsOf(
  probes: readonly Probe[],
): (PathHop & { best?: number; reached: boolean; pmtu?: number; pmtuFrom?: string })[] {
  const numbers = [...new Set(probes.map((probe) => probe.hop))];
  return numbers.map((hop) => {
    const own = probes.filter((probe) => probe.hop === hop);
    // The probe that reached the destination names the hop; a "pmtu" line on the same hop comes
    // from the router before it, which sent "frag needed".
    const answered = own.find((probe) => probe.reached) ?? own.find((probe) => probe.host !== undefined);
    const times = own.flatMap((probe) => (probe.ms !== undefined ? [probe.ms] : []));
    const unreachable = own.find((probe) => probe.unreachable)?.unreachable;
    const lowered = own.find((probe) => probe.pmtu);
    const pmtu = lowered?.pmtu;
    return {
      hop,
      ...(answered?.host ? { host: answered.host } : {}),
      ...(times.length ? { best: Math.min(...times) } : {}),
      ...(unreachable ? { unreachable } : {}),
      ...(pmtu ? { pmtu } : {}),
      ...(lowered?.host ? { pmtuFrom: lowered.host } : {}),
      reached: own.some((probe) => probe.reached),
    };
  });
}

export const summarizeTracepath: Summarizer = (result) => {
  const text = result.stdout;
  const probes = probesOf(text);
  const resume = /Resume: pmtu (\d+)(?: hops (\d+))?/.exec(text);
  const firstPmtu = /\[LOCALHOST\]\s+pmtu (\d+)/.exec(text)?.[1];
  if (probes.length === 0 && !resume) return undefined;
  const hops = hopsOf(probes);
  const pmtu = Number(resume?.[1] ?? firstPmtu ?? NaN);
  const reachedHop = hops.find((hop) => hop.reached);
  const destination = reachedHop?.host ?? result.argv[result.argv.length - 1] ?? 'the destination';
  const verdict = judgePath(hops, destination, reachedHop !== undefined);
  const mtuDrops = hops.filter((hop) => hop.pmtu !== undefined);
  const headline =
    verdict.headline ??
    `reached in ${reachedHop?.hop ?? hops.length} ${reachedHop?.hop === 1 ? 'hop' : 'hops'}${Number.isFinite(pmtu) ? `, pmtu ${pmtu}` : ''}`;
  const table: TextTable = {
    columns: ['HOP', 'HOST', 'BEST', 'NOTE'],
    align: ['right', 'left', 'right', 'left'],
    rows: hops.map((hop) => [
      String(hop.hop),
      hop.host ?? 'no reply',
      hop.best !== undefined ? String(Number(hop.best.toPrecision(3))) : '',
      [hop.reached ? 'reached' : '', hop.unreachable ?? '', hop.pmtu ? `pmtu ${hop.pmtu}` : '']
        .filter(Boolean)
        .join(' '),
    ]),
  };
  const measures: Measure[] = [
    { key: 'hops', label: 'hops', value: reachedHop?.hop ?? hops.length },
    ...(Number.isFinite(pmtu) ? [{ key: 'pmtu', label: 'path MTU', value: pmtu }] : []),
    ...pathStopsMeasures(verdict),
  ];
  return {
    tone: verdict.tone,
    headline: verdict.reached ? headline : `${headline}${Number.isFinite(pmtu) ? `; pmtu ${pmtu}` : ''}`,
    facts: [
      ...(Number.isFinite(pmtu) && pmtu < 1500
        ? [
            `path MTU ${pmtu}: packets over ${pmtu} bytes need fragmenting or get dropped (check MSS clamping on tunnels)`,
          ]
        : []),
      ...mtuDrops.map(
        (hop) =>
          `MTU drops to ${hop.pmtu} at hop ${hop.hop} (frag needed from ${hop.pmtuFrom ?? hop.host ?? '?'})`,
      ),
      ...(reachedHop?.best !== undefined
        ? [`${reachedHop.host ?? ''} answered in ${formatMs(reachedHop.best)}`]
        : []),
    ],
    tables: [table],
    measures,
  };
};

/** "2 hops so far, pmtu 1500" from the probe lines printed so far. */
export function tracepathProgress(partial: PartialOutput): string | undefined {
  const hops = hopsOf(probesOf(partial.stdout));
  if (hops.length === 0) return undefined;
  const pmtu = [...partial.stdout.matchAll(/pmtu (\d+)/g)].pop()?.[1];
  return `${hops.length} ${hops.length === 1 ? 'hop' : 'hops'} so far${pmtu ? `, pmtu ${pmtu}` : ''}`;
}
