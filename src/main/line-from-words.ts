import { quoteForDisplay } from '../grammar/tokenise.js';

/**
 * The command line from the CLI's arguments: one argument is the whole line, as typed in Slack
 * (`explain "dig pod/a 'x y'"`); several are words the shell already split (`explain dig pod/a 'x y'`),
 * so each is quoted back where needed and the grammar reads the same words again.
 */
export function lineFromWords(words: readonly string[]): string {
  if (words.length === 1) return words[0] as string;
  return words.map(quoteForDisplay).join(' ');
}
