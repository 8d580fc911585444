import type { Summarizer, Summary } from '../../summary.js';
import { plural } from '../json.js';

/** `ipset list` (and -t): each set's name, type, entries and references. `-n` lists names only. */
export const summarizeIpset: Summarizer = (result): Summary | undefined => {
  if (result.exitCode !== 0) return undefined;
  const blocks = result.stdout.split(/^(?=Name: )/m).filter((block) => block.startsWith('Name: '));
  if (blocks.length === 0) {
    const names = result.stdout.split('\n').filter((line) => /^\S+$/.test(line));
    if (!result.argv.includes('-n') || names.length === 0) return undefined;
    return {
      tone: 'ok',
      headline: `${plural(names.length, 'set')}: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''}`,
      facts: [],
      measures: [{ key: 'sets', label: 'sets', value: names.length }],
    };
  }
  const sets = blocks.map((block) => {
    const field = (name: string) => new RegExp(`^${name}: ?(.*)$`, 'm').exec(block)?.[1]?.trim() ?? '';
    return {
      name: field('Name'),
      type: field('Type'),
      entries: Number(field('Number of entries') || '0'),
      references: Number(field('References') || '0'),
    };
  });
  const entries = sets.reduce((sum, set) => sum + set.entries, 0);
  // A set no rule refers to filters nothing; an empty set a rule uses matches nothing: both worth a look.
  const emptyInUse = sets.filter((set) => set.entries === 0 && set.references > 0);
  return {
    tone: 'ok',
    headline: `${plural(sets.length, 'set')}, ${plural(entries, 'entry', 'entries')}`,
    facts: emptyInUse.map((set) => `${set.name} is empty and ${plural(set.references, 'rule')} use it`),
    tables: [
      {
        columns: ['set', 'type', 'entries', 'references'],
        rows: sets.map((set) => [set.name, set.type, String(set.entries), String(set.references)]),
        align: ['left', 'left', 'right', 'right'],
      },
    ],
    measures: [
      { key: 'sets', label: 'sets', value: sets.length },
      ...sets.map((set) => ({
        key: `entries.${set.name}`,
        label: `${set.name} entries`,
        value: set.entries,
      })),
    ],
  };
};
