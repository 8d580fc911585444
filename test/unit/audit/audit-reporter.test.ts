import { commands } from '../../../commands/index.js';
import type { AuditRecord, AuditTrail } from '../../../src/audit/audit-record.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import type { JobData } from '../../../src/queue/job.js';
import type { JobOutcome } from '../../../src/results/job-outcome.js';
import { createAuditReporter } from '../../../src/worker/audit-reporter.js';

/** A trail that keeps what it is given: the reporter's output, read back in order. */
function keepingTrail(): AuditTrail & { records: Omit<AuditRecord, 'at'>[] } {
  const records: Omit<AuditRecord, 'at'>[] = [];
  return {
    records,
    async record(entry) {
      records.push(entry);
    },
  };
}

const request = parseRequest('dig pod/web example.test', commands);

const slackJob: JobData = {
  version: 1,
  request,
  origin: { via: 'slack', teamId: 'T1', channelId: 'C0FROMORIGIN', userId: 'U0ORIGIN' },
  dedupeKey: 'k1',
  requestedAt: '2026-11-30T14:00:00.000Z',
  authorization: {
    subject: { kind: 'slack', userId: 'U0ALICE', channelId: 'C0INCIDENT' },
    door: 'rerun',
    rule: 'read-tools',
  },
};

const progress = (jobId: string, stage: 'running' | 'opening-session') => ({ jobId, stage, elapsedMs: 5 });

describe("the worker's audit reporter", () => {
  it('records started once per job, on the first running stage only, for the authorized subject', async () => {
    const trail = keepingTrail();
    const reporter = createAuditReporter({ trail });
    await reporter.progress(slackJob, progress('7', 'opening-session'));
    await reporter.progress(slackJob, progress('7', 'running'));
    await reporter.progress(slackJob, progress('7', 'running'));
    expect(trail.records).toEqual([
      {
        event: 'started',
        subject: 'U0ALICE',
        channel: 'C0INCIDENT',
        door: 'worker',
        tool: 'dig',
        text: request.text,
        where: 'pod/web (ns default)',
        cluster: 'default',
        jobId: '7',
        rule: 'read-tools',
      },
    ]);
  });

  it('falls back to who queued the job when it carries no authorization', async () => {
    const trail = keepingTrail();
    const reporter = createAuditReporter({ trail });
    const { authorization: _dropped, ...unsigned } = slackJob;
    await reporter.progress(unsigned, progress('8', 'running'));
    await reporter.progress({ ...unsigned, origin: { via: 'cli', user: 'ops' } }, progress('9', 'running'));
    expect(trail.records.map((record) => [record.subject, record.channel, record.rule])).toEqual([
      ['U0ORIGIN', 'C0FROMORIGIN', undefined],
      ['operator:ops', undefined, undefined],
    ]);
  });

  it("records a failed job's reason, and a cancel whose canceler cannot be read, without losing the record", async () => {
    const trail = keepingTrail();
    const reporter = createAuditReporter({
      trail,
      canceledBy: async () => {
        throw new Error('Redis is away');
      },
    });
    const failed: JobOutcome = {
      jobId: '10',
      status: 'failed',
      runs: [],
      where: 'pod/web',
      durationMs: 40,
      error: 'pod/web was not found',
    };
    await reporter.result(slackJob, failed);
    await reporter.result(slackJob, { ...failed, jobId: '11', status: 'canceled', error: undefined });
    expect(
      trail.records.map(({ event, status, reason, durationMs, by }) => ({
        event,
        status,
        reason,
        durationMs,
        by,
      })),
    ).toEqual([
      { event: 'finished', status: 'failed', reason: 'pod/web was not found', durationMs: 40, by: undefined },
      {
        event: 'canceled',
        status: 'canceled',
        reason: 'who canceled it could not be read (Redis is away)',
        durationMs: undefined,
        by: undefined,
      },
    ]);
  });

  it('records a file that was too big to keep with its hash and why it was not kept', async () => {
    const trail = keepingTrail();
    const reporter = createAuditReporter({ trail });
    const sha256 = 'c'.repeat(64);
    await reporter.result(slackJob, {
      jobId: '12',
      status: 'completed',
      where: 'pod/web',
      durationMs: 900,
      runs: [
        {
          side: 'main',
          result: {
            argv: ['tcpdump'],
            exitCode: 0,
            signal: null,
            timedOut: false,
            canceled: false,
            stdout: '',
            stderr: '',
            truncated: false,
            durationMs: 900,
            artifacts: [
              {
                name: 'big.pcap',
                contentType: 'application/vnd.tcpdump.pcap',
                size: 99,
                sha256,
                omitted: 'too big',
              },
            ],
          },
        },
      ],
    });
    expect(trail.records.map((record) => record.event)).toEqual(['finished', 'artifact']);
    expect(trail.records[0]).toMatchObject({ status: 'completed', exitStatus: 0, durationMs: 900 });
    expect(trail.records[1]).toMatchObject({
      artifact: { name: 'big.pcap', bytes: 99, sha256 },
      reason: 'not kept: too big',
    });
  });
});
