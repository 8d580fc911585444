import { spawn } from 'node:child_process';
import dig from '../../../commands/dig.js';
import drill from '../../../commands/drill.js';
import ip from '../../../commands/ip.js';
import iperf from '../../../commands/iperf.js';
import iperf3 from '../../../commands/iperf3.js';
import nc from '../../../commands/nc.js';
import netgen from '../../../commands/netgen.js';
import netstat from '../../../commands/netstat.js';
import nmap from '../../../commands/nmap.js';
import stats from '../../../commands/stats.js';
import tcpdump from '../../../commands/tcpdump.js';
import { createDockerExecutor, type DockerExecutor } from '../../../src/executors/docker/docker-executor.js';
import { targetLabel, workerLabel } from '../../../src/executors/docker/labels.js';
import { renderOutcomeText } from '../../../src/format/render-text.js';
import type { JobOutcome } from '../../../src/results/job-outcome.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import { createPipeline, type Pipeline } from '../pipeline/pipeline-fixture.js';
import { testJobSecret } from '../pipeline/signed-jobs.js';
import { waitFor } from '../../harness/wait-for.js';
import { createDockerRig, toolboxImage, type DockerRig } from './docker-rig.js';

/**
 * The seed README's scenarios as users type them, through the real grammar, a BullMQ queue on the
 * test Redis, the worker and the Docker executor, on containers made from the toolbox image.
 */
