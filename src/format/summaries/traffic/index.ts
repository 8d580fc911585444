import type { ToolReaders } from '../summary.js';
import { summarizeIperf } from './iperf.js';
import { summarizeIperf3 } from './iperf3.js';

/** Traffic: tcpdump (and its pcaps), ngrep, iftop, iperf, iperf3, netgen. */
export const trafficReaders: ToolReaders = {
  iperf: { summarize: summarizeIperf },
  iperf3: { summarize: summarizeIperf3, machineOutput: true },
};
