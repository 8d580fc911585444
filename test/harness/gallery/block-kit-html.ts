import type { KnownBlock } from '@slack/types';
import { escapeHtml, mrkdwnToHtml, plainTextToHtml } from './mrkdwn-html.js';

// Block Kit as Slack lays it out in a channel, close enough for a screenshot in the docs: the bot's
// avatar and name, the blocks, and the thread under it with its files and chart images. Only the
// blocks the bot posts are drawn; any other block shows as a labelled gap, so that a new kind is
// noticed in the gallery instead of silently missing.

export interface GalleryMessage {
  readonly text: string;
  readonly blocks: readonly KnownBlock[];
}

export interface GalleryFile {
  readonly filename: string;
  readonly bytes: number;
}

export interface GalleryImage {
  readonly title: string;
  /** Where the page finds the PNG (a file name next to the HTML). */
  readonly src: string;
}

export interface Conversation {
  readonly channel: GalleryMessage;
  readonly thread?: {
    readonly message: GalleryMessage;
    readonly files: readonly GalleryFile[];
    readonly images: readonly GalleryImage[];
  };
}

const botName = 'netshoot-bot';
const time = '3:00 AM';

/** A whole HTML page showing one conversation. */
export function conversationPage(conversation: Conversation, width: number): string {
  const thread = conversation.thread;
  return `<!doctype html>
<html><head><meta charset="utf-8"><style>${css(width)}</style></head>
<body><main>
<div class="channel-name"># incidents</div>
${messageHtml(conversation.channel, [], [])}
${
  thread
    ? `<div class="replies"><span class="avatar small">NB</span><a>1 reply</a></div>
<div class="thread"><div class="thread-title">Thread <span># incidents</span></div>
${messageHtml(thread.message, thread.files, thread.images)}</div>`
    : ''
}
</main></body></html>
`;
}

function messageHtml(
  message: GalleryMessage,
  files: readonly GalleryFile[],
  images: readonly GalleryImage[],
): string {
  const body =
    message.blocks.length > 0 ? message.blocks.map(blockHtml).join('\n') : mrkdwnToHtml(message.text);
  // Slack folds a long message behind "Show more"; the picture does the same past about 30 lines.
  const long = linesOf(message) > longMessageLines;
  return `<div class="message"><div class="avatar">NB</div><div class="content">
<div class="header"><b>${botName}</b><span class="app">APP</span><span class="time">${time}</span></div>
${long ? `<div class="long">${body}</div><a class="show-more">Show more</a>` : body}
${files.map(fileHtml).join('\n')}
${images.map(imageHtml).join('\n')}
</div></div>`;
}

const longMessageLines = 30;

function linesOf(message: GalleryMessage): number {
  return JSON.stringify(message.blocks).split('\\n').length;
}

function blockHtml(block: KnownBlock): string {
  switch (block.type) {
    case 'section': {
      const text = block.text ? textHtml(block.text) : '';
      const fields = block.fields
        ? `<div class="fields">${block.fields.map((field) => `<div>${textHtml(field)}</div>`).join('')}</div>`
        : '';
      return `<div class="section">${text}${fields}</div>`;
    }
    case 'context':
      return `<div class="context">${block.elements
        .map((element) =>
          element.type === 'image'
            ? `<span class="context-image" title="${escapeHtml(element.alt_text)}"></span>`
            : `<span>${textHtml(element)}</span>`,
        )
        .join(' ')}</div>`;
    case 'actions':
      return `<div class="actions">${block.elements
        .map((element) =>
          element.type === 'button'
            ? `<span class="button${element.style ? ` ${element.style}` : ''}">${plainTextToHtml(element.text.text)}</span>`
            : `<span class="button">${escapeHtml(element.type)}</span>`,
        )
        .join('')}</div>`;
    case 'divider':
      return '<hr>';
    case 'header':
      return `<div class="block-header">${plainTextToHtml(block.text.text)}</div>`;
    default:
      return `<div class="unknown">[${escapeHtml(block.type)} block: not drawn by the gallery]</div>`;
  }
}

function textHtml(text: { type: 'mrkdwn' | 'plain_text'; text: string }): string {
  return text.type === 'mrkdwn' ? mrkdwnToHtml(text.text) : plainTextToHtml(text.text);
}

function fileHtml(file: GalleryFile): string {
  const kind = file.filename.endsWith('.pcap')
    ? 'Packet capture'
    : file.filename.endsWith('.txt')
      ? 'Plain Text'
      : 'File';
  return `<div class="file"><div class="file-icon">${escapeHtml(file.filename.split('.').pop()?.toUpperCase() ?? '')}</div>
<div><div class="file-name">${escapeHtml(file.filename)}</div><div class="file-meta">${kind} · ${sizeOf(file.bytes)}</div></div></div>`;
}

