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

  it('hides every credential of an AWS metadata answer and keeps the rest', () => {
    const answer = JSON.stringify(
      {
        Code: 'Success',
        LastUpdated: '2026-11-30T05:00:00Z',
        Type: 'AWS-HMAC',
        AccessKeyId: 'ASIAIOSFODNN7EXAMPLE',
        SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        Token: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ"quoted"',
        Expiration: '2026-11-30T11:00:00Z',
      },
      null,
      2,
    );
    const redacted = redactSecrets(answer);
    expect(JSON.parse(redacted)).toEqual({
      Code: 'Success',
      LastUpdated: '2026-11-30T05:00:00Z',
      Type: 'AWS-HMAC',
      AccessKeyId: '[redacted]',
      SecretAccessKey: '[redacted]',
      Token: '[redacted]',
      Expiration: '2026-11-30T11:00:00Z',
    });
    expect(redacted).not.toMatch(/ASIA|wJalr|IQoJ|quoted/);
  });

  it('hides OAuth tokens in JSON (compact or spaced) and keeps their type and lifetime', () => {
    const answer =
      '{"access_token":"ya29.c.b0Aaek","expires_in":3599,"token_type":"Bearer","refresh_token" : "1//0gdx","id_token":"eyJhbGci.x.y","client_secret":"GOCSPX-abc"}';
    expect(JSON.parse(redactSecrets(answer))).toEqual({
      access_token: '[redacted]',
      expires_in: 3599,
      token_type: 'Bearer',
      refresh_token: '[redacted]',
      id_token: '[redacted]',
      client_secret: '[redacted]',
    });
  });

  it.each([
    ['> X-aws-ec2-metadata-token: AQAEAFz5Ue3c', '> X-aws-ec2-metadata-token: [redacted]'],
    ['< x-amz-security-token: FwoGZXIvYXdzE', '< x-amz-security-token: [redacted]'],
    ['GET /cb?code=1&access_token=ya29.abc&state=x', 'GET /cb?code=1&access_token=[redacted]&state=x'],
    [
      'AWS_SESSION_TOKEN=FwoGZXIvYXdz AWS_REGION=eu-west-1',
      'AWS_SESSION_TOKEN=[redacted] AWS_REGION=eu-west-1',
    ],
    ['SessionToken: FwoGZXIvYXdz', 'SessionToken: [redacted]'],
    ['aws_secret_access_key = wJalrXUtnFEMI', 'aws_secret_access_key = [redacted]'],
    ["password: 'hunter2'", "password: '[redacted]'"],
    ['key id AKIAIOSFODNN7EXAMPLE seen', 'key id [redacted] seen'],
  ])('hides the credential in %j', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('hides private keys, whole or cut off by the output cap', () => {
    const key = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7\nabc=\n-----END RSA PRIVATE KEY-----';
    expect(redactSecrets(`before\n${key}\nafter`)).toBe(
      'before\n-----BEGIN RSA PRIVATE KEY-----[redacted]-----END RSA PRIVATE KEY-----\nafter',
    );
    expect(
      redactSecrets(
        '{"private_key_id": "abc", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQ\\n-----END PRIVATE KEY-----\\n"}',
      ),
    ).toBe('{"private_key_id": "abc", "private_key": "[redacted]"}');
    expect(redactSecrets('-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI')).toBe(
      '-----BEGIN EC PRIVATE KEY-----[redacted]',
    );
  });

  it('keeps certificates and words that only look like keys', () => {
    const text =
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"token_type": "Bearer", tokens: 5, max_tokens=9\n';
    expect(redactSecrets(text)).toBe(text);
  });

  it('leaves ordinary output untouched', () => {
    const text = 'HTTP/1.1 200 OK\nContent-Type: text/plain\nhttp://db:8080/ ok\n';
    expect(redactSecrets(text)).toBe(text);
  });
});
