import { diagnoseReaders } from './diagnose/index.js';
import { dnsHttpReaders } from './dns-http/index.js';
import { reachReaders } from './reach/index.js';
import { stateReaders } from './state/index.js';
import type { PartialOutput, RunOutput, Summary, ToolReader, ToolReaders } from './summary.js';
import { trafficReaders } from './traffic/index.js';

export type { PartialOutput, Summary, SummaryTone, ToolReader, Transcript } from './summary.js';

/**
 * Every tool's reader, by the catalogue's name. One group a folder, so the groups grow apart: DNS and
 * HTTP (dig, curl, ...), reachability (ping, nc, mtr, nmap, ...), the namespace's state (ip, ss,
 * iptables, ...), traffic (tcpdump, iperf3, ...) and diagnose, which reads the layers of a path.
 */
const readers: ToolReaders = {
  ...dnsHttpReaders,
  ...reachReaders,
  ...stateReaders,
  ...trafficReaders,
  ...diagnoseReaders,
};

/** The reader of a tool, or undefined for one without (its raw output speaks). */
export function readerOf(tool: string): ToolReader | undefined {
  return Object.hasOwn(readers, tool) ? readers[tool] : undefined;
}

/** The tools that have a reader: a test holds this to the catalogue. */
export function toolsWithReaders(): readonly string[] {
  return Object.keys(readers);
}

/** The tool's summary of a run, or undefined for tools without one (their raw output speaks). */
export function summarize(tool: string, result: RunOutput): Summary | undefined {
  const reader = readerOf(tool);
  if (!reader) return undefined;
  try {
    return reader.summarize(result);
  } catch {
    // dropped: output a parser did not expect must never hide the raw output, which is shown instead.
    return undefined;
  }
}

/** What a streaming tool has found so far, for the running line; undefined when nothing yet. */
export function describeProgress(tool: string, partial: PartialOutput): string | undefined {
  const progress = readerOf(tool)?.progress;
  if (!progress) return undefined;
  try {
    return progress(partial);
  } catch {
    // dropped: a half-written line a parser trips on must not stop the job; the elapsed time still shows.
    return undefined;
  }
}
