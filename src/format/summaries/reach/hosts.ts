import type { Measure, Summary, SummaryTone, TextTable } from '../summary.js';
import { formatMs, formatPercent, roundMeasure } from './numbers.js';

// fping and oping ping several hosts at once: one verdict per host, one table, one headline.

export interface HostPings {
  readonly host: string;
  /** Undefined when the tool said only alive or unreachable (fping without -c). */
  readonly sent?: number;
  readonly received?: number;
  readonly alive: boolean;
  readonly lossPercent?: number;
  readonly avgMs?: number;
}

function lossOf(host: HostPings): number | undefined {
  if (host.lossPercent !== undefined) return host.lossPercent;
  return host.sent ? (100 * (host.sent - (host.received ?? 0))) / host.sent : undefined;
}

/**
 * All alive without loss is ok; loss on a live host, or some hosts down, is degraded (the rest
 * answer); none alive is broken. The headline names the hosts that do not answer.
 */
export function summarizeHosts(hosts: readonly HostPings[]): Summary | undefined {
  const first = hosts[0];
  if (!first) return undefined;
  const down = hosts.filter((host) => !host.alive);
  const lossy = hosts.filter((host) => host.alive && (lossOf(host) ?? 0) > 0);
  const tone: SummaryTone =
    down.length === hosts.length ? 'broken' : down.length > 0 || lossy.length > 0 ? 'degraded' : 'ok';
  const describe = (host: HostPings, named = true): string => {
    const loss = lossOf(host);
    if (!host.alive)
      return `no reply${named ? ` from ${host.host}` : ''}${host.sent ? ` (${host.sent} sent)` : ''}`;
    return [
      loss !== undefined ? `${formatPercent(loss)} loss` : 'alive',
      ...(host.avgMs !== undefined ? [`avg ${formatMs(host.avgMs)}`] : []),
    ].join(', ');
  };
  const headline =
    hosts.length === 1
      ? describe(first)
      : down.length === 0
        ? `all ${hosts.length} hosts alive${lossy.length ? `, loss on ${lossy.map((host) => host.host).join(', ')}` : ''}`
        : `${hosts.length - down.length} of ${hosts.length} alive; no reply from ${down.map((host) => host.host).join(', ')}`;
  const counted = hosts.some((host) => host.sent !== undefined);
  const table: TextTable = counted
    ? {
        columns: ['HOST', 'STATE', 'SENT', 'RECV', 'LOSS', 'AVG'],
        align: ['left', 'left', 'right', 'right', 'right', 'right'],
        rows: hosts.map((host) => {
          const loss = lossOf(host);
          return [
            host.host,
            host.alive ? 'alive' : 'unreachable',
            String(host.sent ?? ''),
            String(host.received ?? ''),
            loss !== undefined ? formatPercent(loss) : '',
            host.avgMs !== undefined ? formatMs(host.avgMs) : '',
          ];
        }),
      }
    : {
        columns: ['HOST', 'STATE'],
        rows: hosts.map((host) => [host.host, host.alive ? 'alive' : 'unreachable']),
      };
  const measures: Measure[] = hosts.flatMap((host) => {
    const loss = lossOf(host);
    const single = hosts.length === 1;
    return [
      { key: `host.${host.host}`, label: host.host, value: host.alive ? 'alive' : 'unreachable' },
      ...(loss !== undefined
        ? [{ key: single ? 'loss' : `loss.${host.host}`, label: `loss ${host.host}`, value: loss, unit: '%' }]
        : []),
      ...(host.avgMs !== undefined
        ? [
            {
              key: single ? 'rtt.avg' : `rtt.avg.${host.host}`,
              label: `avg RTT ${host.host}`,
              value: roundMeasure(host.avgMs),
              unit: 'ms',
            },
          ]
        : []),
    ];
  });
  return {
    tone,
    headline,
    facts: hosts.length === 1 ? [] : hosts.map((host) => `${host.host}: ${describe(host, false)}`),
    tables: [table],
    measures,
  };
}
