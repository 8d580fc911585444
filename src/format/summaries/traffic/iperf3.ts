import type { Summarizer } from '../summary.js';
import { formatBitrate } from './format-bitrate.js';

interface Iperf3Json {
  readonly error?: string;
  readonly start?: {
    readonly connected?: readonly {
      readonly local_host: string;
      readonly remote_host: string;
      readonly remote_port: number;
    }[];
    readonly test_start?: {
      readonly protocol?: string;
      readonly num_streams?: number;
      readonly duration?: number;
      readonly reverse?: number;
    };
  };
  readonly end?: {
    readonly sum_sent?: {
      readonly bits_per_second: number;
      readonly retransmits?: number;
      readonly bytes: number;
    };
    readonly sum_received?: { readonly bits_per_second: number; readonly bytes: number };
    readonly sum?: {
      readonly bits_per_second: number;
      readonly lost_percent?: number;
      readonly jitter_ms?: number;
    };
  };
}

/** iperf3 `-J` on the client: sent and received throughput, retransmits (TCP) or loss (UDP). */
export const summarizeIperf3: Summarizer = (result) => {
  let report: Iperf3Json;
  try {
    report = JSON.parse(result.stdout) as Iperf3Json;
  } catch {
    // dropped: output that is not iperf3's JSON has no summary; the raw output speaks.
    return undefined;
  }
  if (report.error) return { tone: 'broken', headline: `iperf3: ${report.error}`, facts: [] };
  const connection = report.start?.connected?.[0];
  const test = report.start?.test_start;
  const path = connection
    ? `${connection.local_host} -> ${connection.remote_host}:${connection.remote_port}`
    : 'the path';
  const received = report.end?.sum_received;
  const sent = report.end?.sum_sent;
  const udp = report.end?.sum;
  if (received && sent) {
    return {
      tone: 'ok',
      headline: `${formatBitrate(received.bits_per_second)} received over ${path}`,
      facts: [
        `sent ${formatBitrate(sent.bits_per_second)}${sent.retransmits !== undefined ? `, ${sent.retransmits} retransmits` : ''}`,
        `${test?.protocol ?? 'TCP'}, ${test?.num_streams ?? 1} stream(s), ${test?.duration ?? '?'} s${test?.reverse ? ', reverse' : ''}`,
      ],
    };
  }
  if (udp) {
    return {
      tone: 'ok',
      headline: `${formatBitrate(udp.bits_per_second)} over ${path}`,
      facts: [`${udp.lost_percent ?? 0}% lost, jitter ${udp.jitter_ms ?? 0} ms`],
    };
  }
  return undefined;
};
