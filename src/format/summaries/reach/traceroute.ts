import type { Measure, PartialOutput, Summarizer, SummaryTone, TextTable } from '../summary.js';
import { judgePath, type PathHop, pathStopsMeasures } from './hop-verdict.js';
import { formatMs, roundMeasure } from './numbers.js';

// Modern traceroute (Debian's traceroute 2.x) and tcptraceroute, its `-T` wrapper: a line per hop,
// " 3  10.0.0.1  1.2 ms  1.1 ms *", with a name before "(address)" unless -n, "!H"-style marks
// after a time when a router refuses, and tcptraceroute's "[open]"/"[closed]" at the destination.

interface TracedHop extends PathHop {
  readonly times: readonly number[];
  readonly probes: number;
  readonly note?: string;
}

function parseHop(line: string): TracedHop | undefined {
  const match = /^\s*(\d+)\s+(.*)$/.exec(line);
  if (!match) return undefined;
  const tokens = (match[2] ?? '').trim().split(/\s+/);
  let host: string | undefined;
  let unreachable: string | undefined;
  let note: string | undefined;
  let probes = 0;
  const times: number[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] ?? '';
    if (token === '*') probes += 1;
    else if (/^[\d.]+$/.test(token) && tokens[index + 1] === 'ms') {
      times.push(Number(token));
      probes += 1;
      index += 1;
    } else if (/^!\w*$/.test(token)) unreachable ??= token;
    else if (/^\[\w+\]$/.test(token)) note = token.slice(1, -1);
    else if (/^\(.*\)$/.test(token)) host = token.slice(1, -1);
    else host ??= token;
  }
  if (probes === 0) return undefined;
  return {
    hop: Number(match[1]),
    times,
    probes,
    ...(host !== undefined && times.length > 0 ? { host } : {}),
    ...(unreachable ? { unreachable } : {}),
    ...(note ? { note } : {}),
  };
}

function hopsOf(stdout: string): TracedHop[] {
  return stdout
    .split('\n')
    .map(parseHop)
    .filter((hop) => hop !== undefined);
}

function destinationOf(text: string): { address?: string; port?: string } {
  const tcp = /Tracing the path to (\S+) on TCP port (\d+)/.exec(text);
  if (tcp) return { address: tcp[1], port: tcp[2] };
  const classic = /traceroute to (\S+) \(([^)]+)\)/.exec(text);
  return classic ? { address: classic[2] } : {};
}

const average = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

export const summarizeTraceroute: Summarizer = (result) => {
  const hops = hopsOf(result.stdout);
  const { address, port } = destinationOf(`${result.stdout}\n${result.stderr}`);
  if (!address || hops.length === 0) return undefined;
  const portState = hops.find((hop) => hop.note)?.note;
  const verdict = judgePath(hops, address, portState !== undefined);
  const end = verdict.reached ? verdict.lastAnswer : undefined;
  const endTimes = hops.find((hop) => hop === end)?.times ?? [];
  const tone: SummaryTone = portState === 'closed' ? 'broken' : verdict.tone;
  const where = port ? `${address}:${port}` : address;
  const headline =
    verdict.headline ??
    `${portState ? `${where} ${portState}, ` : ''}reached in ${end?.hop ?? hops.length} ${end?.hop === 1 ? 'hop' : 'hops'}${endTimes.length ? `, avg ${formatMs(average(endTimes))}` : ''}`;
  const table: TextTable = {
    columns: ['HOP', 'HOST', 'REPLIES', 'BEST', 'AVG', 'WORST', 'NOTE'],
    align: ['right', 'left', 'right', 'right', 'right', 'right', 'left'],
    rows: hops.map((hop) => [
      String(hop.hop),
      hop.host ?? '*',
      `${hop.times.length}/${hop.probes}`,
      ...(hop.times.length
        ? [Math.min(...hop.times), average(hop.times), Math.max(...hop.times)].map((ms) =>
            String(Number(ms.toPrecision(3))),
          )
        : ['', '', '']),
      [hop.unreachable, hop.note].filter(Boolean).join(' '),
    ]),
  };
  const measures: Measure[] = [
    { key: 'hops', label: 'hops', value: end?.hop ?? hops.length },
    ...(endTimes.length
      ? [{ key: 'rtt.avg', label: 'avg RTT', value: roundMeasure(average(endTimes)), unit: 'ms' }]
      : []),
    ...(port ? [{ key: `port.${port}`, label: port, value: portState ?? 'filtered' }] : []),
    ...pathStopsMeasures(verdict),
  ];
  return {
    tone,
    headline,
    facts: [
      ...(!verdict.reached && hops.every((hop) => hop.host === undefined)
        ? [`${hops.length} hops probed, none answered: a firewall dropping probes, or no route`]
        : []),
    ],
    tables: [table],
    measures,
  };
};

/** "3 hops so far, last answer from 10.0.0.1 at hop 2" from the hop lines printed so far. */
export function tracerouteProgress(partial: PartialOutput): string | undefined {
  const hops = hopsOf(partial.stdout);
  const last = hops[hops.length - 1];
  if (!last) return undefined;
  const answered = [...hops].reverse().find((hop) => hop.host !== undefined);
  return `${hops.length} ${hops.length === 1 ? 'hop' : 'hops'} so far${answered ? `, last answer from ${answered.host ?? ''} at hop ${answered.hop}` : ', no answer yet'}`;
}
