import type { z } from 'zod';
import type { ToolSyntax } from './tool-syntax.js';
import type { RawArgs } from './parse-tool-args.js';
import { formatTarget, isTargetRef } from './target.js';
import { ownEntry } from './own-entry.js';

/**
 * Turns a zod issue about the tool's arguments into a sentence in the user's terms: the flag they
 * typed (`-c`), the prefix form (`@server`) or the positional's name (`NAME`), with the value given,
 * never the schema's internal key.
 */
export function describeArgumentIssue(
  tool: string,
  syntax: ToolSyntax,
  raw: RawArgs,
  words: readonly string[],
  issue: z.core.$ZodIssue,
): string {
  const [key, index] = issue.path;
  if (typeof key !== 'string') {
    if (issue.code === 'unrecognized_keys') return `${tool}: ${issue.keys.join(', ')} cannot be used here`;
    return `${tool}: ${issue.message}`;
  }
  const term = termFor(syntax, key, words);
  const value = ownEntry(raw, key);
  const given = typeof index === 'number' ? (value as unknown[] | undefined)?.[index] : value;
  if (given === undefined) return `${tool}: ${term} is missing`;
  // The shared value schemas already quote the value in their message; do not say it twice.
  const shown = show(given);
  return issue.message.includes(shown)
    ? `${tool}: ${term}: ${issue.message}`
    : `${tool}: ${term} ${shown}: ${issue.message}`;
}

function termFor(syntax: ToolSyntax, key: string, words: readonly string[]): string {
  const flags = Object.entries(syntax.flags)
    .filter(([, spec]) => spec.key === key)
    .map(([flag]) => flag);
  const typed = flags.find((flag) =>
    words.some(
      (word) =>
        word === flag || word.startsWith(`${flag}=`) || (/^-[^-]$/.test(flag) && word.startsWith(flag)),
    ),
  );
  if (typed) return typed;
  // A value that can be a flag or a word (tls -connect HOST or HOST) is named as the word.
  if (syntax.positionals.some((spec) => spec.key === key)) return key.toUpperCase();
  if (flags[0]) return flags[0];
  const prefix = Object.entries(syntax.prefixes ?? {}).find(([, prefixKey]) => prefixKey === key);
  if (prefix) return `${prefix[0]}${key}`;
  if (syntax.positionals.some((spec) => spec.key === key)) return key.toUpperCase();
  return key;
}

function show(value: unknown): string {
  if (isTargetRef(value)) return formatTarget(value);
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  return JSON.stringify(value) ?? String(value);
}