describeWith(['docker', 'redis'], 'seed scenarios through the worker on Docker targets', () => {
  let rig: DockerRig;
  let pipeline: Pipeline;
  let executor: DockerExecutor;
  const workerId = `test-worker-scenarios-${process.pid}`;
  const a = (): string => `container/${rig.name('perf-test-a')}`;
  const b = (): string => `container/${rig.name('perf-test-b')}`;
  const listener = (): string => `container/${rig.name('listener')}`;
  const listenPort = 12378;

  const addressOf = async (container: string): Promise<string> => {
    const info = await rig.docker.getContainer(container.replace('container/', '')).inspect();
    return info.NetworkSettings.Networks[rig.networkName]!.IPAddress;
  };
  const outcomeOf = async (jobId: string): Promise<JobOutcome> =>
    pipeline.queue.waitForOutcome(jobId, 60_000);
  const runLine = async (line: string): Promise<JobOutcome> => outcomeOf(await pipeline.submit(line));
  const mainRun = (outcome: JobOutcome) => outcome.runs[outcome.runs.length - 1]!.result;
  /** Waits until the job's tool is running (its session is open and the argv started). */
  const running = (jobId: string): Promise<boolean> =>
    waitFor(
      () =>
        pipeline.reporter.heard.progress.some((event) => event.jobId === jobId && event.stage === 'running'),
      { what: `job ${jobId} reported running` },
    );

  /**
   * Waits until tcpdump in the target's namespace holds its packet socket on eth0, which `ss --packet`
   * lists once libpcap has opened the capture (no other capture runs there): traffic sent next is seen.
   * libpcap installs the filter right after, long before any traffic a job can send.
   */
  const capturing = async (target: string): Promise<boolean> => {
    const session = await executor.open(
      { kind: 'container', name: target.replace('container/', '') },
      { namespace: 'default' },
    );
    return waitFor(
      async () =>
        (await session.run(['ss', '--packet', '-H'], { timeoutMs: 5000 })).stdout.includes(':eth0 '),
      { what: `tcpdump holding its capture socket on eth0 in ${target}` },
    );
  };

  beforeAll(async () => {
    rig = await createDockerRig();
    await rig.addContainer('perf-test-a');
    await rig.addContainer('perf-test-b');
    await rig.addContainer('listener', ['nc', '-lk', String(listenPort)]);
    executor = createDockerExecutor({ image: toolboxImage, workerId, reapIntervalMs: 0 });
    pipeline = createPipeline(
      [dig, drill, ip, iperf, iperf3, nc, netgen, netstat, nmap, stats, tcpdump],
      undefined,
      { jobSecret: testJobSecret },
    );
    await pipeline.startWorker({ executors: [executor] });
  }, 60_000);

  afterAll(async () => {
    await pipeline?.close();
    await executor?.close();
    await rig?.remove();
  }, 60_000);

  it('runs iperf3 with the server in the first container and the client in the second, at the server address', async () => {
    const outcome = await runLine(`iperf3 ${a()} ${b()} -t 1`);
    expect(outcome.status).toBe('completed');
    expect(outcome.runs.map((run) => run.side)).toEqual(['server', 'client']);
    expect(outcome.runs[1]!.result.argv).toContain(await addressOf(a()));
    const report = JSON.parse(outcome.runs[1]!.result.stdout) as {
      end: { sum_received: { bits_per_second: number } };
    };
    expect(report.end.sum_received.bits_per_second).toBeGreaterThan(0);
  }, 60_000);

  it('runs iperf 2 between the same containers and reports a bandwidth', async () => {
    const outcome = await runLine(`iperf ${a()} ${b()} -t 1`);
    expect(outcome.status).toBe('completed');
    expect(mainRun(outcome).exitCode).toBe(0);
    expect(mainRun(outcome).argv).toContain(await addressOf(a()));
    expect(mainRun(outcome).stdout).toMatch(/\d+(\.\d+)? [KMG]?bits\/sec/);
  }, 60_000);

  it('sees the iperf traffic with tcpdump on the iperf port in the server container', async () => {
    const capture = await pipeline.submit(`tcpdump ${a()} -i eth0 -n -c 3 port 5201`);
    expect(await running(capture)).toBe(true);
    expect(await capturing(a())).toBe(true);
    const perf = await pipeline.submit(`iperf3 ${a()} ${b()} -t 1`);
    const captured = await outcomeOf(capture);
    await outcomeOf(perf);
    expect(mainRun(captured).exitCode).toBe(0);
    expect(mainRun(captured).stdout).toContain(`${await addressOf(a())}.5201`);
  }, 60_000);

  it('shows the listener of the target with netstat -tulpn', async () => {
    const outcome = await runLine(`netstat ${listener()} -tulpn`);
    expect(mainRun(outcome).exitCode).toBe(0);
    expect(mainRun(outcome).stdout).toMatch(new RegExp(`0\\.0\\.0\\.0:${listenPort}\\s.*LISTEN\\s+\\d+/nc`));
  }, 30_000);

  it('scans a port range of a test container with nmap, closed ports listed', async () => {
    const outcome = await runLine(`nmap ${a()} -sT -Pn -p 12376-12380 ${listener()}`);
    const scanned = mainRun(outcome);
    expect(scanned.argv).toContain(await addressOf(listener()));
    // nmap writes XML for the summary (-oX -); people read its port table.
    const shown = renderOutcomeText(outcome, { tool: 'nmap' });
    expect(shown).toMatch(new RegExp(`${listenPort}/tcp\\s+open`));
    expect(shown).toMatch(/12376\/tcp\s+closed/);
    expect(shown).toMatch(/12380\/tcp\s+closed/);
  }, 60_000);

  it('resolves a container name through the embedded DNS at 127.0.0.11 with dig and drill', async () => {
    const expected = await addressOf(b());
    const dug = await runLine(`dig ${a()} @127.0.0.11 ${rig.name('perf-test-b')} +short`);
    expect(mainRun(dug).stdout.trim()).toBe(expected);
    const drilled = await runLine(`drill ${a()} ${rig.name('perf-test-b')} @127.0.0.11`);
    expect(mainRun(drilled).exitCode).toBe(0);
    expect(mainRun(drilled).stdout).toMatch(new RegExp(`IN\\s+A\\s+${expected.replaceAll('.', '\\.')}`));
  }, 30_000);

  it('reports nc -vz to an open port as exit 0 and to a closed one as a completed job with exit 1', async () => {
    const open = await runLine(`nc ${a()} -vz ${listener()} ${listenPort}`);
    const closed = await runLine(`nc ${a()} -vz ${listener()} 12379`);
    expect(open.status).toBe('completed');
    expect(mainRun(open).exitCode).toBe(0);
    expect(closed.status).toBe('completed');
    expect(mainRun(closed).exitCode).toBe(1);
  }, 30_000);

  it('runs netgen between two containers and tcpdump in the listener sees the messages', async () => {
    const capture = await pipeline.submit(`tcpdump ${a()} -i eth0 -n -A -c 4 tcp port 9999 and greater 60`);
    expect(await running(capture)).toBe(true);
    expect(await capturing(a())).toBe(true);
    const generated = await runLine(`netgen ${a()} ${b()} 9999 -i 1 -c 3`);
    expect(generated.status).toBe('completed');
    const captured = mainRun(await outcomeOf(capture));
    expect(captured.stdout).toContain(`${await addressOf(a())}.9999`);
    expect(outcomeText(generated)).toContain(await addressOf(b()));
  }, 60_000);

  it('names the program behind a host listener with netstat -tulpn on host', async () => {
    const redisPort = new URL(testRedisUrl).port || '6379';
    const outcome = await runLine('netstat host -tulpn');
    expect(mainRun(outcome).stdout).toMatch(new RegExp(`:${redisPort}\\s.*LISTEN\\s+\\d+/redis-server`));
  }, 30_000);

  it('lists routes and neighbours of the Docker host with ip route and ip neigh', async () => {
    const routes = await runLine('ip host route show');
    const table = JSON.parse(mainRun(routes).stdout) as { dst: string; dev: string }[];
    expect(table).toContainEqual(expect.objectContaining({ dst: '198.18.0.0/24', dev: 'docker0' }));
    const neighbours = await runLine('ip host neigh show');
    expect(neighbours.status).toBe('completed');
    expect(mainRun(neighbours).exitCode).toBe(0);
    expect(Array.isArray(JSON.parse(mainRun(neighbours).stdout))).toBe(true);
  }, 30_000);

  it('answers stats for a container from the Docker API, not from a toolbox', async () => {
    const outcome = await runLine(`stats ${listener()} --sort net`);
    expect(outcome.status).toBe('completed');
    const lines = mainRun(outcome).stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+CID\s+STATE\s+CPU\s+MEM/);
    expect(lines[1]).toMatch(new RegExp(`^${rig.name('listener')}\\s+[0-9a-f]{12}\\s+running\\s+[\\d.]+%`));
  }, 30_000);

  it('passes the stats flags from the command line to the API snapshot: --limit 1 shows one container', async () => {
    const outcome = await runLine('stats host --limit 1 --sort memory');
    expect(outcome.status).toBe('completed');
    const lines = mainRun(outcome).stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+CID\s+STATE\s+CPU\s+MEM/);
    expect(lines.slice(1).filter((line) => /^\S+\s+[0-9a-f]{12}\s/.test(line))).toHaveLength(1);
  }, 30_000);

  it('cancels a running capture: the job says canceled and tcpdump is gone from the toolbox', async () => {
    const jobId = await pipeline.submit(`tcpdump ${a()} -i eth0 -c 5 port 1 --timeout 60s`);
    expect(await running(jobId)).toBe(true);
    expect(await capturing(a())).toBe(true);
    const started = Date.now();
    expect(await pipeline.queue.cancel(jobId)).toBe(true);
    const outcome = await outcomeOf(jobId);
    expect(outcome.status).toBe('canceled');
    expect(Date.now() - started).toBeLessThan(10_000);
    const session = await executor.open(
      { kind: 'container', name: rig.name('perf-test-a') },
      { namespace: 'default' },
    );
    expect((await session.run(['pgrep', '-x', 'tcpdump'], { timeoutMs: 5000 })).stdout.trim()).toBe('');
  }, 60_000);

  it('reuses the toolbox of a target for the next command instead of starting another', async () => {
    await runLine(`ip ${b()} addr show`);
    await runLine(`ip ${b()} route show`);
    const toolboxes = await rig.docker.listContainers({
      filters: { label: [`${workerLabel}=${workerId}`, `${targetLabel}=${b()}`] },
    });
    expect(toolboxes).toHaveLength(1);
  }, 30_000);

  it('leaves no toolbox behind after its worker is killed mid-job, once a worker with that id reaps', async () => {
    const doomedId = `test-doomed-${process.pid}`;
    const doomed = createPipeline([tcpdump], undefined, { jobSecret: testJobSecret });
    const fixture = new URL('./fixtures/docker-worker-process.ts', import.meta.url).pathname;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fixture, testRedisUrl, doomed.cluster, doomedId, toolboxImage],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`the worker exited before it was ready (${code})`)));
      });
      await doomed.submit(`tcpdump ${a()} -i eth0 -c 1 port 1`);
      const toolboxesOf = () =>
        rig.docker.listContainers({ all: true, filters: { label: [`${workerLabel}=${doomedId}`] } });
      await waitFor(async () => (await toolboxesOf()).length === 1, {
        what: 'the doomed worker starting a toolbox',
      });

      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      expect(await toolboxesOf()).toHaveLength(1);

      const restarted = createDockerExecutor({ image: toolboxImage, workerId: doomedId, reapIntervalMs: 0 });
      expect(await restarted.reap()).toBe(1);
      await restarted.close();
      expect(await toolboxesOf()).toEqual([]);
    } finally {
      child.kill('SIGKILL');
      await doomed.close();
    }
  }, 60_000);
});

function outcomeText(outcome: JobOutcome): string {
  return outcome.runs.map((run) => `${run.result.stdout}\n${run.result.stderr}`).join('\n');
}
