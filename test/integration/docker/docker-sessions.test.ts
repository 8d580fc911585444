import { pcapCapBytes } from '../../../src/catalogue/capture-cap.js';
import { spawn } from 'node:child_process';
import type Docker from 'dockerode';
import { TargetNotFoundError, TargetUnavailableError, TransientError } from '../../../src/errors.js';
import { createDockerExecutor, type DockerExecutor } from '../../../src/executors/docker/docker-executor.js';
import type { DockerSession } from '../../../src/executors/docker/docker-session.js';
import {
  expiresAtLabel,
  jobIdLabel,
  managedByLabel,
  targetLabel,
  workerLabel,
} from '../../../src/executors/docker/labels.js';
import { outputCapBytes } from '../../../src/format/output-cap.js';
import { describeWith } from '../../harness/infrastructure.js';
import { waitFor } from '../../harness/wait-for.js';
import { createDockerRig, rigLabel, rigLabelValue, toolboxImage, type DockerRig } from './docker-rig.js';

/** Sessions on the real engine: reuse, idle removal, deadlines, cancel, errors, the reaper. */
describeWith(['docker'], 'Docker executor sessions', () => {
  let rig: DockerRig;
  const executors: DockerExecutor[] = [];
  const timeoutMs = 10_000;
  const target = (): { kind: 'container'; name: string } => ({ kind: 'container', name: rig.name('target') });

  const newExecutor = (
    options: { workerId?: string; idleMs?: number; image?: string } = {},
  ): DockerExecutor => {
    const executor = createDockerExecutor({
      image: options.image ?? toolboxImage,
      workerId: options.workerId ?? `test-sessions-${process.pid}-${executors.length}`,
      idleMs: options.idleMs,
      reapIntervalMs: 0,
    });
    executors.push(executor);
    return executor;
  };
  const toolboxesOf = async (workerId: string): Promise<Docker.ContainerInfo[]> =>
    rig.docker.listContainers({ all: true, filters: { label: [`${workerLabel}=${workerId}`] } });

  beforeAll(async () => {
    rig = await createDockerRig();
    await rig.addContainer('target');
    const stopped = await rig.addContainer('stopped');
    await stopped.stop({ t: 0 });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(executors.map((executor) => executor.close()));
    await rig?.remove();
  }, 60_000);

  it('starts one labelled toolbox in the target namespace and reuses it for the next command', async () => {
    const executor = newExecutor({ workerId: `test-reuse-${process.pid}` });
    const first = await executor.open(target(), { namespace: 'default', jobId: 'job-1' });
    const firstRun = await first.run(['ip', '-br', 'addr', 'show', 'eth0'], { timeoutMs });
    const second = await executor.open(target(), { namespace: 'default', jobId: 'job-2' });
    const secondRun = await second.run(['ip', '-br', 'addr', 'show', 'eth0'], { timeoutMs });

    expect(second).toBe(first);
    const toolboxes = await toolboxesOf(`test-reuse-${process.pid}`);
    expect(toolboxes).toHaveLength(1);
    expect(toolboxes[0]!.Labels).toMatchObject({
      [managedByLabel]: 'netshoot-bot',
      [jobIdLabel]: 'job-1',
      [targetLabel]: `container/${rig.name('target')}`,
    });
    const targetInfo = await rig.docker.getContainer(rig.name('target')).inspect();
    const targetAddress = targetInfo.NetworkSettings.Networks[rig.networkName]!.IPAddress;
    expect(firstRun.stdout).toContain(targetAddress);
    expect(secondRun.stdout).toBe(firstRun.stdout);
  }, 30_000);

  it('opens a fresh toolbox when the old one was removed behind its back, after a retryable error', async () => {
    const executor = newExecutor();
    const first = (await executor.open(target(), { namespace: 'default' })) as DockerSession;
    await first.container.remove({ force: true });
    await expect(first.run(['true'], { timeoutMs })).rejects.toBeInstanceOf(TransientError);
    const second = (await executor.open(target(), { namespace: 'default' })) as DockerSession;
    expect(second.container.id).not.toBe(first.container.id);
    expect((await second.run(['true'], { timeoutMs })).exitCode).toBe(0);
  }, 30_000);

  it('gives two jobs that open the same target at once one shared toolbox', async () => {
    const workerId = `test-together-${process.pid}`;
    const executor = newExecutor({ workerId });
    const [first, second] = await Promise.all([
      executor.open(target(), { namespace: 'default' }),
      executor.open(
        { kind: 'container', name: (await rig.docker.getContainer(rig.name('target')).inspect()).Id },
        { namespace: 'default' },
      ),
    ]);
    expect(second).toBe(first);
    expect(await toolboxesOf(workerId)).toHaveLength(1);
  }, 30_000);

  it('removes a session that stays idle for the configured time', async () => {
    const workerId = `test-idle-${process.pid}`;
    const executor = newExecutor({ workerId, idleMs: 1_000 });
    const session = await executor.open(target(), { namespace: 'default' });
    await session.run(['true'], { timeoutMs });
    expect(await toolboxesOf(workerId)).toHaveLength(1);
    await waitFor(async () => (await toolboxesOf(workerId)).length === 0, {
      what: 'the idle toolbox removed',
      timeoutMs: 10_000,
      everyMs: 250,
    });
    expect(executor.openToolboxIds()).toEqual([]);
  }, 30_000);

  it('passes argv through without a shell, so shell syntax arrives as plain text', async () => {
    const session = await newExecutor().open(target(), { namespace: 'default' });
    const echoed = await session.run(['echo', '$(id)', ';', 'ls', '|', '`whoami`'], { timeoutMs });
    expect(echoed.stdout).toBe('$(id) ; ls | `whoami`\n');
  }, 30_000);

  it('keeps stdout and stderr apart and returns a non-zero exit as a result', async () => {
    const session = await newExecutor().open(target(), { namespace: 'default' });
    const result = await session.run(['ls', '/nonexistent', '/'], { timeoutMs });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain('etc');
    expect(result.stderr).toContain('/nonexistent');
    expect(result.timedOut).toBe(false);
  }, 30_000);

  it('kills a run at its deadline on the far side and says it timed out', async () => {
    const session = await newExecutor().open(target(), { namespace: 'default' });
    const result = await session.run(['sleep', '30'], { timeoutMs: 1_000 });
    expect(result.timedOut).toBe(true);
    expect(result.durationMs).toBeLessThan(5_000);
    const left = await session.run(['pgrep', '-f', '^sleep 30'], { timeoutMs });
    expect(left.stdout.trim()).toBe('');
  }, 30_000);

  it('cancels a run: the far-side process is gone and the result says canceled', async () => {
    const session = await newExecutor().open(target(), { namespace: 'default' });
    const controller = new AbortController();
    const started = Date.now();
    const running = session.run(['sleep', '40'], { timeoutMs: 60_000, signal: controller.signal });
    await waitFor(
      async () => (await session.run(['pgrep', '-f', '^sleep 40'], { timeoutMs })).stdout.trim() !== '',
      { what: 'sleep 40 running in the toolbox' },
    );
    controller.abort();
    const result = await running;
    expect(result.canceled).toBe(true);
    expect(result.timedOut).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
    const left = await session.run(['pgrep', '-f', '^sleep 40'], { timeoutMs });
    expect(left.stdout.trim()).toBe('');
  }, 30_000);

  it('says which signal ended a run at its deadline: SIGTERM from the far side, as on every executor', async () => {
    const session = await newExecutor().open(target(), { namespace: 'default' });
    const result = await session.run(['sleep', '31'], { timeoutMs: 1_000 });
    expect(result).toMatchObject({ timedOut: true, canceled: false, exitCode: 124, signal: 'SIGTERM' });
  }, 30_000);

  it('stops a started process without calling it a cancel, and nothing is left running', async () => {
    const session = await newExecutor().open(target(), { namespace: 'default' });
    const server = await session.start(['sleep', '43'], { timeoutMs: 60_000 });
    await waitFor(
      async () => (await session.run(['pgrep', '-f', '^sleep 43'], { timeoutMs })).exitCode === 0,
      { what: 'sleep 43 running in the toolbox', timeoutMs: 10_000 },
    );
    const result = await server.stop();
    expect(result).toMatchObject({ canceled: false, timedOut: false, signal: 'SIGTERM' });
    const left = await session.run(['pgrep', '-f', '^sleep 43'], { timeoutMs });
    expect(left.stdout.trim()).toBe('');
  }, 30_000);

  it('keeps the same 512 KiB of each stream as every executor, and says it was cut', async () => {
    const session = await newExecutor().open(target(), { namespace: 'default' });
    const result = await session.run(['head', '-c', String(outputCapBytes + 4096), '/dev/zero'], {
      timeoutMs,
    });
    expect(result.stdout.length).toBe(outputCapBytes);
    expect(result.truncated).toBe(true);
  }, 30_000);

  it('ends a tool in the toolbox whose output passes the cap, and nothing is left running', async () => {
    const session = await newExecutor().open(target(), { namespace: 'default' });
    const result = await session.run(['yes', 'docker-output-bomb'], { timeoutMs: 20_000 });
    expect(result).toMatchObject({ timedOut: false, canceled: false, truncated: true });
    expect(result.durationMs).toBeLessThan(10_000);
    expect(result.stdout.length).toBe(outputCapBytes);
    expect(result.stderr).toContain('netshoot-bot: its stdout passed 512 KiB');
    const left = await session.run(['pgrep', '-f', '^yes docker-output-bomb'], { timeoutMs });
    expect(left.stdout.trim()).toBe('');
  }, 30_000);

  it('collects a file written in the artifact directory and removes it from the toolbox', async () => {
    const session = await newExecutor().open(target(), { namespace: 'default' });
    const pcap = `${session.artifactDir}/artifact-test.pcap`;
    let listening = false;
    // Under the size cap, as tcpdump --pcap runs (commands/tcpdump.ts): prlimit is in the image.
    const capped = ['prlimit', `--fsize=${pcapCapBytes}`, '--'];
    const capture = await session.start([...capped, 'tcpdump', '-U', '-i', 'lo', '-c', '1', '-w', pcap], {
      timeoutMs,
      collect: [pcap],
      onOutput: (text) => (listening ||= text.includes('listening on')),
    });
    await waitFor(() => listening, { what: "tcpdump saying 'listening on'" });
    await session.run(['ping', '-c', '1', '127.0.0.1'], { timeoutMs });
    const result = await capture.result;
    const [artifact] = result.artifacts;
    expect(artifact?.name).toBe('artifact-test.pcap');
    // A pcap file starts with its magic number (microsecond pcap, little- or big-endian).
    expect(artifact?.data.readUInt32LE(0).toString(16)).toMatch(/^(a1b2c3d4|d4c3b2a1)$/);
    const gone = await session.run(['ls', pcap], { timeoutMs });
    expect(gone.exitCode).not.toBe(0);
  }, 30_000);

  it('says a missing container does not exist, naming similar ones', async () => {
    const executor = newExecutor();
    const opening = executor.open({ kind: 'container', name: rig.name('targe') }, { namespace: 'default' });
    await expect(opening).rejects.toBeInstanceOf(TargetNotFoundError);
    await expect(opening).rejects.toMatchObject({ hints: [expect.stringContaining(rig.name('target'))] });
  }, 30_000);

  it('says an id prefix that more than one container starts with is ambiguous', async () => {
    // Among 17 ids two share a first character; created (not started) containers are enough.
    const made: Docker.Container[] = [];
    const sharedPrefix = async (): Promise<string | undefined> => {
      const ids = (await rig.docker.listContainers({ all: true })).map((container) => container.Id);
      return ids.map((id) => id[0]!).find((first, index, firsts) => firsts.indexOf(first) !== index);
    };
    try {
      let prefix = await sharedPrefix();
      while (prefix === undefined && made.length < 17) {
        made.push(
          await rig.docker.createContainer({
            Image: toolboxImage,
            Entrypoint: ['true'],
            Labels: { [rigLabel]: rigLabelValue },
          }),
        );
        prefix = await sharedPrefix();
      }
      const opening = newExecutor().open({ kind: 'container', name: prefix! }, { namespace: 'default' });
      await expect(opening).rejects.toBeInstanceOf(TargetNotFoundError);
      await expect(opening).rejects.toThrow(`container/${prefix} is ambiguous`);
    } finally {
      await Promise.all(made.map((container) => container.remove({ force: true }).catch(() => undefined)));
    }
  }, 60_000);

  it('says a stopped container cannot be joined and how to start it', async () => {
    const opening = newExecutor().open(
      { kind: 'container', name: rig.name('stopped') },
      { namespace: 'default' },
    );
    await expect(opening).rejects.toBeInstanceOf(TargetUnavailableError);
    await expect(opening).rejects.toThrow(/is exited/);
  }, 30_000);

  it('says a missing network does not exist', async () => {
    const opening = newExecutor().open(
      { kind: 'network', name: rig.name('nonet') },
      { namespace: 'default' },
    );
    await expect(opening).rejects.toBeInstanceOf(TargetNotFoundError);
  }, 30_000);

  it('says a Swarm service cannot be found when this engine is not in a Swarm or has no such service', async () => {
    const opening = newExecutor().open(
      { kind: 'service', name: rig.name('nosvc') },
      { namespace: 'default' },
    );
    await expect(opening).rejects.toThrow(
      /service\/nbt-nosvc-\w+: (this Docker engine is not part of a Swarm|no Swarm service)/,
    );
  }, 30_000);

  it('fails a missing image that cannot be pulled with a message naming it and NETSHOOT_IMAGE', async () => {
    const image = 'registry.invalid/netshoot-bot/absent:0';
    const progress: string[] = [];
    const opening = newExecutor({ image }).open(target(), {
      namespace: 'default',
      onProgress: (line) => progress.push(line),
    });
    await expect(opening).rejects.toBeInstanceOf(TransientError);
    await expect(opening).rejects.toThrow(new RegExp(`${image.replaceAll('.', '\\.')}.*NETSHOOT_IMAGE`));
    expect(progress).toContain(`pulling ${image}`);
  }, 60_000);

  it('reaps the toolbox of a killed worker when a worker with the same id starts again', async () => {
    const workerId = `test-killed-${process.pid}`;
    const fixture = new URL('./fixtures/open-session-and-hang.ts', import.meta.url).pathname;
    // node itself, not npx: SIGKILL must reach the process that holds the session.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fixture, workerId, rig.name('target'), toolboxImage],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const toolboxId = await new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
      child.once('exit', (code) => reject(new Error(`the doomed worker exited early (${code})`)));
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect((await toolboxesOf(workerId)).map((toolbox) => toolbox.Id)).toEqual([toolboxId]);

    const reaped = await newExecutor({ workerId }).reap();
    expect(reaped).toBe(1);
    expect(await toolboxesOf(workerId)).toEqual([]);
  }, 60_000);

  it('reaps an expired toolbox of any worker but never a container that is not a toolbox', async () => {
    const labelled = async (role: string, labels: Record<string, string>) => {
      const container = await rig.docker.createContainer({
        name: rig.name(role),
        Image: toolboxImage,
        Entrypoint: ['sleep'],
        Cmd: ['300'],
        Labels: { [rigLabel]: rigLabelValue, ...labels },
        HostConfig: { NetworkMode: 'none' },
      });
      await container.start();
      return container;
    };
    const expired = await labelled('expired', {
      [managedByLabel]: 'netshoot-bot',
      [workerLabel]: `test-gone-${process.pid}`,
      [expiresAtLabel]: new Date(Date.now() - 1000).toISOString(),
    });
    const notToolbox = await labelled('not-toolbox', { [managedByLabel]: 'netshoot-bot' });
    try {
      await newExecutor({ workerId: `test-reaper-${process.pid}` }).reap();
      await expect(expired.inspect()).rejects.toMatchObject({ statusCode: 404 });
      expect((await notToolbox.inspect()).State.Running).toBe(true);
    } finally {
      await Promise.all(
        [expired, notToolbox].map((container) => container.remove({ force: true }).catch(() => undefined)),
      );
    }
  }, 30_000);

  it('leaves the live sessions of another worker alone when reaping', async () => {
    const live = newExecutor({ workerId: `test-live-${process.pid}` });
    await live.open(target(), { namespace: 'default' });
    await newExecutor({ workerId: `test-other-${process.pid}` }).reap();
    expect(await toolboxesOf(`test-live-${process.pid}`)).toHaveLength(1);
  }, 30_000);
});