function imageHtml(image: GalleryImage): string {
  return `<div class="image"><div class="image-title">${escapeHtml(image.title)}</div><img src="${escapeHtml(image.src)}" alt="${escapeHtml(image.title)}"></div>`;
}

function sizeOf(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

// Slack's light theme: Lato where installed, DejaVu Sans otherwise (the font the machines have).
function css(width: number): string {
  return `
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #1d1c1d; font: 15px/1.46668 Lato, "DejaVu Sans", sans-serif; }
main { width: ${width}px; padding: 8px 0 16px; }
.channel-name { font-weight: bold; padding: 6px 20px 10px; border-bottom: 1px solid #e2e2e2; margin-bottom: 8px; }
.message { display: flex; gap: 8px; padding: 8px 20px; }
.avatar { flex: none; width: 36px; height: 36px; border-radius: 6px; background: #1264a3; color: #fff;
  font-weight: bold; font-size: 14px; display: flex; align-items: center; justify-content: center; }
.avatar.small { width: 20px; height: 20px; font-size: 9px; border-radius: 4px; display: inline-flex; }
.content { min-width: 0; flex: 1; }
.header { margin-bottom: 2px; }
.header .app { font-size: 10px; font-weight: bold; color: #616061; background: #e8e8e8; border-radius: 2px;
  padding: 1px 3px; margin: 0 6px; vertical-align: 2px; }
.header .time { font-size: 12px; color: #616061; }
.section { margin: 2px 0 6px; word-wrap: break-word; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; }
.context { font-size: 13px; color: #616061; margin: 4px 0; }
.context .emoji svg { width: 16px; height: 16px; }
.actions { margin: 8px 0 4px; display: flex; gap: 8px; }
.button { display: inline-block; border: 1px solid #bbbabb; border-radius: 4px; padding: 3px 12px;
  font-size: 14px; font-weight: bold; background: #fff; }
.button.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
.button.danger { background: #fff; border-color: #bbbabb; color: #e01e5a; }
code { font: 12px/1.5 "DejaVu Sans Mono", monospace; color: #e01e5a; background: #f6f6f6;
  border: 1px solid #e8e8e8; border-radius: 3px; padding: 1px 3px; }
pre.code-block { font: 12px/1.5 "DejaVu Sans Mono", monospace; background: #f8f8f8; border: 1px solid #e2e2e2;
  border-radius: 4px; padding: 8px; margin: 4px 0; white-space: pre-wrap; word-break: break-all; }
.mention { color: #1264a3; background: #e8f5fa; border-radius: 3px; padding: 0 2px; }
a { color: #1264a3; text-decoration: none; }
.emoji { display: inline-block; vertical-align: -4px; margin: 0 1px; }
.replies { padding: 0 20px 8px 64px; font-size: 13px; font-weight: bold; display: flex; gap: 6px; align-items: center; }
.thread { border-top: 1px solid #e2e2e2; margin: 8px 0 0; padding-top: 4px; background: #fff; }
.thread-title { font-weight: bold; padding: 8px 20px; }
.thread-title span { font-weight: normal; color: #616061; font-size: 13px; margin-left: 6px; }
.file { display: flex; gap: 10px; align-items: center; border: 1px solid #dddddd; border-radius: 8px;
  padding: 10px; margin: 6px 0; max-width: 420px; }
.file-icon { width: 36px; height: 36px; border-radius: 6px; background: #616061; color: #fff; font-size: 10px;
  font-weight: bold; display: flex; align-items: center; justify-content: center; }
.file-name { font-weight: bold; font-size: 14px; }
.file-meta { font-size: 12px; color: #616061; }
.image { margin: 8px 0; }
.image-title { font-size: 13px; color: #616061; margin-bottom: 4px; }
.image img { max-width: 480px; max-height: 360px; border: 1px solid #e2e2e2; border-radius: 8px; display: block; }
.long { max-height: 620px; overflow: hidden; -webkit-mask-image: linear-gradient(#000 85%, transparent); }
.show-more { display: block; font-size: 13px; margin: 2px 0 6px; }
.block-header { font-size: 18px; font-weight: bold; margin: 4px 0; }
hr { border: none; border-top: 1px solid #e2e2e2; }
.unknown { color: #e01e5a; font-size: 13px; }
`;
}
