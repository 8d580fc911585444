import { InvalidInputError } from '../errors.js';

/**
 * Splits a command line into words with the shell's quoting rules and nothing else of the shell
 * (SPEC 3). POSIX quote removal, as people expect when they paste a line from a terminal:
 * - outside quotes, a backslash keeps the next character literal (`a\ b` is one word `a b`);
 * - inside '...', everything is literal, backslashes included;
 * - inside "...", a backslash escapes only `"` `\` `$` and a backquote, and is literal before anything else;
 * - adjacent pieces join into one word (`a"b c"d` is `ab cd`); `''` is an empty word.
 * `$`, backquotes, `*`, `;`, `|`, `&&`, `>` are plain characters: no expansion, no operators.
 * Words are split on spaces, tabs and line breaks.
 */
export function tokenise(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  let quoteStart = 0;

  for (let index = 0; index < line.length; index += 1) {
    const char = line[index] as string;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
      continue;
    }
    if (quote === '"') {
      if (char === '"') {
        quote = undefined;
      } else if (char === '\\' && index + 1 < line.length && '"\\$`'.includes(line[index + 1] as string)) {
        word += line[index + 1];
        index += 1;
      } else {
        word += char;
      }
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (char === "'" || char === '"') {
      quote = char;
      quoteStart = index;
    } else if (char === '\\') {
      const next = line[index + 1];
      if (next === undefined) {
        throw new InvalidInputError('the line ends with a backslash, which escapes nothing', [
          'write \\\\ for a backslash, or put the value in single quotes',
        ]);
      }
      word += next;
      index += 1;
    } else {
      word += char;
    }
  }

  if (quote !== undefined) {
    throw new InvalidInputError(
      `the ${quote === "'" ? 'single' : 'double'} quote at character ${quoteStart + 1} is never closed`,
      [`close it with a matching ${quote}`],
    );
  }
  if (inWord) words.push(word);
  return words;
}

/** The inverse, for showing argv back to people: quotes only the words that need it. */
export function quoteForDisplay(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
