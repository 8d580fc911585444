import type { Session } from '../executors/executor.js';
import type { RunResult } from '../results/run-result.js';
import { parseTsharkStats, tsharkStatsArgv } from './tshark-stats.js';

/** tshark reads 10,000 packets in about a second; past this the capture goes without its summary. */
const summaryLimitMs = 20_000;

/**
 * A `--pcap` capture with its summary (issue 13): tshark reads the file in the same session, right
 * after tcpdump, and that run collects the file (the process core reads a run's `collect` files back
 * and deletes them, so the file must still be there when tshark runs). Never fails the job: without
 * tshark's statistics the result keeps its pcap, has no `capture`, and its stderr says why.
 */
export async function withCaptureSummary(
  session: Pick<Session, 'run'>,
  capture: RunResult,
  pcapFile: string,
): Promise<RunResult> {
  const notes: string[] = [];
  const failed = (what: string) => (error: unknown) => {
    notes.push(`netshoot-bot: could not ${what}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  };
  // Not the job's signal: a capture ended by a cancel or its deadline is still read and still collected.
  const summary = await session
    .run(tsharkStatsArgv(pcapFile), { timeoutMs: summaryLimitMs, collect: [pcapFile] })
    .catch(failed('summarise the capture with tshark'));
  // tshark could not even start: a run that does nothing still brings the file back.
  const collected =
    summary ??
    (await session
      .run(['true'], { timeoutMs: summaryLimitMs, collect: [pcapFile] })
      .catch(failed(`bring ${pcapFile} back`)));
  const stats = summary && !summary.timedOut ? parseTsharkStats(summary.stdout) : undefined;
  // The collecting run's own notes (the pcap's size cap, a file it could not read) belong to the capture.
  notes.push(...(collected?.stderr ?? '').split('\n').filter((line) => line.startsWith('netshoot-bot: ')));
  return {
    ...capture,
    stderr: capture.stderr + notes.map((note) => `${note}\n`).join(''),
    artifacts: [...capture.artifacts, ...(collected?.artifacts ?? [])],
    ...(stats ? { capture: stats } : {}),
  };
}
