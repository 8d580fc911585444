/**
 * How much of each output stream (stdout, stderr) an executor keeps: enough for any report a person
 * reads, small enough for Redis and Slack. Executors cut there and set `truncated`; renderers then
 * tell the user with `truncationNote`.
 */
export const outputCapBytes = 512 * 1024;

export function truncationNote(capBytes = outputCapBytes): string {
  return `output truncated at ${Math.round(capBytes / 1024)} KiB per stream (use --grep to narrow it, or --file for what was kept)`;
}
