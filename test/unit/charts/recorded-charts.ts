import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HopsChart, TimelineChart, WaterfallChart } from '../../../src/format/chart-data.js';

// ChartData from real recorded output, parsed here in a few lines so that the chart tests do not
// wait on the summarizers (other engineers build those at the same time): the shapes are the ones
// src/format/chart-data.ts documents for each tool.

const toolOutput = join(process.cwd(), 'test/fixtures/tool-output');
const recorded = join(process.cwd(), 'test/unit/charts/recorded');

export function pingChart(path: string): TimelineChart {
  const text = readFileSync(path, 'utf8');
  const target = /^PING (\S+)/m.exec(text)?.[1] ?? 'target';
  const sent = Number(/(\d+) packets transmitted/.exec(text)?.[1] ?? 0);
  const replies = new Map<number, number>();
  for (const match of text.matchAll(/icmp_seq=(\d+) .*time=([\d.]+) ms/g)) {
    replies.set(Number(match[1]), Number(match[2]));
  }
  return {
    kind: 'timeline',
    title: `ping RTT to ${target}`,
    xTitle: 'icmp_seq',
    yTitle: 'RTT, ms',
    gapLabel: 'lost',
    series: [
      {
        name: 'RTT',
        points: Array.from({ length: sent }, (_, index) => ({
          x: index + 1,
          y: replies.get(index + 1) ?? null,
        })),
      },
    ],
  };
}

interface Iperf3Json {
  start: { connecting_to: { host: string } };
  intervals: { sum: { end: number; bits_per_second: number; retransmits?: number } }[];
}

export function iperf3Charts(): [TimelineChart, TimelineChart] {
  const report = JSON.parse(readFileSync(join(toolOutput, 'iperf3-json.stdout'), 'utf8')) as Iperf3Json;
  const host = report.start.connecting_to.host;
  const sums = report.intervals.map((interval) => interval.sum);
  return [
    {
      kind: 'timeline',
      title: `iperf3 throughput to ${host}`,
      xTitle: 'seconds',
      yTitle: 'Gbit/s',
      series: [
        {
          name: 'sent',
          points: sums.map((sum) => ({ x: Math.round(sum.end), y: sum.bits_per_second / 1e9 })),
        },
      ],
    },
    {
      kind: 'timeline',
      title: `iperf3 retransmits to ${host}`,
      xTitle: 'seconds',
      yTitle: 'retransmits',
      bars: true,
      series: [
        {
          name: 'retransmits',
          points: sums.map((sum) => ({ x: Math.round(sum.end), y: sum.retransmits ?? null })),
        },
      ],
    },
  ];
}

export function curlWaterfall(): WaterfallChart {
  const stdout = readFileSync(join(toolOutput, 'curl-timing.stdout'), 'utf8');
  const timing = JSON.parse(stdout.slice(stdout.lastIndexOf('\n{') + 1)) as Record<string, number | string>;
  const ms = (key: string): number => Number(timing[key]) * 1000;
  const tls = ms('time_appconnect');
  const connected = ms('time_connect');
  const ready = tls > 0 ? tls : connected;
  return {
    kind: 'waterfall',
    title: `curl timing of ${String(timing.url_effective)}`,
    phases: [
      { name: 'DNS', startMs: 0, endMs: ms('time_namelookup') },
      { name: 'connect', startMs: ms('time_namelookup'), endMs: connected },
      ...(tls > 0 ? [{ name: 'TLS', startMs: connected, endMs: tls }] : []),
      { name: 'server', startMs: ready, endMs: ms('time_starttransfer') },
      { name: 'transfer', startMs: ms('time_starttransfer'), endMs: ms('time_total') },
    ],
  };
}

interface MtrJson {
  report: {
    mtr: { dst: string };
    hubs: { count: number; host: string; 'Loss%': number; Avg: number; Wrst: number; Snt: number }[];
  };
}

export function mtrChart(name: string): HopsChart {
  const { report } = JSON.parse(readFileSync(join(recorded, name), 'utf8')) as MtrJson;
  return {
    kind: 'hops',
    title: `mtr path to ${report.mtr.dst}`,
    hops: report.hubs.map((hub) => {
      const silent = hub['Loss%'] >= 100;
      return {
        hop: hub.count,
        host: hub.host,
        lossPercent: hub['Loss%'],
        avgMs: silent ? null : hub.Avg,
        worstMs: silent ? null : hub.Wrst,
      };
    }),
  };
}

export const recordedPing = {
  replies: join(toolOutput, 'ping-reply.stdout'),
  unreachable: join(toolOutput, 'ping-unreachable.stdout'),
  loss: join(recorded, 'ping-loss.stdout'),
};
