import type { ToolReaders } from '../summary.js';
import { summarizeNc } from './nc.js';
import { summarizePing } from './ping.js';

/** Reachability and paths: ping, fping, oping, arping, nc, nping, nmap, mtr, traceroute, tracepath, tcptraceroute. */
export const reachReaders: ToolReaders = {
  ping: { summarize: summarizePing },
  nc: { summarize: summarizeNc, stderrIsOutput: true },
};
