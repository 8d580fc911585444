/**
 * An argv as a person reads it, quoted where a word holds spaces, newlines or quotes, so what is
 * shown is unambiguous. For display only: nothing ever runs it through a shell.
 */
export function formatArgv(argv: readonly string[]): string {
  return argv.map(quoteWord).join(' ');
}

function quoteWord(word: string): string {
  if (/^[\w@%+=:,./{}-]+$/.test(word)) return word;
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\t/g, '\\t')}'`;
}
