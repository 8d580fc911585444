import type { ToolReaders } from '../summary.js';
import { summarizeIftop } from './iftop.js';
import { iperfProgress, summarizeIperf } from './iperf.js';
import { summarizeIperf3 } from './iperf3.js';
import { netgenProgress, summarizeNetgen } from './netgen.js';
import { ngrepProgress, summarizeNgrep } from './ngrep.js';
import { summarizeTcpdump, tcpdumpProgress } from './tcpdump.js';

/** Traffic: tcpdump (and its pcaps), ngrep, iftop, iperf, iperf3, netgen. */
export const trafficReaders: ToolReaders = {
  // tcpdump writes "listening on" and its counts to stderr, its packets to stdout: both are its output.
  tcpdump: { summarize: summarizeTcpdump, stderrIsOutput: true, progress: tcpdumpProgress },
  ngrep: { summarize: summarizeNgrep, progress: ngrepProgress },
  // iftop -t says which interface and address it watches on stderr.
  iftop: { summarize: summarizeIftop, stderrIsOutput: true },
  iperf: { summarize: summarizeIperf, progress: iperfProgress },
  // -J prints one JSON document at the end: nothing to say while it runs.
  iperf3: { summarize: summarizeIperf3, machineOutput: true },
  netgen: { summarize: summarizeNetgen, progress: netgenProgress },
};
