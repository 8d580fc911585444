import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import ip from '../../../commands/ip.js';
import iperf3 from '../../../commands/iperf3.js';
import { createDockerExecutor, type DockerExecutor } from '../../../src/executors/docker/docker-executor.js';
import type { JobOutcome } from '../../../src/results/job-outcome.js';
import { describeWith } from '../../harness/infrastructure.js';
import { createPipeline, type Pipeline } from '../pipeline/pipeline-fixture.js';
import { waitFor } from '../../harness/wait-for.js';
import { rigLabel, rigLabelValue, toolboxImage } from './docker-rig.js';

const docker = promisify(execFile);
const swarmPool = '198.18.128.0/17';

/**
 * service/ and overlay network/ targets on a single-node Swarm that the suite makes for itself
 * (`docker swarm init --default-addr-pool 198.18.128.0/17`) and leaves afterwards. Jobs go through the
 * worker, as users send them.
 */
describeWith(['docker', 'redis'], 'Swarm services and overlay networks through the worker', () => {
  const suffix = process.pid.toString(36);
  const network = `nbt-overlay-${suffix}`;
  const serviceA = `nbt-svc-a-${suffix}`;
  const serviceB = `nbt-svc-b-${suffix}`;
  let joinedSwarm = false;
  let executor: DockerExecutor;
  let pipeline: Pipeline;

  const runLine = async (line: string): Promise<JobOutcome> =>
    pipeline.queue.waitForOutcome(await pipeline.submit(line), 60_000);
  const createService = (name: string) =>
    docker('docker', [
      'service',
      'create',
      '--detach',
      '--quiet',
      '--name',
      name,
      '--network',
      network,
      '--label',
      `${rigLabel}=${rigLabelValue}`,
      '--container-label',
      `${rigLabel}=${rigLabelValue}`,
      '--restart-condition',
      'none',
      '--entrypoint',
      'sleep',
      toolboxImage,
      '900',
    ]);
  const taskRunning = async (name: string): Promise<boolean> => {
    const { stdout } = await docker('docker', [
      'service',
      'ps',
      name,
      '--filter',
      'desired-state=running',
      '--format',
      '{{.CurrentState}}',
    ]);
    return stdout.startsWith('Running');
  };

  beforeAll(async () => {
    const { stdout: state } = await docker('docker', ['info', '--format', '{{.Swarm.LocalNodeState}}']);
    if (state.trim() !== 'active') {
      await docker('docker', [
        'swarm',
        'init',
        '--default-addr-pool',
        swarmPool,
        '--advertise-addr',
        '127.0.0.1',
      ]);
      joinedSwarm = true;
    }
    await docker('docker', [
      'network',
      'create',
      '--driver',
      'overlay',
      '--attachable',
      '--label',
      `${rigLabel}=${rigLabelValue}`,
      network,
    ]);
    await createService(serviceA);
    await createService(serviceB);
    await waitFor(async () => (await taskRunning(serviceA)) && (await taskRunning(serviceB)), {
      what: 'a running task of each Swarm service',
      timeoutMs: 30_000,
      everyMs: 250,
    });
    executor = createDockerExecutor({
      image: toolboxImage,
      workerId: `test-swarm-${process.pid}`,
      reapIntervalMs: 0,
    });
    pipeline = createPipeline([ip, iperf3]);
    await pipeline.startWorker({ executors: [executor] });
  }, 90_000);

  afterAll(async () => {
    await pipeline?.close();
    await executor?.close();
    await docker('docker', ['service', 'rm', serviceA, serviceB]).catch(() => undefined);
    // The overlay can be removed only once the tasks' endpoints are gone.
    try {
      await waitFor(() => docker('docker', ['network', 'rm', network]).then(() => true), {
        what: `the overlay network ${network} removed`,
        everyMs: 250,
      });
    } finally {
      if (joinedSwarm) await docker('docker', ['swarm', 'leave', '--force']);
    }
  }, 60_000);

  it('runs iperf3 between the tasks of two Swarm services over their overlay network', async () => {
    const outcome = await runLine(`iperf3 service/${serviceA} service/${serviceB} -t 1`);
    expect(outcome.status).toBe('completed');
    const server = outcome.runs[1]!.result.argv;
    // The server address is the task's address on the overlay, from the Swarm pool.
    const address = server[server.indexOf('-c') + 1]!;
    expect(address).toMatch(/^198\.18\.(1[2-9]\d|2[0-5]\d)\.\d+$/);
    const report = JSON.parse(outcome.runs[1]!.result.stdout) as {
      end: { sum_received: { bits_per_second: number } };
    };
    expect(report.end.sum_received.bits_per_second).toBeGreaterThan(0);
  }, 60_000);

  it('enters the overlay network sandbox with nsenter and shows its bridge and VXLAN device', async () => {
    const outcome = await runLine(`ip network/${network} -br link show`);
    expect(outcome.status).toBe('completed');
    const links = JSON.parse(outcome.runs[0]!.result.stdout) as { ifname: string }[];
    expect(links.map((link) => link.ifname)).toEqual(expect.arrayContaining(['br0', 'vxlan0']));
  }, 30_000);

  it('says a service that does not exist is not found', async () => {
    const outcome = await runLine(`ip service/nbt-missing-${suffix} addr show`);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toContain(`service/nbt-missing-${suffix}: no Swarm service of that name`);
  }, 30_000);
});
