/** `--grep TEXT`: the lines that contain TEXT (plain text, case-sensitive, as grep -F does). */
export function grepLines(text: string, needle: string | undefined): string {
  if (!needle) return text;
  return text
    .split('\n')
    .filter((line) => line.includes(needle))
    .join('\n');
}
