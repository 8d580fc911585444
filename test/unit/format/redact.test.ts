import { redactSecrets } from '../../../src/format/redact.js';

describe('redacting secrets from tool output', () => {
  it.each([
    ['> Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig', '> Authorization: [redacted]'],
    ['< Set-Cookie: session=abc123; Path=/', '< Set-Cookie: [redacted]'],
    ['> Cookie: a=1; b=2', '> Cookie: [redacted]'],
    ['proxy-authorization: Basic dXNlcjpwYXNz', 'proxy-authorization: [redacted]'],
    ['token was Bearer abcdefgh12345678 in the log', 'token was Bearer [redacted] in the log'],
    [
      '* Connected to https://admin:s3cret@db.internal:8443/x',
      '* Connected to https://admin:[redacted]@db.internal:8443/x',
    ],
  ])('hides the secret in %j', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('leaves ordinary output untouched', () => {
    const text = 'HTTP/1.1 200 OK\nContent-Type: text/plain\nhttp://db:8080/ ok\n';
    expect(redactSecrets(text)).toBe(text);
  });
});
