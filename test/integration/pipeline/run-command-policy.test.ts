import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { commands } from '../../../commands/index.js';
import { createLocalExecutor } from '../../../src/executors/local/local-executor.js';
import { CliContext } from '../../../src/main/cli-context.js';
import { main } from '../../../src/main/cli.js';
import { createJobQueue } from '../../../src/queue/job-queue.js';
import { hasValidSignature } from '../../../src/queue/job-signature.js';
import { defaultQueuePrefix } from '../../../src/queue/queue-names.js';
import { createWorker } from '../../../src/worker/create-worker.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import { createMemoryAudit } from '../../harness/memory-audit.js';
import { createRecordingReporter } from './pipeline-fixture.js';

/** NETSHOOT_JOB_SECRET as the bot and the workers would share it (32 characters at least). */
const sharedSecret = 'a-shared-secret-0123456789abcdef0123';

jest.setTimeout(60_000);

/** tcpdump for the Slack user U0ALLOWED and the operator ops; nmap only with an approver. */
const policyText = [
  'version: 1',
  'groups:',
  '  sre-leads: S0LEADS',
  'rules:',
  '  - name: read-tools-for-everyone',
  '    effect: allow',
  "    who: { everyone: true, operators: ['*'] }",
  '    tools: [read]',
  '  - name: captures-for-allowed',
  '    effect: allow',
  '    who: { users: [U0ALLOWED], operators: [ops] }',
  '    tools: [tcpdump]',
  '  - name: scans-need-leads',
  '    effect: require-approval',
  "    who: { everyone: true, operators: ['*'] }",
  '    tools: [nmap]',
  '    approval: { by: sre-leads }',
  '',
].join('\n');

