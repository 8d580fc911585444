// The emoji codes the bot's messages use, as Slack shows them: the Unicode character (kept as the
// accessible name) drawn as a small inline SVG, because the machines that take the screenshots
// have no colour emoji font (Debian's chromium falls back to empty boxes without one).

interface Emoji {
  readonly unicode: string;
  readonly svg: string;
}

const box = (body: string): string =>
  `<svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true">${body}</svg>`;

const emojis: Readonly<Record<string, Emoji>> = {
  white_check_mark: {
    unicode: '\u2705',
    svg: box(
      '<rect x="1" y="1" width="18" height="18" rx="4" fill="#2eb67d"/><path d="M5 10.5l3.2 3.2L15 7" stroke="#fff" stroke-width="2.6" fill="none" stroke-linecap="round" stroke-linejoin="round"/>',
    ),
  },
  warning: {
    unicode: '\u26a0\ufe0f',
    svg: box(
      '<path d="M10 1.5L19 18H1z" fill="#ecb22e" stroke="#c98f00" stroke-width="1" stroke-linejoin="round"/><rect x="9" y="7" width="2" height="6" rx="1" fill="#1d1c1d"/><circle cx="10" cy="15.3" r="1.2" fill="#1d1c1d"/>',
    ),
  },
  x: {
    unicode: '\u274c',
    svg: box('<path d="M4 4l12 12M16 4L4 16" stroke="#e01e5a" stroke-width="3.4" stroke-linecap="round"/>'),
  },
  hourglass: {
    unicode: '\u231b',
    svg: box(
      '<path d="M5 2h10M5 18h10M6 2c0 5 8 5 8 8s-8 3-8 8M14 2c0 5-8 5-8 8s8 3 8 8" stroke="#7a5c2e" stroke-width="1.6" fill="none"/><path d="M7.5 16.5h5L10 13z" fill="#e8912d"/>',
    ),
  },
  hourglass_flowing_sand: {
    unicode: '\u23f3',
    svg: box(
      '<path d="M5 2h10M5 18h10M6 2c0 5 8 5 8 8s-8 3-8 8M14 2c0 5-8 5-8 8s8 3 8 8" stroke="#7a5c2e" stroke-width="1.6" fill="none"/><path d="M8 5h4l-2 3z M7.5 16.5h5L10 14z" fill="#e8912d"/><path d="M10 9v4" stroke="#e8912d" stroke-width="1"/>',
    ),
  },
  no_entry_sign: {
    unicode: '\ud83d\udeab',
    svg: box(
      '<circle cx="10" cy="10" r="8" fill="none" stroke="#e01e5a" stroke-width="2.6"/><path d="M4.5 4.5l11 11" stroke="#e01e5a" stroke-width="2.6"/>',
    ),
  },
  gear: {
    unicode: '\u2699\ufe0f',
    svg: box(
      '<circle cx="10" cy="10" r="5.5" fill="none" stroke="#616061" stroke-width="3"/><path d="M10 1v4M10 15v4M1 10h4M15 10h4M3.6 3.6l2.8 2.8M13.6 13.6l2.8 2.8M3.6 16.4l2.8-2.8M13.6 6.4l2.8-2.8" stroke="#616061" stroke-width="2.6"/>',
    ),
  },
  arrows_counterclockwise: {
    unicode: '\ud83d\udd04',
    svg: box(
      '<rect x="1" y="1" width="18" height="18" rx="4" fill="#1264a3"/><path d="M14.5 8A5 5 0 0 0 5.6 7M5.5 12a5 5 0 0 0 8.9 1" stroke="#fff" stroke-width="1.8" fill="none"/><path d="M4.5 4.2v3.6h3.6zM15.5 15.8v-3.6h-3.6z" fill="#fff"/>',
    ),
  },
};

/** The HTML for `:name:`; an unknown code stays as the text Slack would show for it. */
export function emojiHtml(name: string): string | undefined {
  const emoji = emojis[name];
  if (!emoji) return undefined;
  return `<span class="emoji" role="img" aria-label="${emoji.unicode}" title=":${name}:">${emoji.svg}</span>`;
}
