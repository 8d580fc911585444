/**
 * How much of each output stream (stdout, stderr) a run keeps, on every executor: enough for any
 * report a person reads, small enough for Redis and Slack. The process core
 * (src/executors/process-core/run-lifecycle.ts) cuts there and sets `truncated`; renderers then tell
 * the user with `truncationNote`, which states this same number.
 */
export const outputCapBytes = 512 * 1024;

export function truncationNote(): string {
  return `output truncated at ${Math.round(outputCapBytes / 1024)} KiB per stream (use --grep to narrow it, or --file for what was kept)`;
}
