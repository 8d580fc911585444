import { commands } from '../../../commands/index.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import type { JobAuthorization, JobData } from '../../../src/queue/job.js';
import { signJob } from '../../../src/queue/job-signature.js';
import { checkJob, signedJobMaxAgeMs } from '../../../src/worker/check-job.js';
import { refusalRecordOf } from '../../../src/worker/refusal-record.js';

const secret = 'a'.repeat(64);
const now = Date.parse('2026-11-30T05:00:00.000Z');

const authorization: JobAuthorization = {
  subject: { kind: 'slack', userId: 'U0ALICE', channelId: 'C0INCIDENT' },
  door: 'slash-command',
  rule: 'sre-captures',
};

/** A job as a door queues it, after the Redis round trip the worker sees it through. */
function jobOf(text: string, extra: Partial<JobData> = {}): JobData {
  const data: JobData = {
    version: 1,
    request: parseRequest(text, commands),
    origin: { via: 'slack', teamId: 'T1', channelId: 'C0INCIDENT', userId: 'U0ALICE' },
    dedupeKey: 'slack:trigger-1',
    requestedAt: new Date(now - 1000).toISOString(),
    ...extra,
  };
  return JSON.parse(JSON.stringify(data)) as JobData;
}

function signed(text: string, extra: Partial<JobData> = {}): JobData {
  return JSON.parse(JSON.stringify(signJob(jobOf(text, { authorization, ...extra }), secret))) as JobData;
}

const withSecret = { commands, jobSecret: secret, now };
const withoutSecret = { commands, now };

