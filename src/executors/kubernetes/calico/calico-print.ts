/**
 * calicoctl's two table styles, byte for byte, so that its reader (src/format/summaries/state/
 * calicoctl.ts) and people read the API's answer as calicoctl's own:
 * - `get` (ps and wide): Go's text/tabwriter with minwidth 5, padding 3, every cell tab-terminated
 *   (calicoctl/commands/common/printer.go, resourcemgr GetTableTemplate), then a blank line;
 * - `ipam show`: go-pretty's default box table, headers centred, numbers right-aligned
 *   (calicoctl/commands/ipam/show.go).
 */

/** A tabwriter table: each column as wide as its widest cell plus 3 (at least 5), trailing pad kept. */
export function printPsTable(headings: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [headings, ...rows];
  const widths = headings.map((_, column) =>
    Math.max(5, ...lines.map((line) => (line[column] ?? '').length + 3)),
  );
  const text = lines.map((line) => line.map((cell, column) => cell.padEnd(widths[column]!)).join(''));
  return `${text.join('\n')}\n\n`;
}

/** go-pretty's StyleDefault: `+---+` rules, header centred, `right` columns right-aligned. */
export function printBoxTable(
  headings: readonly string[],
  rows: readonly (readonly string[])[],
  right: ReadonlySet<string>,
): string {
  const widths = headings.map((heading, column) =>
    Math.max(heading.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const rule = `+${widths.map((width) => '-'.repeat(width + 2)).join('+')}+`;
  const centre = (text: string, width: number): string => {
    const left = Math.floor((width - text.length) / 2);
    return `${' '.repeat(left)}${text}`.padEnd(width);
  };
  const header = `| ${headings.map((heading, column) => centre(heading, widths[column]!)).join(' | ')} |`;
  const body = rows.map(
    (row) =>
      `| ${row
        .map((cell, column) =>
          right.has(headings[column]!) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
        )
        .join(' | ')} |`,
  );
  return [rule, header, rule, ...body, rule].join('\n') + '\n';
}

/** Go's `%.5g`: up to five significant digits, an exponent (`e+06`) from a million on. */
export function goG5(value: number): string {
  if (value === 0) return '0';
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (exponent < -4 || exponent >= 5) {
    const [mantissa, power] = value.toExponential(4).split('e');
    const digits = mantissa!.includes('.') ? mantissa!.replace(/\.?0+$/, '') : mantissa!;
    const sign = power!.startsWith('-') ? '-' : '+';
    return `${digits}e${sign}${power!.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  return String(Number(value.toPrecision(5)));
}

/** Go's `%.f`: rounded to a whole number, halves to the even one (37.5 -> 38, 62.5 -> 62). */
export function goWhole(value: number): string {
  const floor = Math.floor(value);
  const rest = value - floor;
  if (rest > 0.5 || (rest === 0.5 && floor % 2 !== 0)) return String(floor + 1);
  return String(floor);
}
