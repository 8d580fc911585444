import type { Summary, TextTable } from '../summary.js';
import { plural } from './json.js';

/** A JSON value as one table cell: lists joined, nested objects as their values. */
function cellOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (Array.isArray(value))
    return value
      .map(cellOf)
      .filter(Boolean)
      .join(value.every((item) => typeof item !== 'object') ? ',' : '; ');
  return Object.values(value as Record<string, unknown>)
    .map(cellOf)
    .filter(Boolean)
    .join(' ');
}

/** The widest tables still read in Slack's code blocks. */
const maxColumns = 8;

/**
 * Any array of JSON objects (`ip -j maddr`, `bridge -j vlan`) as a table of its fields in the order they
 * first appear: what ip or bridge print for objects without a summary of their own, so that no message
 * shows JSON unless --raw was asked.
 */
export function jsonTable(items: readonly Record<string, unknown>[], noun: string, nouns?: string): Summary {
  const columns: string[] = [];
  for (const item of items)
    for (const key of Object.keys(item)) if (!columns.includes(key)) columns.push(key);
  const shown = columns.slice(0, maxColumns);
  const table: TextTable = {
    columns: shown,
    rows: items.map((item) => shown.map((key) => cellOf(item[key]))),
  };
  return {
    tone: 'ok',
    headline: plural(items.length, noun, nouns),
    facts: [],
    tables: items.length > 0 ? [table] : [],
    measures: [{ key: 'entries', label: nouns ?? `${noun}s`, value: items.length }],
  };
}
