import type { Summarizer } from '../summary.js';

/** netcat-openbsd `-vz`: one line per port on stderr, "succeeded!" or "failed: <why>". */
export const summarizeNc: Summarizer = (result) => {
  const lines = result.stderr.split('\n').filter(Boolean);
  const verdicts = lines.flatMap((line) => {
    const open = /^Connection to (\S+) (\d+) port \[([^\]]+)\] succeeded!/.exec(line);
    if (open) return [`${open[1]}:${open[2]} open (${open[3]})`];
    const failed = /^nc: connect to (\S+) port (\d+) \((\w+)\) failed: (.+)$/.exec(line);
    if (failed) return [`${failed[1]}:${failed[2]} ${failed[3]}: ${failed[4]}`];
    const timedOut = /^nc: connect to (\S+) port (\d+) \((\w+)\) timed out/.exec(line);
    if (timedOut) return [`${timedOut[1]}:${timedOut[2]} ${timedOut[3]}: no answer (filtered?)`];
    return [];
  });
  if (verdicts.length === 0) return undefined;
  return {
    tone: verdicts.every((line) => line.includes(' open ')) ? 'ok' : 'broken',
    headline: verdicts[0] as string,
    facts: verdicts.slice(1),
  };
};
