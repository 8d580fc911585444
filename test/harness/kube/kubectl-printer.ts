/** How kubectl prints what the server answered: tables from Table objects, NAME and AGE otherwise. */

export interface Table {
  columnDefinitions: { name: string; priority: number }[];
  rows: { cells: unknown[] }[];
}

/** kubectl's table printer: upper-case headers, priority-1 columns only with -o wide, 3 spaces apart. */
export function printTable(table: Table, wide: boolean): string {
  const shown = table.columnDefinitions
    .map((column, index) => ({ column, index }))
    .filter(({ column }) => wide || column.priority === 0);
  return printRows(
    shown.map(({ column }) => column.name.toUpperCase()),
    table.rows.map((row) => shown.map(({ index }) => String(row.cells[index]))),
  );
}

export function printRows(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => row[column]!.length)));
  return all
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]! + 3)))
        .join(''),
    )
    .join('\n')
    .concat('\n');
}

export function age(timestamp: string): string {
  const seconds = Math.max(0, Math.round((Date.now() - new Date(timestamp).getTime()) / 1000));
  return seconds < 120 ? `${seconds}s` : `${Math.round(seconds / 60)}m`;
}
