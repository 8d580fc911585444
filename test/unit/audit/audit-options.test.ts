import { parseAuditEvent, parseSince } from '../../../src/audit/audit-reader.js';
import { ConfigError, loadConfig } from '../../../src/config/env.js';
import { InvalidInputError } from '../../../src/errors.js';

describe('what `netshoot-bot audit` and NETSHOOT_AUDIT_CHANNEL accept', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['7d', 7 * 86_400_000],
  ])('--since %s looks back %d ms', (text, ms) => {
    expect(parseSince(text)).toBe(ms);
  });

  it.each(['0h', 'yesterday', '1w', '-1h', ''])(
    'refuses --since %p with an example of what to write',
    (text) => {
      expect(() => parseSince(text)).toThrow(InvalidInputError);
      expect(() => parseSince(text)).toThrow(/is not a time to look back over/);
    },
  );

  it('refuses an unknown --event and lists the events', () => {
    expect(parseAuditEvent('finished')).toBe('finished');
    try {
      parseAuditEvent('done');
      throw new Error('accepted done');
    } catch (error) {
      expect((error as InvalidInputError).describe()).toMatch(
        /'done' is not an audit event\nwrite one of requested, refused, .*artifact$/,
      );
    }
  });

  it.each(['C0123ABCD', 'G0123ABCD', '#netshoot-audit'])('takes NETSHOOT_AUDIT_CHANNEL=%s', (channel) => {
    expect(loadConfig({ NETSHOOT_AUDIT_CHANNEL: channel }).NETSHOOT_AUDIT_CHANNEL).toBe(channel);
  });

  it.each(['netshoot audit', 'U0123ABCD', '<#C0123ABCD>'])(
    'refuses NETSHOOT_AUDIT_CHANNEL=%s saying what to write',
    (channel) => {
      expect(() => loadConfig({ NETSHOOT_AUDIT_CHANNEL: channel })).toThrow(ConfigError);
      expect(() => loadConfig({ NETSHOOT_AUDIT_CHANNEL: channel })).toThrow(
        /NETSHOOT_AUDIT_CHANNEL: .*channel's ID .*invite the bot/,
      );
    },
  );
});
