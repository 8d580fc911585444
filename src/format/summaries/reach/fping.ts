import type { PartialOutput, Summarizer } from '../summary.js';
import { summarizeHosts, type HostPings } from './hosts.js';

// fping: without -c, "X is alive" / "X is unreachable" on stdout; with -c (or -C), a line per probe
// on stdout and each host's totals on stderr: "X : xmt/rcv/%loss = 3/3/0%, min/avg/max = a/b/c".

const totalsLine =
  /^(\S+)\s*: xmt\/rcv\/%loss = (\d+)\/(\d+)\/(\d+)%(?:, min\/avg\/max = [\d.]+\/([\d.]+)\/[\d.]+)?/;
const verdictLine = /^(\S+) is (alive|unreachable)(?: \(([\d.]+) ms\))?/;
/** A probe's line in -c mode: "X : [0], 64 bytes, 0.043 ms (0.043 avg, 0% loss)" or "X : [1], timed out ...". */
const probeLine = /^(\S+)\s*: \[(\d+)\], (?:\d+ bytes, ([\d.]+) ms|timed out)/;

export const summarizeFping: Summarizer = (result) => {
  const totals = result.stderr.split('\n').flatMap((line): HostPings[] => {
    const match = totalsLine.exec(line);
    if (!match) return [];
    const received = Number(match[3]);
    return [
      {
        host: match[1] ?? '',
        sent: Number(match[2]),
        received,
        alive: received > 0,
        lossPercent: Number(match[4]),
        ...(match[5] !== undefined ? { avgMs: Number(match[5]) } : {}),
      },
    ];
  });
  if (totals.length > 0) return summarizeHosts(totals);
  const verdicts = result.stdout.split('\n').flatMap((line): HostPings[] => {
    const match = verdictLine.exec(line);
    if (!match) return [];
    return [
      {
        host: match[1] ?? '',
        alive: match[2] === 'alive',
        ...(match[3] !== undefined ? { avgMs: Number(match[3]) } : {}),
      },
    ];
  });
  return summarizeHosts(verdicts);
};

/** "1 of 2 hosts replying, 3 of 6 probes answered" from the probe lines, or the verdicts, so far. */
export function fpingProgress(partial: PartialOutput): string | undefined {
  const lines = partial.stdout.split('\n');
  const probes = lines.map((line) => probeLine.exec(line)).filter((match) => match !== null);
  if (probes.length > 0) {
    const hosts = new Set(probes.map((probe) => probe[1]));
    const replying = new Set(probes.filter((probe) => probe[3] !== undefined).map((probe) => probe[1]));
    const answered = probes.filter((probe) => probe[3] !== undefined).length;
    return `${replying.size} of ${hosts.size} hosts replying, ${answered} of ${probes.length} probes answered`;
  }
  const verdicts = lines.map((line) => verdictLine.exec(line)).filter((match) => match !== null);
  if (verdicts.length === 0) return undefined;
  const alive = verdicts.filter((verdict) => verdict[2] === 'alive').length;
  return `${alive} alive, ${verdicts.length - alive} unreachable so far`;
}
