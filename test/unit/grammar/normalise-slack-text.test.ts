import { normaliseSlackText } from '../../../src/grammar/normalise-slack-text.js';

describe('normaliseSlackText', () => {
  it.each([
    [
      'a link with a label becomes the label',
      'curl pod/a <http://db:8080/health|db:8080/health>',
      'curl pod/a db:8080/health',
    ],
    [
      'an auto-linked host name becomes the name shown',
      'dig pod/a <http://example.com|example.com>',
      'dig pod/a example.com',
    ],
    ['a bare link becomes its URL', 'curl pod/a <http://db:8080/>', 'curl pod/a http://db:8080/'],
    [
      'a mailto link becomes the address shown',
      'dig pod/a <mailto:ops@example.com|ops@example.com>',
      'dig pod/a ops@example.com',
    ],
    ['a user mention becomes @ and the name shown', 'dig pod/a <@U123|ns1> db', 'dig pod/a @ns1 db'],
    ['a user mention without a name keeps the id', 'dig pod/a <@U123> db', 'dig pod/a @U123 db'],
    ['a channel mention becomes # and the name shown', 'ping pod/a <#C1|ops>', 'ping pod/a #ops'],
    ['a channel mention without a name keeps the id', 'ping pod/a <#C1>', 'ping pod/a #C1'],
    ['a special mention becomes its @ form', 'ping pod/a <!here>', 'ping pod/a @here'],
    ['a user group mention becomes its label', 'ping pod/a <!subteam^S1|@sre>', 'ping pod/a @sre'],
    ['&amp; &lt; &gt; are decoded', 'ngrep pod/a &lt;x&gt; &amp;&amp; y', 'ngrep pod/a <x> && y'],
    ['entities are decoded once only', 'ngrep pod/a &amp;lt;', 'ngrep pod/a &lt;'],
    [
      'an escaped angle bracket is not taken for a link',
      'ngrep pod/a &lt;http://x&gt;',
      'ngrep pod/a <http://x>',
    ],
    [
      'curly double quotes become straight',
      'ngrep pod/a \u201Chello world\u201D',
      'ngrep pod/a "hello world"',
    ],
    [
      'curly single quotes become straight',
      'ngrep pod/a \u2018hello world\u2019',
      "ngrep pod/a 'hello world'",
    ],
    [
      'an em dash at the start of a word becomes --',
      'dig pod/a db \u2014timeout 5s',
      'dig pod/a db --timeout 5s',
    ],
    ['an en dash at the start of a word becomes --', 'dig pod/a db \u2013raw', 'dig pod/a db --raw'],
    ['an em dash at the start of the line becomes --', '\u2014raw', '--raw'],
    ['a dash inside a word is left alone', 'dig pod/a a\u2014b', 'dig pod/a a\u2014b'],
    ['non-breaking spaces become spaces', 'dig\u00A0pod/a\u202Fdb', 'dig pod/a db'],
    ['zero-width characters are dropped', 'dig pod/a d\u200Bb', 'dig pod/a db'],
    ['shell characters are left as they are', 'dig pod/a $(id) `x` ; | > *', 'dig pod/a $(id) `x` ; | > *'],
  ])('%s', (_case, given, expected) => {
    expect(normaliseSlackText(given)).toBe(expected);
  });
});
