/**
 * Text as Slack's mrkdwn shows it. Slack reads `&`, `<` and `>` as markup (links, mentions), so any
 * text that came from a user or a tool is escaped before it goes into a message; triple backticks in
 * tool output would end a code block early, so they are broken with a zero-width space.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function inlineCode(text: string): string {
  return `\`${escapeMrkdwn(text).replace(/`/g, "'")}\``;
}

const fence = '```';

/** A code block whose whole text, fences included, is at most `maxChars`; the middle gives way first. */
export function codeBlock(text: string, maxChars: number): { text: string; cut: boolean } {
  const body = escapeMrkdwn(text.replace(/```/g, '`\u200b``')).replace(/\s+$/, '') || ' ';
  const room = maxChars - 2 * fence.length - 2;
  if (body.length <= room) return { text: `${fence}\n${body}\n${fence}`, cut: false };
  return { text: `${fence}\n${keepEnds(body, room)}\n${fence}`, cut: true };
}

/**
 * The head and the tail of a long text with a line saying how much was left out between: the first
 * lines say what ran, the last lines hold the statistics (ping, iperf, curl's timing).
 */
export function keepEnds(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const marker = (lines: number) => `\n… ${lines} lines left out, the full output is attached …\n`;
  const budget = maxChars - marker(9_999_999).length;
  const headChars = Math.floor(budget * 0.4);
  const tailChars = budget - headChars;
  // Cut on line boundaries where there are any, so no line is shown half.
  const headEnd = lastIndexWithin(text, '\n', headChars);
  const tailStart = firstIndexFrom(text, '\n', text.length - tailChars);
  const head = text.slice(0, headEnd);
  const tail = text.slice(tailStart);
  const omitted = text.slice(head.length, text.length - tail.length).split('\n').length - 1;
  return `${head}${marker(Math.max(omitted, 1))}${tail}`.slice(0, maxChars);
}

function lastIndexWithin(text: string, char: string, limit: number): number {
  const index = text.lastIndexOf(char, limit);
  return index > limit / 2 ? index : limit;
}

function firstIndexFrom(text: string, char: string, start: number): number {
  const index = text.indexOf(char, start);
  return index !== -1 && index < start + 200 ? index + 1 : start;
}

/**
 * Lines packed into as few texts of at most `maxChars` as they fit, never cutting a line (a longer
 * one is cut at its end): for lists that must show every item (help's tools), where keepEnds would
 * leave out the middle.
 */
export function packLines(lines: readonly string[], maxChars: number): string[] {
  const texts: string[] = [];
  let current = '';
  for (const whole of lines) {
    const line = whole.length > maxChars ? `${whole.slice(0, maxChars - 1)}…` : whole;
    if (current !== '' && current.length + 1 + line.length > maxChars) {
      texts.push(current);
      current = '';
    }
    current = current === '' ? line : `${current}\n${line}`;
  }
  if (current !== '') texts.push(current);
  return texts;
}
