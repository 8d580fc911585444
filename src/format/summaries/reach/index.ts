import type { ToolReaders } from '../summary.js';
import { arpingProgress, summarizeArping } from './arping.js';
import { fpingProgress, summarizeFping } from './fping.js';
import { mtrProgress, summarizeMtr } from './mtr.js';
import { summarizeNc } from './nc.js';
import { nmapProgress, summarizeNmap } from './nmap.js';
import { npingProgress, summarizeNping } from './nping.js';
import { opingProgress, summarizeOping } from './oping.js';
import { pingProgress, summarizePing } from './ping.js';
import { summarizeTracepath, tracepathProgress } from './tracepath.js';
import { summarizeTraceroute, tracerouteProgress } from './traceroute.js';

/**
 * Reachability and paths: ping, fping, oping, arping, nc, nping, nmap, mtr, traceroute, tracepath,
 * tcptraceroute. mtr runs with --raw so that its hops stream (--json says nothing until the end).
 */
export const reachReaders: ToolReaders = {
  ping: { summarize: summarizePing, progress: pingProgress },
  fping: { summarize: summarizeFping, progress: fpingProgress, stderrIsOutput: true },
  oping: { summarize: summarizeOping, progress: opingProgress },
  arping: { summarize: summarizeArping, progress: arpingProgress },
  nc: { summarize: summarizeNc, stderrIsOutput: true },
  nping: { summarize: summarizeNping, progress: npingProgress },
  nmap: { summarize: summarizeNmap, machineOutput: true, progress: nmapProgress },
  mtr: { summarize: summarizeMtr, machineOutput: true, progress: mtrProgress },
  traceroute: { summarize: summarizeTraceroute, progress: tracerouteProgress },
  tracepath: { summarize: summarizeTracepath, progress: tracepathProgress },
  // tcptraceroute says where it is going on stderr ("Tracing the path to ..."), its hops on stdout.
  tcptraceroute: { summarize: summarizeTraceroute, progress: tracerouteProgress, stderrIsOutput: true },
};
