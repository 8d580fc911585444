import { emojiHtml } from './emoji.js';

// Slack's mrkdwn as Slack draws it, for the gallery's screenshots: ```blocks```, `code`, *bold*,
// _italic_, ~strike~, :emoji:, <@U…> mentions, <url|label> links, and the three entities Slack
// escapes (&amp; &lt; &gt;). Everything the message says reaches the HTML escaped: a message is data,
// and a `<script>` in a tool's output must show as text, never run in the page.

/** HTML-escapes text that Slack would show literally (after its own entities are decoded). */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Slack's own escaping undone: the text a person sees. */
function decodeSlackEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** A mrkdwn text object as HTML. */
export function mrkdwnToHtml(text: string): string {
  return text
    .split(/(```[\s\S]*?```)/)
    .map((part, index) =>
      index % 2 === 1
        ? `<pre class="code-block">${escapeHtml(decodeSlackEntities(trimFence(part)))}</pre>`
        : inlineToHtml(part),
    )
    .join('');
}

/** A plain_text object: no formatting at all, but emoji codes still draw (`emoji: true`). */
export function plainTextToHtml(text: string): string {
  return escapeHtml(text).replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => emojiHtml(name) ?? whole);
}

function trimFence(block: string): string {
  return block.slice(3, -3).replace(/^\n/, '').replace(/\n$/, '');
}

function inlineToHtml(text: string): string {
  // Code spans and <…> tokens first, held as placeholders so that no later rule formats inside them.
  const held: string[] = [];
  const hold = (html: string): string => `\uE000${held.push(html) - 1}\uE000`;
  let out = text.replace(/`([^`\n]+)`/g, (_, code: string) =>
    hold(`<code>${escapeHtml(decodeSlackEntities(code))}</code>`),
  );
  out = out.replace(/<([^<>\n]*)>/g, (whole, inner: string) => hold(angleToken(whole, inner)));
  out = escapeHtml(decodeSlackEntities(out));
  out = out
    .replace(/(^|[\s(])\*(?=\S)([^*\n]*?\S)\*(?=$|[\s).,:;!?])/g, '$1<b>$2</b>')
    .replace(/(^|[\s(])_(?=\S)([^_\n]*?\S)_(?=$|[\s).,:;!?])/g, '$1<i>$2</i>')
    .replace(/(^|[\s(])~(?=\S)([^~\n]*?\S)~(?=$|[\s).,:;!?])/g, '$1<s>$2</s>')
    .replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => emojiHtml(name) ?? whole)
    .replace(/\n/g, '<br>');
  return out.replace(/\uE000(\d+)\uE000/g, (_, index: string) => held[Number(index)] ?? '');
}

/** `<@U0ALICE>`, `<#C1|incidents>`, `<!here>`, `<https://x|label>`; anything else shows as typed. */
function angleToken(whole: string, inner: string): string {
  const [target = '', label] = inner.split('|', 2);
  if (target.startsWith('@'))
    return `<span class="mention">@${escapeHtml(label ?? mentionName(target.slice(1)))}</span>`;
  if (target.startsWith('#')) return `<span class="mention">#${escapeHtml(label ?? target.slice(1))}</span>`;
  if (target.startsWith('!'))
    return `<span class="mention">@${escapeHtml(target.slice(1).split('^')[0] ?? '')}</span>`;
  if (/^(https?|mailto):/.test(target)) {
    return `<a href="${escapeHtml(target)}">${escapeHtml(decodeSlackEntities(label ?? target))}</a>`;
  }
  return escapeHtml(decodeSlackEntities(whole));
}

/** The people of the golden messages by their Slack ids (test/harness/golden/render-golden.ts). */
const people: Readonly<Record<string, string>> = { U0ALICE: 'alice', U0BOB: 'bob' };

function mentionName(id: string): string {
  return people[id] ?? id.toLowerCase();
}
