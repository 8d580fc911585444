import type { TextTable } from './summaries/summary.js';

/**
 * A table as `ip -br` lays out its own: columns padded to their widest cell, two spaces apart, a
 * header line first, no borders (they cost width in Slack's code blocks and add nothing). Numbers
 * align right where the table says so. The title, when there is one, goes above.
 */
export function renderTable(table: TextTable): string {
  const cells = [table.columns, ...table.rows];
  const widths = table.columns.map((_, column) =>
    Math.max(...cells.map((row) => (row[column] ?? '').length)),
  );
  const lines = cells.map((row) =>
    table.columns
      .map((_, column) => {
        const cell = row[column] ?? '';
        const width = widths[column] ?? 0;
        return table.align?.[column] === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd(),
  );
  return [...(table.title ? [table.title] : []), ...lines].join('\n');
}