describeWith(['redis'], 'netshoot-bot run and run --remote under a policy', () => {
  let dir: string;
  let policyPath: string;
  const cluster = `t-run-${randomUUID().slice(0, 8)}`;
  const redis = new Redis(testRedisUrl);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nsb-run-policy-'));
    policyPath = join(dir, 'policy.yaml');
    writeFileSync(policyPath, policyText);
  });

  afterAll(async () => {
    const queue = createJobQueue({ redisUrl: testRedisUrl, cluster });
    await queue.obliterate();
    await queue.close();
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  async function cli(env: Record<string, string>, ...argv: string[]) {
    let out = '';
    let err = '';
    const audit = createMemoryAudit();
    const context = new CliContext(
      { out: (text) => void (out += text), err: (text) => void (err += text) },
      {
        REDIS_URL: testRedisUrl,
        NETSHOOT_EXECUTOR: 'local',
        LOG_LEVEL: 'silent',
        NETSHOOT_POLICY: policyPath,
        ...env,
      },
      commands,
      audit,
    );
    const status = await main(argv, context);
    return { status, out, err, audit: audit.records };
  }

  /** Jobs on the cluster's shared queue, and on any private queue of this process's `run`. */
  async function jobsAnywhere(): Promise<number> {
    const queue = createJobQueue({ redisUrl: testRedisUrl, cluster });
    try {
      const shared = await queue.recent({ limit: 50 });
      const privateQueues = await redis.keys(
        `${defaultQueuePrefix}:cli-${hostname().replace(/[^A-Za-z0-9_.-]/g, '-')}-${process.pid}:*`,
      );
      return shared.length + privateQueues.length;
    } finally {
      await queue.close();
    }
  }

  it('refuses tcpdump to an operator the policy does not name, with exit 4, the reason and the fix, and audits it', async () => {
    const { status, err, audit } = await cli(
      { NETSHOOT_OPERATOR: 'ops' },
      'run',
      '--as',
      'mallory',
      'tcpdump host -i lo -c 1 --timeout 5s',
    );
    expect(status).toBe(4);
    expect(err).toContain('acting as operator mallory\n');
    expect(err).toContain('policy: deny by rule default\n');
    expect(err).toContain(
      'refused: no rule of the policy allows tcpdump (privileged) on host to operator mallory',
    );
    expect(err).toContain(`ask whoever keeps the policy (${policyPath})`);
    expect(err).not.toContain('queued as');
    expect(await jobsAnywhere()).toBe(0);
    expect(audit.map((record) => [record.event, record.door, record.subject, record.rule])).toEqual([
      ['requested', 'run', 'operator:mallory', 'default'],
      ['refused', 'run', 'operator:mallory', 'default'],
    ]);
  });

  it('refuses the same at the --remote door, queueing nothing on the cluster', async () => {
    const { status, err, audit } = await cli(
      { NETSHOOT_OPERATOR: 'mallory', NETSHOOT_JOB_SECRET: sharedSecret },
      'run',
      '--remote',
      `tcpdump host -i lo -c 1 --timeout 5s --cluster ${cluster}`,
    );
    expect(status).toBe(4);
    expect(err).toContain('acting as operator mallory\n');
    expect(err).toContain('refused: no rule of the policy allows tcpdump');
    expect(await jobsAnywhere()).toBe(0);
    expect(audit.map((record) => [record.event, record.door, record.subject])).toEqual([
      ['requested', 'run-remote', 'operator:mallory'],
      ['refused', 'run-remote', 'operator:mallory'],
    ]);
    expect(audit[1]).toMatchObject({ tool: 'tcpdump', cluster });
  });

  it('refuses on the command line what needs an approver in Slack', async () => {
    const { status, err } = await cli({ NETSHOOT_OPERATOR: 'ops' }, 'run', 'nmap host 198.18.0.1');
    expect(status).toBe(4);
    expect(err).toContain('it needs approval by sre-leads in Slack');
    expect(err).toContain('/netshoot nmap host 198.18.0.1');
    expect(await jobsAnywhere()).toBe(0);
  });

  it('refuses a remote privileged job without NETSHOOT_JOB_SECRET, saying workers run only read tools then', async () => {
    const { status, err, audit } = await cli(
      { NETSHOOT_OPERATOR: 'ops' },
      'run',
      '--remote',
      `tcpdump host -i lo -c 1 --timeout 5s --cluster ${cluster}`,
    );
    expect(status).toBe(4);
    expect(err).toContain('without NETSHOOT_JOB_SECRET the workers run only read tools');
    expect(err).toContain('set NETSHOOT_JOB_SECRET');
    expect(await jobsAnywhere()).toBe(0);
    expect(audit.map((record) => record.event)).toEqual(['requested']);
  });

  it('queues an allowed operator’s remote tcpdump signed with NETSHOOT_JOB_SECRET, naming the door and the rule', async () => {
    const executor = createLocalExecutor();
    const worker = createWorker({
      redisUrl: testRedisUrl,
      cluster,
      concurrency: 1,
      executors: [executor],
      reporter: createRecordingReporter(),
      logger: pino({ level: 'silent' }),
      commands,
    });
    await worker.start();
    try {
      const { err, audit } = await cli(
        { NETSHOOT_OPERATOR: 'ops', NETSHOOT_JOB_SECRET: sharedSecret },
        'run',
        '--remote',
        // Nothing on lo matches: it ends at its timeout, and the job stays in the queue to be read.
        `tcpdump host -i lo -c 1 udp port 31996 --timeout 2s --cluster ${cluster}`,
      );
      expect(err).toContain('policy: allow by rule captures-for-allowed\n');
      const jobId = /queued as #(\d+) on cluster/.exec(err)?.[1];
      if (!jobId) throw new Error(`not queued: ${err}`);
      const queue = createJobQueue({ redisUrl: testRedisUrl, cluster });
      try {
        const job = await queue.get(jobId);
        expect(job?.data.authorization).toMatchObject({
          subject: { kind: 'operator', name: 'ops' },
          door: 'run-remote',
          rule: 'captures-for-allowed',
        });
        expect(job?.data.origin).toEqual({ via: 'cli', user: 'ops' });
        expect(hasValidSignature(job!.data, sharedSecret)).toBe(true);
      } finally {
        await queue.close();
      }
      expect(audit.map((record) => [record.event, record.jobId])).toEqual([
        ['requested', undefined],
        ['queued', jobId],
      ]);
    } finally {
      await worker.stop(1000);
      await executor.close();
    }
  });

  it('stops with the file and its problem, exit 1, when the policy file does not load', async () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'version: 1\nrules: []\n');
    const { status, err } = await cli({ NETSHOOT_POLICY: broken }, 'run', 'dig host example.test');
    expect(status).toBe(1);
    expect(err).toContain(broken);
    expect(err).not.toMatch(/\n\s+at /);
  });
});
