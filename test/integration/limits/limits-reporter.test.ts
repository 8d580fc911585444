import { commands, findCommand } from '../../../commands/index.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { ticketOf } from '../../../src/limits/ticket.js';
import type { JobData } from '../../../src/queue/job.js';
import type { JobOutcome } from '../../../src/results/job-outcome.js';
import { createLimitsReporter } from '../../../src/worker/limits-reporter.js';
import { describeWith } from '../../harness/infrastructure.js';
import { createLimitsFixture, type LimitsFixture } from './limits-fixture.js';

describeWith(['redis'], "the worker's limits reporter", () => {
  let fixture: LimitsFixture;

  beforeEach(() => {
    fixture = createLimitsFixture(2);
  });

  afterEach(async () => {
    await fixture.close();
  });

  const job = (text: string, dedupeKey: string): JobData => ({
    version: 1,
    request: parseRequest(text, commands),
    origin: { via: 'slack', teamId: 'T1', channelId: 'C1', userId: 'U1' },
    authorization: {
      subject: { kind: 'slack', userId: 'U1', channelId: 'C1' },
      door: 'slash-command',
      rule: 'sre',
    },
    dedupeKey,
    requestedAt: new Date().toISOString(),
  });
  const privilegeOf = (data: JobData) => findCommand(data.request.tool)?.privilege ?? 'read';
  const outcome = (status: JobOutcome['status']): JobOutcome => ({
    jobId: '1',
    status,
    runs: [],
    where: 'pod/web (ns default)',
    durationMs: 5,
  });

  it("frees the slots the door reserved for a job once the worker reports the job's result", async () => {
    const [door, worker] = fixture.replicas as [
      LimitsFixture['replicas'][number],
      LimitsFixture['replicas'][number],
    ];
    const doorTicket = (data: JobData) =>
      ticketOf(data, { privilege: privilegeOf(data), cluster: 'prod', overheadMs: 60_000 });
    const reporter = createLimitsReporter(worker, (data) =>
      ticketOf(data, { privilege: privilegeOf(data), cluster: 'prod', overheadMs: 60_000 }),
    );

    const capture = job('tcpdump pod/web -i eth0', 'trigger-1');
    expect(await door.admit(doorTicket(capture))).toBeUndefined();
    const second = job('tcpdump pod/web -i eth0', 'trigger-2');
    expect((await door.admit(doorTicket(second)))?.limit).toBe('capture-per-target');

    await reporter.progress(capture, { jobId: '1', stage: 'running', elapsedMs: 1 });
    expect(await fixture.holders('capture:prod/default/pod/web')).toEqual(['trigger-1']);
    await reporter.result(capture, outcome('canceled'));
    expect(await fixture.holders('capture:prod/default/pod/web')).toEqual([]);
    expect(await fixture.holders('running:user:U1')).toEqual([]);
    expect(await door.admit(doorTicket(second))).toBeUndefined();
  });

  it('frees what the door reserved even when the worker builds the ticket differently', async () => {
    const [door, worker] = fixture.replicas as [
      LimitsFixture['replicas'][number],
      LimitsFixture['replicas'][number],
    ];
    const capture = job('tcpdump pod/web -i eth0', 'trigger-3');
    expect(
      await door.admit(ticketOf(capture, { privilege: 'privileged', cluster: 'prod', overheadMs: 60_000 })),
    ).toBeUndefined();
    // A worker that does not count tcpdump as a capture, in a cluster it names otherwise.
    const reporter = createLimitsReporter(worker, (data) =>
      ticketOf(data, { privilege: 'read', cluster: 'elsewhere', overheadMs: 0 }),
    );
    await reporter.result(capture, outcome('completed'));
    expect(await fixture.holders('capture:prod/default/pod/web')).toEqual([]);
    expect(await fixture.holders('running:channel:C1')).toEqual([]);
  });
});
