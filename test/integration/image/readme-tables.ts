import { readFileSync } from 'node:fs';

/** One row of a table in image/README.md whose first cell is a `name` in backticks. */
export interface ReadmeRow {
  readonly name: string;
  /** The cells after the name, trimmed. */
  readonly cells: readonly string[];
}

const readme = (): string => readFileSync(new URL('../../../image/README.md', import.meta.url), 'utf8');

/** The rows of the table in the section of image/README.md headed `## <heading>`. */
export function readmeTable(heading: string): ReadmeRow[] {
  const section = readme().split(`\n## ${heading}\n`)[1]?.split('\n## ')[0];
  if (section === undefined) throw new Error(`image/README.md has no "## ${heading}" section`);
  const rows: ReadmeRow[] = [];
  for (const line of section.split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const name = /^`([^`]+)`$/.exec(cells[0] ?? '')?.[1];
    if (name !== undefined) rows.push({ name, cells: cells.slice(1) });
  }
  return rows;
}

/** A Debian-package cell: `none`, or the packages in backticks. */
export function debianPackagesIn(cell: string | undefined): string[] {
  if (cell === 'none') return [];
  return [...(cell ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');
}
