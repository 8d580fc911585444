import { conversationPage } from '../../harness/gallery/block-kit-html.js';
import { escapeHtml, mrkdwnToHtml } from '../../harness/gallery/mrkdwn-html.js';

// The gallery's Block Kit to HTML: what a message says must reach the page as text. Tool output is
// whatever the network sent back; a `<script>` in it must show, never run.

describe('mrkdwnToHtml', () => {
  test.each([
    ['Slack-escaped text', 'body &lt;script&gt;alert(1)&lt;/script&gt; &amp; more'],
    ['raw angle brackets', 'body <script>alert(1)</script>'],
    ['in a code span', '`<script>alert(1)</script>`'],
    ['in a code block', '```\n<script>alert(1)</script>\n```'],
    ['in a link label', '<https://example.test|<script>alert(1)</script>>'],
    ['as a mention label', '<@U1|<img src=x onerror=alert(1)>>'],
    ['in bold', '*<script>alert(1)</script>*'],
  ])('a <script> %s shows as text and never becomes HTML', (_, text) => {
    const html = mrkdwnToHtml(text);
    expect(html).not.toMatch(/<script|<img|<\/script/i);
    expect(html).toMatch(/&lt;(script|img)/);
  });

  test('a link cannot smuggle an attribute or a javascript: URL', () => {
    expect(mrkdwnToHtml('<https://x.test/" onmouseover="alert(1)|x>')).not.toContain('" onmouseover');
    expect(mrkdwnToHtml('<javascript:alert(1)|click>')).not.toContain('href');
  });

  test('formats as Slack does: bold, code, code blocks, mentions, emoji, line breaks', () => {
    expect(mrkdwnToHtml('*198.18.0.2: 3/3 replies*')).toBe('<b>198.18.0.2: 3/3 replies</b>');
    expect(mrkdwnToHtml('`dig db.internal`')).toBe('<code>dig db.internal</code>');
    expect(mrkdwnToHtml('```\na *not bold*\n```')).toBe('<pre class="code-block">a *not bold*</pre>');
    expect(mrkdwnToHtml('requested by <@U0ALICE>')).toBe('requested by <span class="mention">@alice</span>');
    expect(mrkdwnToHtml(':white_check_mark: done')).toContain('aria-label="\u2705"');
    expect(mrkdwnToHtml(':not_an_emoji_we_use:')).toBe(':not_an_emoji_we_use:');
    expect(mrkdwnToHtml('a\nb')).toBe('a<br>b');
    expect(mrkdwnToHtml('a -&gt; b')).toBe('a -&gt; b');
  });
});

describe('conversationPage', () => {
  test('the notification text, button labels and file names are escaped too', () => {
    const page = conversationPage(
      {
        channel: {
          text: '<script>x</script>',
          blocks: [
            {
              type: 'actions',
              elements: [
                { type: 'button', action_id: 'a', text: { type: 'plain_text', text: '<script>y</script>' } },
              ],
            },
          ],
        },
        thread: {
          message: { text: '<script>z</script>', blocks: [] },
          files: [{ filename: '<script>w</script>.txt', bytes: 10 }],
          images: [{ title: '"><script>v</script>', src: 'a.png' }],
        },
      },
      720,
    );
    expect(page).not.toMatch(/<script/i);
    expect(escapeHtml('"\'<>&')).toBe('&quot;&#39;&lt;&gt;&amp;');
  });
});
