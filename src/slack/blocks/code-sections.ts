import type { SectionBlock } from '@slack/types';
import type { TextTable } from '../../format/summaries/summary.js';
import { renderTable } from '../../format/text-table.js';
import { codeBlock, escapeMrkdwn } from '../slack-text.js';

/** Slack's per-section limit is 3000 characters; a little room stays for a label line. */
const sectionChars = 2900;

/** One run's part of the thread: its output in a code block, or a note in its place. */
export type SectionContent = { readonly label?: string } & (
  { readonly text: string } | { readonly note: string }
);

/** Slack's cap on blocks in a message, less the verdict's, the changes' and the notes'. */
const blockLimit = 50 - 4;

/**
 * Tables, then outputs, as code-block sections within `budget` characters and Slack's limits. `cut`
 * says something did not fit: the caller attaches the whole as a file.
 */
export function layOutSections(
  tables: readonly TextTable[],
  outputs: readonly SectionContent[],
  budget: number,
): { readonly blocks: readonly SectionBlock[]; readonly cut: boolean } {
  const layout = new Layout(budget);
  for (const table of tables) layout.addTable(table);
  for (const output of outputs) {
    if ('note' in output)
      layout.addNote(`*${escapeMrkdwn(output.label ?? '')}*: ${escapeMrkdwn(output.note)}`);
    else layout.addOutput(output.label, output.text);
  }
  return layout;
}

/**
 * Tables and output laid out as code-block sections within Slack's limits: a section under 3000
 * characters, the message under SPEC 5's budget, at most 50 blocks. A table longer than a section
 * goes on over several, its header repeated; what does not fit at all sets `cut` (it goes in the file).
 */
class Layout {
  readonly blocks: SectionBlock[] = [];
  cut = false;

  constructor(private budget: number) {}

  addTable(table: TextTable): void {
    if (this.cut) return;
    const [header = '', ...rows] = renderTable(untitled(table)).split('\n');
    const title = table.title === undefined ? '' : `*${escapeMrkdwn(table.title)}*`;
    let chunk: string[] = [];
    let first = true;
    const flush = (): boolean => {
      const label = title === '' ? '' : first ? `${title}\n` : `${title}, continued\n`;
      const added = this.add(label, [header, ...chunk].join('\n'));
      first = false;
      chunk = [];
      return added;
    };
    // Room for the fences and the label: a chunk is cut on row boundaries, never mid-row.
    const room = sectionChars - 10 - title.length - ', continued'.length;
    let size = escapeMrkdwn(header).length;
    for (const row of rows) {
      const length = escapeMrkdwn(row).length + 1;
      if (chunk.length > 0 && size + length > room) {
        if (!flush()) return;
        size = escapeMrkdwn(header).length;
      }
      chunk.push(row);
      size += length;
    }
    if (chunk.length > 0 || rows.length === 0) flush();
  }

  addOutput(label: string | undefined, text: string): void {
    if (this.cut) return;
    // A label can quote what ran (diagnose's probes), and so the network: escaped like any tool text.
    const prefix = label === undefined ? '' : `*${escapeMrkdwn(label)}*\n`;
    const room = Math.min(sectionChars, this.budget - 100);
    if (room < 200 || this.blocks.length >= blockLimit) {
      this.cut = true;
      return;
    }
    const block = codeBlock(text, room - prefix.length);
    this.cut ||= block.cut;
    this.push(`${prefix}${block.text}`);
  }

  addNote(text: string): void {
    if (!this.cut && this.blocks.length < blockLimit) this.push(text);
  }

  /** A whole table chunk, or nothing (and `cut`): half a table misleads. */
  private add(label: string, text: string): boolean {
    const block = codeBlock(text, sectionChars - label.length);
    const size = label.length + block.text.length;
    if (block.cut || size > this.budget - 300 || this.blocks.length >= blockLimit) {
      this.cut = true;
      return false;
    }
    this.push(`${label}${block.text}`);
    return true;
  }

  private push(text: string): void {
    this.blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
    this.budget -= text.length;
  }
}

/** The table without its title, which goes above the code block in bold. */
function untitled(table: TextTable): TextTable {
  return { columns: table.columns, rows: table.rows, ...(table.align ? { align: table.align } : {}) };
}