describe('checkJob: the worker checks a job again before anything runs', () => {
  describe('without NETSHOOT_JOB_SECRET', () => {
    it('passes a read tool, signed or not, as workers always did', () => {
      expect(checkJob(jobOf('dig pod/web example.com +short'), withoutSecret)).toBeUndefined();
      expect(checkJob(signed('ping host 198.18.0.1 -c 1'), withoutSecret)).toBeUndefined();
    });

    it.each(['tcpdump pod/web -i eth0 -c 1', 'nmap host -p 12376-12390 198.18.0.1', 'iptables host'])(
      'refuses the privileged %s, saying how to allow it',
      (text) => {
        expect(checkJob(jobOf(text), withoutSecret)?.reason).toMatch(
          /is a privileged tool, and privileged tools need a signed job: set NETSHOOT_JOB_SECRET on the bot and the workers \(docs\/policy\.md\)$/,
        );
      },
    );
  });

  describe('with NETSHOOT_JOB_SECRET', () => {
    it('passes a job a door signed, privileged or read', () => {
      expect(checkJob(signed('tcpdump pod/web -i eth0 -c 1 --pcap'), withSecret)).toBeUndefined();
      expect(checkJob(signed('dig pod/web example.com'), withSecret)).toBeUndefined();
    });

    it('refuses a job without a signature, even of a read tool', () => {
      for (const job of [jobOf('dig pod/web example.com'), jobOf('tcpdump host -c 1', { authorization })]) {
        const refused = checkJob(job, withSecret);
        expect(refused?.reason).toBe('it was not signed by a door of this bot');
        expect(refused?.hints.join('\n')).toContain('share one NETSHOOT_JOB_SECRET');
      }
    });

    it.each<[string, (job: JobData) => void]>([
      ['its args', (job) => void (job.request.args.count = '100000')],
      ['its targets', (job) => void (job.request.targets = [{ kind: 'node', name: 'worker-1' }])],
      ['its timeout', (job) => void (job.request.options.timeoutMs = 300_000)],
      ['its subject', (job) => void (job.authorization!.subject = { kind: 'operator', name: 'root' })],
      ['its rule', (job) => void (job.authorization!.rule = 'everyone')],
      ['its approver', (job) => void (job.authorization!.approvedBy = 'U0MALLORY')],
      ['its origin', (job) => void (job.origin = { via: 'cli', user: 'mallory' })],
      ['its time', (job) => void (job.requestedAt = new Date(now).toISOString())],
    ])('refuses a signed job with %s changed afterwards', (_what, alter) => {
      const job = signed('tcpdump pod/web -i eth0 -c 1');
      alter(job);
      expect(checkJob(job, withSecret)?.reason).toBe(
        'it was altered after it was signed, or signed with another NETSHOOT_JOB_SECRET',
      );
    });

    it('refuses a job signed with another secret', () => {
      const job = JSON.parse(
        JSON.stringify(signJob(jobOf('tcpdump host -c 1', { authorization }), 'b'.repeat(64))),
      );
      expect(checkJob(job as JobData, withSecret)?.reason).toMatch(/^it was altered after it was signed/);
    });

    it('refuses a signed job older than a day, which the replay guard may have forgotten', () => {
      const old = signed('tcpdump host -c 1', {
        requestedAt: new Date(now - signedJobMaxAgeMs - 1000).toISOString(),
      });
      expect(checkJob(old, withSecret)?.reason).toMatch(/more than a day ago: run the command again$/);
      expect(checkJob(old, { ...withSecret, now: now - 2000 })).toBeUndefined();
    });
  });

  describe('always: the text parsed again must give the request', () => {
    it.each<[string, string, (job: JobData) => void, RegExp]>([
      ['args', 'dig pod/web example.com', (job) => void (job.request.args.name = 'evil.example'), /args/],
      [
        'targets',
        'dig pod/web example.com',
        (job) => void (job.request.targets = [{ kind: 'pod', name: 'db' }]),
        /targets/,
      ],
      ['tool', 'dig pod/web example.com', (job) => void (job.request.tool = 'drill'), /tool/],
      [
        'timeout',
        'dig pod/web example.com',
        (job) => void (job.request.options.timeoutMs = 60_000),
        /options/,
      ],
      [
        'namespace',
        'dig pod/web example.com',
        (job) => void (job.request.namespace = 'kube-system'),
        /namespace/,
      ],
      [
        'cluster, named in the text,',
        'dig pod/web example.com --cluster prod',
        (job) => void (job.request.cluster = 'staging'),
        /cluster/,
      ],
      [
        'text',
        'dig pod/web example.com',
        (job) => void (job.request.text = 'dig pod/db example.com'),
        /args|targets/,
      ],
    ])('refuses a job whose %s differs from what its text says', (_what, text, alter, field) => {
      const job = jobOf(text);
      alter(job);
      const refused = checkJob(job, withoutSecret);
      expect(refused?.reason).toMatch(/^its request is not what its text `.*` says \(its .* differ\)/);
      expect(refused?.reason).toMatch(field);
    });

    it('refuses a signed job whose door signed a request its text does not give', () => {
      const job = jobOf('tcpdump pod/web -i eth0 -c 1', { authorization });
      job.request.args = { ...job.request.args, count: '100000' };
      const refused = checkJob(JSON.parse(JSON.stringify(signJob(job, secret))) as JobData, withSecret);
      expect(refused?.reason).toMatch(
        /^its request is not what its text `tcpdump pod\/web -i eth0 -c 1` says \(its args differ\)/,
      );
    });

    it('refuses a text that does not parse, with the grammar’s words', () => {
      const job = jobOf('dig pod/web example.com');
      job.request.text = 'dig pod/web -f /etc/shadow';
      expect(checkJob(job, withoutSecret)?.reason).toMatch(
        /^its text `dig pod\/web -f \/etc\/shadow` does not parse: /,
      );
    });

    it('lets the door place a job on its own cluster when the text names none', () => {
      const job = jobOf('dig pod/web example.com');
      job.request.cluster = 'prod-eu';
      expect(checkJob(job, withoutSecret)).toBeUndefined();
    });

    it('parses the text as the door did, even where Slack normalising twice would change it', () => {
      // A person typed `<b>` into a filter; Slack sent `&lt;b&gt;` and the door decoded it once.
      const job = jobOf('ngrep host -q &lt;b&gt; -W byline');
      expect(job.request.text).toContain('<b>');
      expect(checkJob(job, withoutSecret)).toMatchObject({
        reason: expect.stringMatching(/privileged tool/),
      });
      const readJob = jobOf('curl host http://198.18.0.1/?a=1&amp;b=&lt;x&gt;');
      expect(readJob.request.text).toBe('curl host http://198.18.0.1/?a=1&b=<x>');
      expect(checkJob(readJob, withoutSecret)).toBeUndefined();
    });

    it('refuses a tool this worker does not know', () => {
      const job = jobOf('dig pod/web example.com');
      expect(checkJob(job, { commands: commands.filter((command) => command.name !== 'dig') })?.reason).toBe(
        "this worker does not know the tool 'dig'",
      );
    });
  });
});

describe('refusalRecordOf', () => {
  it('names the signed subject, the channel, the tool, the text and the reason', () => {
    expect(
      refusalRecordOf(signed('tcpdump host -c 1'), { jobId: '7', cluster: 'prod', reason: 'because' }),
    ).toEqual({
      event: 'refused',
      door: 'worker',
      subject: 'U0ALICE',
      channel: 'C0INCIDENT',
      tool: 'tcpdump',
      text: 'tcpdump host -c 1',
      jobId: '7',
      cluster: 'prod',
      reason: 'because',
    });
  });

  it('names the claimed command-line user of an unsigned job as an operator', () => {
    const record = refusalRecordOf(jobOf('tcpdump host -c 1', { origin: { via: 'cli', user: 'mallory' } }), {
      jobId: '8',
      cluster: 'prod',
      reason: 'unsigned',
    });
    expect(record).toMatchObject({ subject: 'operator:mallory', tool: 'tcpdump' });
    expect(record).not.toHaveProperty('channel');
  });
});
