/**
 * Undoes what Slack and autocorrect do to a command line before it is parsed (SPEC 3), so that what
 * gets parsed is the text the user saw. Every rule is a plain text rewrite; nothing here judges values.
 *
 * - Slack's angle forms become the text shown: `<http://x|x>` -> `x`, `<http://x>` -> `http://x`,
 *   `<mailto:a|a>` -> `a`, `<@U1|ana>` -> `@ana`, `<@U1>` -> `@U1`, `<#C1|ops>` -> `#ops`,
 *   `<#C1>` -> `#C1`, `<!here>` -> `@here`, `<!subteam^S1|@sre>` -> `@sre`, `<!date^...|text>` -> `text`.
 * - Entities `&amp;` `&lt;` `&gt;` are decoded once (after unwrapping, since Slack escapes a literal `<`
 *   as `&lt;`; one pass, so `&amp;lt;` stays `&lt;`).
 * - Curly quotes become straight ones; an em or en dash at the start of a word becomes `--`.
 * - Non-breaking and other Unicode spaces become plain spaces; zero-width characters are dropped.
 */
export function normaliseSlackText(text: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_whole, inner: string) => unwrapAngleForm(inner))
    .replace(/&(amp|lt|gt);/g, (_whole, name: string) => entities.get(name) ?? '')
    .replace(/[\u2018\u2019\u201A\u201B]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F]/g, '"')
    .replace(/(^|\s)[\u2013\u2014]/g, '$1--')
    .replace(/[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, ' ')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '');
}

const entities: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
]);

function unwrapAngleForm(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar >= 0 ? inner.slice(0, bar) : inner;
  const label = bar >= 0 ? inner.slice(bar + 1) : undefined;
  if (target.startsWith('@')) return label !== undefined ? `@${label.replace(/^@/, '')}` : target;
  if (target.startsWith('#')) return label !== undefined ? `#${label.replace(/^#/, '')}` : target;
  if (target.startsWith('!')) {
    if (label !== undefined) return label;
    // <!here>, <!channel>, <!everyone>: Slack shows them as @here, @channel, @everyone.
    return `@${target.slice(1).split('^')[0]}`;
  }
  // A link: Slack shows the label when there is one, the URL otherwise.
  return label ?? target;
}
