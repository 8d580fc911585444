import type { Session } from '../executors/executor.js';
import type { RunResult } from '../results/run-result.js';
import { parseTsharkStats, tsharkStatsArgv } from './tshark-stats.js';

/** tshark reads 10,000 packets in about a second; past this the capture goes without its summary. */
const summaryLimitMs = 20_000;

/**
 * A `--pcap` capture with its summary (issue 13): tshark reads the file in the same session, right
 * after tcpdump, and that run collects the file (the process core reads a run's `collect` files back
 * and deletes them, so the file must still be there when tshark runs). Never fails the job: without
 * tshark's statistics the result keeps its pcap and has no `capture`.
 */
export async function withCaptureSummary(
  session: Pick<Session, 'run'>,
  capture: RunResult,
  pcapFile: string,
): Promise<RunResult> {
  // Not the job's signal: a capture ended by a cancel or its deadline is still read and still collected.
  const summary = await session
    .run(tsharkStatsArgv(pcapFile), { timeoutMs: summaryLimitMs, collect: [pcapFile] })
    .catch(() => undefined);
  const collected = summary ?? (await collectOnly(session, pcapFile));
  const stats = summary && !summary.timedOut ? parseTsharkStats(summary.stdout) : undefined;
  // The collecting run's own notes (the pcap's size cap, a file it could not read) belong to the capture.
  const notes = (collected?.stderr ?? '')
    .split('\n')
    .filter((line) => line.startsWith('netshoot-bot: '))
    .map((line) => `${line}\n`)
    .join('');
  return {
    ...capture,
    stderr: capture.stderr + notes,
    artifacts: [...capture.artifacts, ...(collected?.artifacts ?? [])],
    ...(stats ? { capture: stats } : {}),
  };
}

/** When tshark could not even start: a run that does nothing still brings the file back. */
async function collectOnly(session: Pick<Session, 'run'>, pcapFile: string): Promise<RunResult | undefined> {
  return session.run(['true'], { timeoutMs: summaryLimitMs, collect: [pcapFile] }).catch(() => undefined);
}
