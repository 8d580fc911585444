import { summarize } from '../../../../../src/format/summaries/index.js';
import { loadRecorded } from '../../../../harness/golden/render-golden.js';
import { measure, summaryOf } from './summary-of.js';

// openssl s_client (the tls command) read from real handshakes with s_server on the rig, with
// certificates made for each case: valid, about to expire, expired; and with no TLS at all.

describe('tls, as an SRE reads it', () => {
  it('a handshake with an untrusted certificate is degraded, with protocol, cipher, subject and days left', () => {
    const { summary } = summaryOf('tls-ok');
    expect(summary.tone).toBe('degraded');
    expect(summary.headline).toBe('TLSv1.3, certificate not trusted: self-signed certificate');
    expect(summary.facts).toEqual([
      'TLSv1.3, cipher TLS_AES_256_GCM_SHA384',
      'subject CN = web.test.internal, O = netshoot-bot test rig',
      'issuer: itself (self-signed)',
      'valid Oct 31 2026 to Feb 28 2027 (90 days left)',
      'verification: self-signed certificate (18)',
    ]);
    expect(measure(summary, 'tls.protocol')).toBe('TLSv1.3');
    expect(measure(summary, 'cert.expiry')).toMatch(/^Feb 28 [\d:]{8} 2027 GMT$/);
  });

  it('reads the image’s openssl the same way', () => {
    const { summary } = summaryOf('tls-image-ok');
    expect(summary.headline).toBe('TLSv1.3, certificate not trusted: self-signed certificate');
    expect(measure(summary, 'cert.expiry')).toMatch(/ 2036 GMT$/);
  });

  it('a certificate that expires within 14 days is degraded, counted from the handshake', () => {
    const { summary } = summaryOf('tls-expiring');
    expect(summary.tone).toBe('degraded');
    expect(summary.headline).toBe('certificate expires in 5 days (Dec 5 2026)');
  });

  it('an expired certificate is broken', () => {
    const { summary } = summaryOf('tls-expired');
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toBe('certificate has expired 3 days ago (Nov 27 2026)');
    expect(measure(summary, 'cert.verify')).toBe('certificate has expired');
  });

  it("without the handshake's clock (no session ticket came before stdin closed), expired is OpenSSL's own verdict, and no days are counted", () => {
    const { result } = loadRecorded('tls-expired');
    const withoutSession = result.stdout.split('\n---\nPost-Handshake New Session Ticket arrived:')[0] ?? '';
    expect(withoutSession).not.toContain('Start Time');
    const summary = summarize('tls', { ...result, stdout: withoutSession });
    expect(summary?.tone).toBe('broken');
    expect(summary?.headline).toBe('certificate has expired (Nov 27 2026)');
    expect(summary?.facts).toContain('valid Oct 28 2026 to Nov 27 2026');
  });

  it('a port that speaks plain HTTP is not TLS, and a closed one refused', () => {
    const plain = summaryOf('tls-not-tls');
    expect(plain.summary.tone).toBe('broken');
    expect(plain.summary.headline).toBe(
      `no TLS on ${plain.server}:8080: the server does not speak TLS there`,
    );
    const closed = summaryOf('tls-refused');
    expect(closed.summary.tone).toBe('broken');
    expect(closed.summary.headline).toBe(`${closed.server}:5433 refused the connection`);
  });
});
