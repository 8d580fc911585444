import type { WaterfallChart } from '../../../../../src/format/chart-data.js';
import { measure, summaryOf } from './summary-of.js';

// curl read from real transfers on the netns rig and in the toolbox image, through its
// `-w '%{json}'` line: the status and its reason, timing phases, and failures in an SRE's words.

const timing = /^DNS [\d.]+ ms · connect [\d.]+ ms · first byte [\d.]+ ms · total [\d.]+ ms$/;

describe('curl, as an SRE reads it', () => {
  it.each(['curl-ok', 'curl-image-ok'])(
    '%s: HTTP 200 OK with a timing line and no TLS phase for plain http',
    (name) => {
      const { summary, server } = summaryOf(name);
      expect(summary.tone).toBe('ok');
      expect(summary.headline).toMatch(/^HTTP 200 OK in [\d.]+ m?s$/);
      expect(summary.facts).toContain(`from ${server}:8080 over HTTP/1.0`);
      expect(summary.facts).toContainEqual(expect.stringMatching(timing));
      expect(summary.facts.join('\n')).not.toMatch(/TLS|tls/);
      expect(summary.facts).toContain('25 bytes of text/plain');
      expect(measure(summary, 'http.status')).toBe(200);
    },
  );

  it('keeps its total and time to first byte as measures, from curl’s own numbers', () => {
    const { summary } = summaryOf('curl-ok');
    expect(measure(summary, 'time.total')).toBe(14.7);
    expect(measure(summary, 'time.first_byte')).toBe(12.1);
  });

  it('draws the phases as a waterfall, one after the other, without TLS for http', () => {
    const chart = summaryOf('curl-ok').summary.charts?.[0] as WaterfallChart;
    expect(chart.kind).toBe('waterfall');
    expect(chart.phases.map((phase) => phase.name)).toEqual(['DNS', 'connect', 'first byte', 'transfer']);
    chart.phases.slice(1).forEach((phase, index) => expect(phase.startMs).toBe(chart.phases[index]?.endMs));
    expect(chart.phases.at(-1)?.endMs).toBe(14.662);
  });

  it('adds the TLS handshake for https, the certificate, and that -k let an untrusted one through', () => {
    const { summary } = summaryOf('curl-https-ok');
    expect(summary.tone).toBe('ok');
    expect(summary.facts).toContainEqual(
      expect.stringMatching(
        /^DNS [\d.]+ ms · connect [\d.]+ ms · TLS [\d.]+ ms · first byte [\d.]+ ms · total [\d.]+ ms$/,
      ),
    );
    expect(summary.facts).toContainEqual(
      expect.stringMatching(/^certificate CN = web\.test\.internal, .*expires \w+ +\d+ [\d:]+ 20\d\d GMT$/),
    );
    expect(summary.facts).toContain('-k accepted a certificate curl would refuse: self-signed certificate');
    expect((summary.charts?.[0] as WaterfallChart).phases.map((phase) => phase.name)).toContain('TLS');
  });

  it('a 404 is degraded, a 503 broken, with their reasons', () => {
    const notFound = summaryOf('curl-not-found').summary;
    expect(notFound.tone).toBe('degraded');
    expect(notFound.headline).toMatch(/^HTTP 404 Not Found in /);
    const unavailable = summaryOf('curl-server-error').summary;
    expect(unavailable.tone).toBe('broken');
    expect(unavailable.headline).toMatch(/^HTTP 503 Service Unavailable in /);
    expect(measure(unavailable, 'http.status')).toBe(503);
  });

  it('an answer that stalls after its first bytes is broken, even with a 200', () => {
    const { summary } = summaryOf('curl-slow-body');
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toBe('HTTP 200 OK, but the answer stalled: 7 of 1000 bytes within 2.5 s');
    expect(summary.facts).toContain(
      'curl: Operation timed out after 2504 milliseconds with 7 out of 1000 bytes received',
    );
  });

  it('a redirect says where it points', () => {
    const { summary, server } = summaryOf('curl-redirect');
    expect(summary.headline).toMatch(
      new RegExp(`^HTTP 301 Moved Permanently → http://${server.replace(/\./g, '\\.')}:8081/hello\\.txt in `),
    );
  });

  it.each([
    [
      'curl-image-conn-refused',
      (server: string) => `${server}:5433 refused the connection`,
      'connection refused',
    ],
    ['curl-refused', (server: string) => `${server}:5433 refused the connection`, 'connection refused'],
    [
      'curl-unreachable',
      (server: string) => `no answer from ${server.replace(/\.\d+$/, '.99')}:8080 within 2.5 s`,
      'timeout',
    ],
    [
      'curl-no-route',
      (server: string) =>
        `${server.replace(/\.\d+$/, '.99')}:8080 unreachable after 3.1 s (host down or no route)`,
      'unreachable',
    ],
    ['curl-https-untrusted', () => 'TLS: self-signed certificate', 'TLS: self-signed certificate'],
  ])('%s is broken, in the words of someone on call', (name, headline, status) => {
    const { summary, server } = summaryOf(name);
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toBe(headline(server));
    expect(measure(summary, 'http.status')).toBe(status);
    expect(summary.charts).toBeUndefined();
  });

  it("a timeout shows curl's own error, which its --max-time below the deadline lets it print", () => {
    const { summary } = summaryOf('curl-unreachable');
    expect(summary.facts).toEqual(['curl: Connection timed out after 2500 milliseconds']);
  });
});
