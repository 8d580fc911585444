import { InvalidInputError } from '../../../src/errors.js';
import { quoteForDisplay, tokenise } from '../../../src/grammar/tokenise.js';

describe('tokenise', () => {
  it.each([
    ['splits on spaces, tabs and line breaks', 'a  b\tc\nd\r\ne', ['a', 'b', 'c', 'd', 'e']],
    ['keeps single-quoted text as one word, backslashes included', "a 'b c\\d' e", ['a', 'b c\\d', 'e']],
    ['keeps double-quoted text as one word', 'a "b c" d', ['a', 'b c', 'd']],
    ['escapes a double quote inside double quotes', 'a "say \\"hi\\""', ['a', 'say "hi"']],
    ['keeps a backslash before an ordinary character inside double quotes', '"a\\.b"', ['a\\.b']],
    ['takes a backslash outside quotes as escaping the next character', 'a\\ b c\\;', ['a b', 'c;']],
    ['joins adjacent pieces into one word', `a"b c"'d e'f`, ['ab cd ef']],
    ['gives an empty word for empty quotes', "a '' b", ['a', '', 'b']],
    [
      'treats $, backticks, globs and operators as plain characters',
      'a $(id) `x` *.txt ; b|c && d > e',
      ['a', '$(id)', '`x`', '*.txt', ';', 'b|c', '&&', 'd', '>', 'e'],
    ],
    ['gives nothing for a blank line', '   ', []],
  ])('%s', (_case, line, words) => {
    expect(tokenise(line)).toEqual(words);
  });

  it('refuses an unterminated single quote and says where it opened', () => {
    expect(() => tokenise("dig pod/a 'db")).toThrow(
      new InvalidInputError('the single quote at character 11 is never closed'),
    );
  });

  it('refuses an unterminated double quote', () => {
    expect(() => tokenise('a "b')).toThrow(/double quote at character 3 is never closed/);
  });

  it('refuses a line that ends with a lone backslash', () => {
    expect(() => tokenise('a b\\')).toThrow(InvalidInputError);
  });
});

describe('quoteForDisplay', () => {
  it.each([
    ['dig', 'dig'],
    ['198.18.0.1', '198.18.0.1'],
    ['port 80', "'port 80'"],
    ["it's", "'it'\\''s'"],
    ['', "''"],
    ['$(id)', "'$(id)'"],
  ])('shows %j as %s', (word, shown) => {
    expect(quoteForDisplay(word)).toBe(shown);
  });

  it('round-trips through tokenise', () => {
    const words = ['a b', "it's", '', '$x', 'plain', '"q"'];
    expect(tokenise(words.map(quoteForDisplay).join(' '))).toEqual(words);
  });
});
