import { splitHostPort } from '../../../src/grammar/split-host-port.js';

describe('splitHostPort, a host with its port in one word as openssl -connect takes it', () => {
  it.each([
    ['db:443', { host: 'db', port: '443' }],
    ['198.18.0.1:8443', { host: '198.18.0.1', port: '8443' }],
    ['svc/db:5432', { host: 'svc/db', port: '5432' }],
    ['[fd00::1]:443', { host: 'fd00::1', port: '443' }],
    ['[fd00::1]', { host: 'fd00::1' }],
    ['db:https', { host: 'db', port: 'https' }],
  ])('splits %s', (word, expected) => {
    expect(splitHostPort(word)).toEqual(expected);
  });

  it.each([
    ['db', 'a bare name'],
    ['fd00::1', 'a bare IPv6 address, whose colons are its own'],
    ['::1', 'the IPv6 loopback'],
    [':443', 'no host'],
    ['db:', 'no port'],
    ['db:443:1', 'two colons without brackets'],
    ['[fd00::1]:443:1', 'a bracketed address followed by more than a port'],
  ])('leaves %s whole (%s)', (word) => {
    expect(splitHostPort(word)).toBeUndefined();
  });
});
