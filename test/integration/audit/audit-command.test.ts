import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import type { AuditRecord } from '../../../src/audit/audit-record.js';
import { createAuditTrail } from '../../../src/audit/audit-trail.js';
import { auditStreamKey } from '../../../src/audit/audit-stream.js';
import { CliContext } from '../../../src/main/cli-context.js';
import { main } from '../../../src/main/cli.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';

/** `netshoot-bot <argv>` in-process with only REDIS_URL set, as an operator runs it. */
async function runCli(argv: readonly string[], redisUrl = testRedisUrl) {
  let stdout = '';
  let stderr = '';
  const context = new CliContext(
    { out: (text) => void (stdout += text), err: (text) => void (stderr += text) },
    { REDIS_URL: redisUrl },
  );
  const code = await main(argv, context);
  return { code, stdout, stderr };
}

/** A port nothing listens on: taken from the kernel, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

describeWith(['redis'], 'netshoot-bot audit', () => {
  let redis: Redis;
  // The command reads the real stream (netshoot:audit), which other suites write too: these tests'
  // records are told apart by people who exist only here.
  let alice: string;
  let bob: string;

  beforeEach(async () => {
    redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
    alice = `U${randomUUID().slice(0, 8).toUpperCase()}`;
    bob = `U${randomUUID().slice(0, 8).toUpperCase()}`;
    const trail = createAuditTrail(redis, { logger: pino({ level: 'silent' }) });
    const records: Omit<AuditRecord, 'at'>[] = [
      {
        event: 'refused',
        subject: bob,
        tool: 'tcpdump',
        where: 'pod/web',
        rule: 'default',
        reason: 'no rule allows tcpdump',
      },
      {
        event: 'queued',
        subject: alice,
        tool: 'tcpdump',
        where: 'pod/web',
        rule: 'sre-captures',
        jobId: '41',
      },
      {
        event: 'finished',
        subject: alice,
        tool: 'tcpdump',
        where: 'pod/web',
        jobId: '41',
        status: 'completed',
        exitStatus: 0,
        durationMs: 2500,
      },
      {
        event: 'finished',
        subject: alice,
        tool: 'dig',
        where: 'host',
        jobId: '42',
        status: 'completed',
        exitStatus: 1,
        durationMs: 300,
      },
    ];
    for (const record of records) await trail.record(record);
  });

  afterEach(async () => {
    const ours = (await redis.xrange(auditStreamKey(), '-', '+')).filter(([, fields]) =>
      fields.some((field) => field.includes(alice) || field.includes(bob)),
    );
    if (ours.length > 0) await redis.xdel(auditStreamKey(), ...ours.map(([id]) => id));
    redis.disconnect();
  });

  it("prints one aligned line per record of a user's, time first, newest last", async () => {
    const { code, stdout, stderr } = await runCli(['audit', '--since', '1h', '--user', alice]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const lines = stdout.trimEnd().split('\n');
    expect(lines.map((line) => line.slice(19))).toEqual([
      `  ${alice}  tcpdump  pod/web  queued    #41  rule sre-captures`,
      `  ${alice}  tcpdump  pod/web  finished  #41  completed, exit 0, 2.5s`,
      `  ${alice}  dig      host     finished  #42  completed, exit 1, 0.3s`,
    ]);
    expect(lines.every((line) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d {2}/.test(line))).toBe(true);
  });

  it('prints JSON lines with --json, filtered by tool and event, and bounded by --limit', async () => {
    const json = await runCli(['audit', '--user', alice, '--tool', 'tcpdump', '--json']);
    expect(json.code).toBe(0);
    const records = json.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditRecord);
    expect(records.map((record) => [record.event, record.jobId])).toEqual([
      ['queued', '41'],
      ['finished', '41'],
    ]);
    expect(records[1]).toMatchObject({
      subject: alice,
      status: 'completed',
      exitStatus: 0,
      durationMs: 2500,
    });

    const finished = await runCli([
      'audit',
      '--user',
      alice,
      '--event',
      'finished',
      '--limit',
      '1',
      '--json',
    ]);
    expect(
      finished.stdout
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as AuditRecord).jobId),
    ).toEqual(['42']);

    const refused = await runCli(['audit', '--user', bob]);
    expect(refused.stdout).toMatch(
      new RegExp(`${bob}  tcpdump  pod/web  refused  rule default: no rule allows tcpdump\\n$`),
    );
  });

  it('says when nothing matches, and exits 0', async () => {
    const { code, stdout, stderr } = await runCli(['audit', '--user', alice, '--tool', 'nmap']);
    expect({ code, stdout, stderr }).toEqual({
      code: 0,
      stdout: '',
      stderr: 'no audit records in the last 1h that match\n',
    });
  });

  it('refuses a --since it cannot read, with an example, and exits 2', async () => {
    const { code, stdout, stderr } = await runCli(['audit', '--since', 'yesterday']);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe("'yesterday' is not a time to look back over\nwrite it like 15m, 1h or 7d\n");
  });

  it('says in one sentence that Redis did not answer, and exits 1', async () => {
    const port = await closedPort();
    const { code, stdout, stderr } = await runCli(['audit'], `redis://127.0.0.1:${port}`);
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toMatch(
      new RegExp(
        `^Redis at 127\\.0\\.0\\.1:${port} did not answer \\([^\\n]*\\); check REDIS_URL and that Redis runs\\n$`,
      ),
    );
  });
});
