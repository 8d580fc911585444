import { summarize } from '../../../../../src/format/summaries/index.js';
import { loadRecorded } from '../../../../harness/golden/render-golden.js';
import { measure, summaryOf } from './summary-of.js';

// dig, drill, host and nslookup read from real lookups on the netns rig and in the toolbox image:
// the answer as name → address (type), failures by their rcode and what it means.

describe('DNS lookups, as an SRE reads them', () => {
  it.each([
    'dig-answer',
    'dig-image-answer',
    'drill-answer',
    'drill-image-answer',
    'host-answer',
    'host-image-answer',
    'nslookup-answer',
    'nslookup-image-answer',
  ])('%s leads with the answer and its type', (name) => {
    const { summary, server } = summaryOf(name);
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toBe(`db.test.internal → ${server} (A)`);
    expect(measure(summary, 'answer.A')).toBe(server);
    expect(measure(summary, 'rcode')).toBe('NOERROR');
  });

  it('dig says who answered, how fast, and that the answer is authoritative', () => {
    const { summary, server } = summaryOf('dig-answer');
    expect(summary.facts).toContain(`answered by ${server} in 0 ms (authoritative)`);
    expect(measure(summary, 'query.time')).toBe(0);
    const image = summaryOf('dig-image-answer');
    expect(image.summary.facts).toContainEqual(
      expect.stringMatching(
        new RegExp(`^answered by ${image.server.replace(/\./g, '\\.')} in \\d+ ms \\(authoritative\\)$`),
      ),
    );
  });

  it.each([
    ['dig-image-nxdomain', 'missing.test.internal: NXDOMAIN (no such name)', 'NXDOMAIN'],
    ['dig-nxdomain', 'missing.test.internal: NXDOMAIN (no such name)', 'NXDOMAIN'],
    ['drill-nxdomain', 'missing.test.internal: NXDOMAIN (no such name)', 'NXDOMAIN'],
    ['host-nxdomain', 'missing.test.internal: NXDOMAIN (no such name)', 'NXDOMAIN'],
    ['nslookup-nxdomain', 'missing.test.internal: NXDOMAIN (no such name)', 'NXDOMAIN'],
    ['dig-image-refused', 'example.com: REFUSED (the server refused to answer)', 'REFUSED'],
    ['dig-refused', 'missing.example.invalid: REFUSED (the server refused to answer)', 'REFUSED'],
    ['host-refused', 'example.com: REFUSED (the server refused to answer)', 'REFUSED'],
    ['dig-servfail', 'db.test.internal: SERVFAIL (the server failed to resolve it)', 'SERVFAIL'],
    ['drill-servfail', 'db.test.internal: SERVFAIL (the server failed to resolve it)', 'SERVFAIL'],
    ['nslookup-servfail', 'db.test.internal: SERVFAIL (the server failed to resolve it)', 'SERVFAIL'],
  ])('%s is broken: %s', (name, headline, rcode) => {
    const { summary } = summaryOf(name);
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toBe(headline);
    expect(measure(summary, 'rcode')).toBe(rcode);
    expect(summary.measures?.some((each) => each.key.startsWith('answer.'))).toBe(false);
  });

  it('names the server off port 53 with its port', () => {
    const { summary, server } = summaryOf('dig-servfail');
    expect(summary.facts).toContain(`answered by ${server}#5353 in 4 ms`);
    const nslookup = summaryOf('nslookup-servfail');
    expect(nslookup.summary.facts).toContain(`answered by ${nslookup.server}#5353`);
  });

  it('says so when the name exists but has no record of the type (NOERROR, empty answer)', () => {
    const { summary } = summaryOf('dig-no-record');
    expect(summary.tone).toBe('degraded');
    expect(summary.headline).toBe('db.test.internal has no AAAA record (NOERROR)');
    expect(measure(summary, 'rcode')).toBe('NOERROR');
  });

  it("says which server did not answer, within dig's 5 s a try", () => {
    const { summary, server } = summaryOf('dig-timeout');
    const silent = server.replace(/\.\d+$/, '.99');
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toBe(`no answer from ${silent} within 5 s, 3 tries`);
    expect(summary.facts).toEqual(['db.test.internal: every try timed out']);
    expect(measure(summary, 'rcode')).toBe('no answer');
  });

  it.each([
    ['host-timeout', 'within 5 s, 2 tries'],
    ['nslookup-timeout', 'within 5 s, 3 tries'],
  ])('%s names the silent server and its tries', (name, tries) => {
    const { summary, server } = summaryOf(name);
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toBe(`no answer from ${server.replace(/\.\d+$/, '.99')} ${tries}`);
    expect(summary.facts).toEqual(['db.test.internal: every try timed out']);
  });

  it("drill's network error to a silent server is no answer", () => {
    const { summary, server } = summaryOf('drill-timeout');
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toBe(
      `no answer from ${server.replace(/\.\d+$/, '.99')}: could not send or receive, because of network error`,
    );
  });

  it('a dig cut short by the deadline, with its tries so far but no closing line, is still no answer', () => {
    const { result } = loadRecorded('dig-timeout');
    const cut = result.stdout.split('\n').slice(0, 2).join('\n');
    const summary = summarize('dig', {
      ...result,
      stdout: cut,
      exitCode: null,
      signal: 'SIGINT',
      timedOut: true,
    });
    expect(summary?.tone).toBe('broken');
    expect(summary?.headline).toMatch(/^no answer from [\d.]+ within 5 s, 2 tries$/);
  });

  it('host and nslookup report the AAAA lookup that found nothing beside the A answer, not as a failure', () => {
    expect(summaryOf('host-answer').summary.facts).toContain(
      'the other lookups of db.test.internal (AAAA, MX) said: NXDOMAIN',
    );
    expect(summaryOf('nslookup-answer').summary.facts).toContain(
      'the AAAA lookup of db.test.internal said: NXDOMAIN',
    );
  });

  it.each(['dig-round-robin', 'nslookup-round-robin'])(
    '%s lists every address, and keeps them sorted as the measure so that round-robin order is no change',
    (name) => {
      const { summary } = summaryOf(name);
      expect(summary.tone).toBe('ok');
      expect(summary.headline).toBe('api.test.internal → 198.18.0.6, 198.18.0.5 (A)');
      expect(measure(summary, 'answer.A')).toBe('198.18.0.5, 198.18.0.6');
      expect(summary.tables?.[0]?.rows.map((row) => row[3])).toEqual(['198.18.0.6', '198.18.0.5']);
    },
  );

  it('host -v, which prints sections as dig does, gives the same answer and who answered', () => {
    const { summary, server } = summaryOf('host-verbose');
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toBe(`db.test.internal → ${server} (A)`);
    expect(summary.facts).toContain(`answered by ${server} in 0 ms`);
  });

  it('dig +short lists the answers after the name', () => {
    const { summary, server } = summaryOf('dig-short');
    expect(summary.headline).toBe(`db.test.internal → ${server}`);
    expect(summary.tone).toBe('ok');
  });
});
