import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { commands } from '../../../commands/index.js';
import { createLocalExecutor } from '../../../src/executors/local/local-executor.js';
import { CliContext } from '../../../src/main/cli-context.js';
import { main } from '../../../src/main/cli.js';
import { createJobQueue } from '../../../src/queue/job-queue.js';
import { createWorker } from '../../../src/worker/create-worker.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import { createNetnsRig, type NetnsRig } from '../../harness/rig/netns-rig.js';
import { waitFor } from '../../harness/wait-for.js';
import { createRecordingReporter } from './pipeline-fixture.js';

describeWith(['redis', 'netns'], 'netshoot-bot run', () => {
  let rig: NetnsRig;

  beforeAll(async () => {
    rig = await createNetnsRig();
  }, 30_000);

  afterAll(async () => {
    await rig?.teardown();
  }, 30_000);

  async function cli(...argv: string[]) {
    return cliWith(testRedisUrl, ...argv);
  }

  async function cliWith(redisUrl: string, ...argv: string[]) {
    return cliWithEnv({ REDIS_URL: redisUrl }, ...argv);
  }

  async function cliWithEnv(env: Record<string, string>, ...argv: string[]) {
    let out = '';
    let err = '';
    const context = new CliContext(
      { out: (text) => void (out += text), err: (text) => void (err += text) },
      { REDIS_URL: testRedisUrl, NETSHOOT_EXECUTOR: 'local', LOG_LEVEL: 'silent', ...env },
    );
    const status = await main(argv, context);
    return { status, out, err };
  }

  it('prints the result and exits with the tool status: 0 for an answer', async () => {
    const { status, out, err } = await cli('run', `dig netns/${rig.client.name} db.test.internal`);
    expect(err).toMatch(
      /^acting as operator \S+\npolicy: allow by rule read-tools-for-everyone\nqueued as #\d+\n/,
    );
    expect(out.split('\n')[0]).toMatch(
      new RegExp(
        `^✅ db\\.test\\.internal → ${rig.server.address} \\(A\\) · dig · netns/${rig.client.name}$`,
      ),
    );
    expect(status).toBe(0);
  }, 30_000);

  it('exits 1 for a refused connection, and prints why', async () => {
    const { status, out } = await cli(
      'run',
      'nc',
      `netns/${rig.client.name}`,
      '-vz',
      `netns/${rig.server.name}`,
      String(rig.closedTcpPort),
    );
    expect(out).toContain(`${rig.server.address}:${rig.closedTcpPort} refused`);
    expect(status).toBe(1);
  }, 30_000);

  it('keeps only matching lines with --grep', async () => {
    const { out } = await cli('run', `dig netns/${rig.client.name} db.test.internal --grep SERVER`);
    const raw = out.split('\n--- ')[1] ?? '';
    expect(raw.split('\n').slice(1, -1)).toEqual([
      expect.stringContaining(';; SERVER:'),
      '[only lines containing "SERVER"]',
    ]);
  }, 30_000);

  it('saves a --pcap capture and, with --file, the full output to files in --output-dir', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nsb-run-output-'));
    // tcpdump is privileged: the policy must name the operator.
    const policyPath = join(dir, 'policy.yaml');
    await writeFile(
      policyPath,
      'version: 1\nrules:\n  - name: ops-capture\n    effect: allow\n    who: { operators: [ops] }\n    tools: [tcpdump, read]\n',
    );
    try {
      const capture = cliWithEnv(
        { NETSHOOT_POLICY: policyPath, NETSHOOT_OPERATOR: 'ops' },
        'run',
        '--output-dir',
        dir,
        `tcpdump netns/${rig.server.name} -i ${rig.server.interface} -c 2 icmp --pcap --timeout 15s`,
      );
      let captured = false;
      const done = () => void (captured = true);
      void capture.then(done, done);
      // Traffic for the capture: one ping from the client per poll until the capture has its 2 packets.
      await waitFor(
        () => {
          if (captured) return true;
          execFileSync('ip', [
            'netns',
            'exec',
            rig.client.name,
            'ping',
            '-c',
            '1',
            '-W',
            '1',
            rig.server.address,
          ]);
          return false;
        },
        { what: 'tcpdump -c 2 ending on the pings sent to it', timeoutMs: 20_000, everyMs: 300 },
      );
      const { status, err } = await capture;
      expect(status).toBe(0);
      const saved = /saved (capture-\d+\.pcap) \((\d+) bytes\) to (\S+)/.exec(err);
      expect(saved?.[3]).toBe(join(dir, saved?.[1] ?? ''));
      expect(readFileSync(saved?.[3] ?? '').readUInt32LE(0)).toBe(0xa1b2c3d4);

      const { err: fileErr } = await cli(
        'run',
        '--output-dir',
        dir,
        `dig netns/${rig.client.name} db.test.internal --file`,
      );
      const output = /saved (\d+-main-output\.txt) .* to (\S+)/.exec(fileErr);
      expect(readFileSync(output?.[2] ?? '', 'utf8')).toContain(';; ANSWER SECTION:');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 40_000);

  it('says Redis did not answer, and exits 1, when nothing listens at REDIS_URL', async () => {
    for (const mode of [[], ['--remote']]) {
      const { status, err } = await cliWith(
        'redis://127.0.0.1:1',
        'run',
        ...mode,
        `dig netns/${rig.client.name} db`,
      );
      expect(status).toBe(1);
      expect(err).toMatch(
        /^Redis at 127\.0\.0\.1:1 did not answer \(.+\); check REDIS_URL and that Redis runs\n$/,
      );
    }
  }, 30_000);

  it('refuses invalid input with exit 2 and queues nothing', async () => {
    const { status, err } = await cli('run', `dig netns/${rig.client.name} -f /etc/passwd`);
    expect(status).toBe(2);
    expect(err).toContain('-f is not allowed');
    expect(err).not.toContain('queued as');
  }, 30_000);

  it('with --remote, waits for a separate worker on the cluster named in the line', async () => {
    const cluster = `t-${randomUUID().slice(0, 8)}`;
    const executor = createLocalExecutor();
    const reporter = createRecordingReporter();
    const worker = createWorker({
      redisUrl: testRedisUrl,
      cluster,
      concurrency: 1,
      executors: [executor],
      reporter,
      logger: pino({ level: 'silent' }),
      commands,
    });
    await worker.start();
    try {
      const { status, out, err } = await cli(
        'run',
        '--remote',
        `nc netns/${rig.client.name} -vz ${rig.server.address} ${rig.openTcpPort} --cluster ${cluster}`,
      );
      expect(err).toContain(`on cluster ${cluster}`);
      expect(out).toContain(`${rig.server.address}:${rig.openTcpPort} open`);
      expect(status).toBe(0);
      expect(reporter.heard.results).toHaveLength(1);
    } finally {
      await worker.stop(1000);
      await executor.close();
      const queue = createJobQueue({ redisUrl: testRedisUrl, cluster });
      await queue.obliterate();
      await queue.close();
    }
  }, 30_000);
});
