import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pcapCapBytes } from '../../../../src/catalogue/capture-cap.js';
import { createLocalExecutor } from '../../../../src/executors/local/local-executor.js';
import { TargetNotFoundError, TargetUnavailableError } from '../../../../src/errors.js';

describe('the local executor', () => {
  const executor = createLocalExecutor();
  afterAll(() => executor.close());

  it('serves host and netns/ targets and nothing else', () => {
    expect(executor.supports({ kind: 'host', name: '' })).toBe(true);
    expect(executor.supports({ kind: 'netns', name: 'a' })).toBe(true);
    expect(executor.supports({ kind: 'pod', name: 'a' })).toBe(false);
    expect(executor.supports({ kind: 'container', name: 'a' })).toBe(false);
  });

  it('says a named namespace does not exist, and how to see the ones that do', async () => {
    const opening = executor.open({ kind: 'netns', name: 'nsb-missing-namespace' }, { namespace: 'default' });
    await expect(opening).rejects.toBeInstanceOf(TargetNotFoundError);
    await expect(opening).rejects.toThrow(
      "there is no network namespace 'nsb-missing-namespace' on this worker",
    );
  });

  it('refuses targets of other executors', async () => {
    await expect(
      executor.open({ kind: 'pod', name: 'web' }, { namespace: 'default' }),
    ).rejects.toBeInstanceOf(TargetUnavailableError);
  });

  it('runs on the host and collects a file the run wrote into the artifact directory', async () => {
    const session = await executor.open({ kind: 'host', name: '' }, { namespace: 'default' });
    const file = `${session.artifactDir}/out.pcap`;
    const result = await session.run(['sh', '-c', `printf pcapbytes > ${file}`], {
      timeoutMs: 5000,
      collect: [file],
    });
    expect(result.exitCode).toBe(0);
    expect(result.artifacts).toEqual([
      { name: 'out.pcap', contentType: 'application/vnd.tcpdump.pcap', data: Buffer.from('pcapbytes') },
    ]);
    expect(existsSync(file)).toBe(false);
  });

  it('returns no artifact when the tool wrote none', async () => {
    const session = await executor.open({ kind: 'host', name: '' }, { namespace: 'default' });
    const result = await session.run(['true'], {
      timeoutMs: 5000,
      collect: [`${session.artifactDir}/none.pcap`],
    });
    expect(result.artifacts).toEqual([]);
  });

  it('reuses one session per target, so a long-lived worker keeps one artifact directory per target', async () => {
    const first = await executor.open({ kind: 'host', name: '' }, { namespace: 'default' });
    const again = await executor.open({ kind: 'host', name: '' }, { namespace: 'other' });
    expect(again).toBe(first);
  });

  it('reaps artifact directories of workers that died, and keeps those of live ones', async () => {
    const root = await mkdtemp(join(tmpdir(), 'nsb-reap-'));
    try {
      // A pid above the kernel's pid_max never belongs to a live process.
      const dead = join(root, 'netshoot-bot-4194305-abcdef');
      const live = join(root, `netshoot-bot-${process.ppid}-abcdef`);
      await mkdir(dead);
      await mkdir(live);
      const own = createLocalExecutor({ artifactRoot: root });
      expect(await own.reap()).toBe(1);
      expect(existsSync(dead)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('removes its artifact directories on close', async () => {
    const own = createLocalExecutor();
    const session = await own.open({ kind: 'host', name: '' }, { namespace: 'default' });
    expect(existsSync(session.artifactDir)).toBe(true);
    await own.close();
    expect(existsSync(session.artifactDir)).toBe(false);
  });
});

describe("the local executor's tools", () => {
  const secrets = {
    SLACK_BOT_TOKEN: 'xoxb-worker-secret',
    SLACK_APP_TOKEN: 'xapp-worker-secret',
    NETSHOOT_JOB_SECRET: 'job-secret-of-the-worker',
    REDIS_URL: 'redis://:password@redis.internal:6379',
  };
  // What calicoctl needs to find its datastore is passed on; nothing else of the worker's.
  const datastore = { DATASTORE_TYPE: 'kubernetes', CALICO_API_GROUP: 'projectcalico.org/v3' };
  const saved = Object.fromEntries(
    Object.keys({ ...secrets, ...datastore }).map((name) => [name, process.env[name]]),
  );

  beforeAll(() => Object.assign(process.env, secrets, datastore));
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it.each([
    ['without tool directories', {}],
    ['with tool directories', { toolDirs: ['/opt/netshoot/bin'] }],
  ])(
    'see none of the worker environment, only PATH, LANG, HOME, TERM and the datastore settings (%s)',
    async (_how, options) => {
      // Made after the secrets are in the worker's environment, as a worker started with them is.
      const executor = createLocalExecutor(options);
      try {
        const session = await executor.open({ kind: 'host', name: '' }, { namespace: 'default' });
        for (const argv of [['env'], ['cat', '/proc/self/environ']]) {
          const result = await session.run(argv, { timeoutMs: 5000 });
          expect(result.exitCode).toBe(0);
          for (const value of Object.values(secrets)) expect(result.stdout).not.toContain(value);
          const names = result.stdout
            .split(/[\n\0]/)
            .filter((line) => line.includes('='))
            .map((line) => line.slice(0, line.indexOf('=')))
            .sort();
          expect(names.filter((name) => !/^(KUBERNETES_SERVICE_|KUBECONFIG)/.test(name))).toEqual([
            'CALICO_API_GROUP',
            'DATASTORE_TYPE',
            'HOME',
            'LANG',
            'PATH',
            'TERM',
          ]);
          expect(result.stdout).toContain('LANG=C.UTF-8');
          if ('toolDirs' in options) expect(result.stdout).toMatch(/PATH=\/opt\/netshoot\/bin:/);
        }
      } finally {
        await executor.close();
      }
    },
  );
});

describe('a pcap at its size cap', () => {
  const executor = createLocalExecutor();
  afterAll(() => executor.close());

  it('is stopped by the kernel at 50 MB under the prlimit tcpdump runs with, comes back, and the result says so', async () => {
    const session = await executor.open({ kind: 'host', name: '' }, { namespace: 'default' });
    const file = `${session.artifactDir}/capped.pcap`;
    // What tcpdump --pcap's argv does (commands/tcpdump.ts), with a writer that never stops on its own.
    const result = await session.run(
      ['prlimit', `--fsize=${pcapCapBytes}`, '--', 'dd', 'if=/dev/zero', `of=${file}`, 'bs=1M', 'count=80'],
      { timeoutMs: 20_000, collect: [file] },
    );
    expect(result.signal).toBe('SIGXFSZ');
    expect(result.artifacts.map((artifact) => artifact.data.length)).toEqual([pcapCapBytes]);
    expect(result.stderr).toContain('netshoot-bot: capture stopped at 50 MB, the size cap of --pcap');
  });

  it('is not said of a smaller capture', async () => {
    const session = await executor.open({ kind: 'host', name: '' }, { namespace: 'default' });
    const file = `${session.artifactDir}/small.pcap`;
    const result = await session.run(
      ['prlimit', `--fsize=${pcapCapBytes}`, '--', 'dd', 'if=/dev/zero', `of=${file}`, 'bs=1k', 'count=4'],
      { timeoutMs: 20_000, collect: [file] },
    );
    expect(result.exitCode).toBe(0);
    expect(result.stderr).not.toContain('size cap');
  });
});
