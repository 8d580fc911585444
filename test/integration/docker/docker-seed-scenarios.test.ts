import { createDockerExecutor, type DockerExecutor } from '../../../src/executors/docker/docker-executor.js';
import type { Session } from '../../../src/executors/executor.js';
import { describeWith } from '../../harness/infrastructure.js';
import { waitFor } from '../../harness/wait-for.js';
import { createDockerRig, toolboxImage, type DockerRig } from './docker-rig.js';

/** The seed README's scenarios, run through the Docker executor on the real engine. */
describeWith(['docker'], 'the seed scenarios on Docker targets', () => {
  let rig: DockerRig;
  let executor: DockerExecutor;
  const listenPort = '12378';
  const timeoutMs = 20_000;

  const open = (kind: 'container' | 'host' | 'network', name: string): Promise<Session> =>
    executor.open({ kind, name }, { namespace: 'default', jobId: 'seed-scenarios' });
  const waitForListener = (session: Session, port: string): Promise<boolean> =>
    waitFor(
      async () =>
        (await session.run(['ss', '-Htln', `sport = :${port}`], { timeoutMs })).stdout.includes(port),
      { what: `a listener on port ${port}` },
    );

  beforeAll(async () => {
    rig = await createDockerRig();
    await rig.addContainer('perf-a');
    await rig.addContainer('perf-b');
    await rig.addContainer('listener', ['nc', '-lk', listenPort]);
    executor = createDockerExecutor({
      image: toolboxImage,
      workerId: `test-seed-${process.pid}`,
      reapIntervalMs: 0,
    });
  }, 60_000);

  afterAll(async () => {
    await executor?.close();
    await rig?.remove();
  }, 60_000);

  it('runs iperf3 between two containers on a user-defined network, server first', async () => {
    const server = await open('container', rig.name('perf-a'));
    const client = await open('container', rig.name('perf-b'));
    const address = await server.addressFor({ kind: 'container', name: rig.name('perf-b') });
    const serving = await server.start(['iperf3', '-s', '-1', '-p', '5201'], { timeoutMs });
    expect(await waitForListener(server, '5201')).toBe(true);

    const sent = await client.run(['iperf3', '-c', address, '-p', '5201', '-t', '1', '-J'], { timeoutMs });
    const report = JSON.parse(sent.stdout) as { end: { sum_received: { bits_per_second: number } } };
    expect(sent.exitCode).toBe(0);
    expect(report.end.sum_received.bits_per_second).toBeGreaterThan(0);
    expect((await serving.result).exitCode).toBe(0);
  }, 60_000);

  it('captures the iperf port with tcpdump in the server container namespace', async () => {
    const server = await open('container', rig.name('perf-a'));
    const client = await open('container', rig.name('perf-b'));
    const address = await server.addressFor();
    let listening = false;
    const capture = await server.start(
      ['tcpdump', '-i', 'eth0', '-n', '-l', '-c', '5', 'tcp', 'port', '5201'],
      {
        timeoutMs,
        onOutput: (text, stream) => (listening ||= stream === 'stderr' && text.includes('listening on')),
      },
    );
    await waitFor(() => listening, { what: "tcpdump saying 'listening on'" });
    const serving = await server.start(['iperf3', '-s', '-1', '-p', '5201'], { timeoutMs });
    expect(await waitForListener(server, '5201')).toBe(true);
    await client.run(['iperf3', '-c', address, '-p', '5201', '-t', '1'], { timeoutMs });

    const captured = await capture.result;
    await serving.stop();
    expect(captured.exitCode).toBe(0);
    expect(captured.stdout).toContain(`${address}.5201`);
    expect(captured.stdout.trim().split('\n')).toHaveLength(5);
  }, 60_000);

  it('shows the target listener with netstat -tulpn', async () => {
    const session = await open('container', rig.name('listener'));
    const listed = await session.run(['netstat', '-tulpn'], { timeoutMs });
    expect(listed.exitCode).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`0\\.0\\.0\\.0:${listenPort}\\s.*LISTEN\\s+\\d+/nc`));
  }, 30_000);

  it('scans a port range with nmap and lists the closed ports beside the open one', async () => {
    const scanner = await open('container', rig.name('perf-a'));
    const address = await executor.resolveAddress(
      { kind: 'container', name: rig.name('listener') },
      { namespace: 'default', from: { kind: 'container', name: rig.name('perf-a') } },
    );
    const scanned = await scanner.run(['nmap', '-sT', '-Pn', '-p', '12376-12380', address], { timeoutMs });
    expect(scanned.exitCode).toBe(0);
    expect(scanned.stdout).toMatch(/12378\/tcp\s+open/);
    expect(scanned.stdout).toMatch(/12376\/tcp\s+closed/);
    expect(scanned.stdout).toMatch(/12380\/tcp\s+closed/);
  }, 60_000);

  it('resolves a container name through Docker embedded DNS with dig and drill', async () => {
    const session = await open('container', rig.name('perf-a'));
    const expected = await executor.resolveAddress(
      { kind: 'container', name: rig.name('perf-b') },
      { namespace: 'default' },
    );
    const dug = await session.run(['dig', '+short', '@127.0.0.11', rig.name('perf-b')], { timeoutMs });
    expect(dug.stdout.trim()).toBe(expected);
    const drilled = await session.run(['drill', rig.name('perf-b'), '@127.0.0.11'], { timeoutMs });
    expect(drilled.exitCode).toBe(0);
    expect(drilled.stdout).toMatch(
      new RegExp(`${rig.name('perf-b')}\\.\\s+\\d+\\s+IN\\s+A\\s+${expected.replaceAll('.', '\\.')}`),
    );
  }, 30_000);

  it('reports an open port as a zero exit of nc -vz and a closed one as a non-zero exit, both as results', async () => {
    const session = await open('container', rig.name('perf-a'));
    const address = await executor.resolveAddress(
      { kind: 'container', name: rig.name('listener') },
      { namespace: 'default' },
    );
    const open_ = await session.run(['nc', '-vz', '-w', '3', address, listenPort], { timeoutMs });
    const closed = await session.run(['nc', '-vz', '-w', '3', address, '12379'], { timeoutMs });
    expect(open_.exitCode).toBe(0);
    expect(open_.stderr).toMatch(/succeeded/);
    expect(closed.exitCode).toBe(1);
    expect(closed.stderr).toMatch(/refused/);
  }, 30_000);

  it('lists routes and neighbours of the Docker host with ip route and ip neigh', async () => {
    const session = await open('host', '');
    const routes = await session.run(['ip', 'route'], { timeoutMs });
    expect(routes.exitCode).toBe(0);
    expect(routes.stdout).toMatch(/198\.18\.0\.0\/24 dev docker0/);
    const neighbours = await session.run(['ip', '-j', 'neigh'], { timeoutMs });
    expect(neighbours.exitCode).toBe(0);
    expect(Array.isArray(JSON.parse(neighbours.stdout))).toBe(true);
  }, 30_000);

  it('joins a bridge network as a member that resolves its containers through the embedded DNS', async () => {
    const session = await open('network', rig.networkName);
    const expected = await executor.resolveAddress(
      { kind: 'container', name: rig.name('listener') },
      { namespace: 'default' },
    );
    const dug = await session.run(['dig', '+short', rig.name('listener')], { timeoutMs });
    expect(dug.stdout.trim()).toBe(expected);
    const address = await session.addressFor({ kind: 'container', name: rig.name('listener') });
    expect(address).not.toBe(expected);
    expect(address.split('.').slice(0, 3)).toEqual(expected.split('.').slice(0, 3));
  }, 30_000);

  it('takes a stats snapshot of a container: its name, memory and network counters', async () => {
    const snapshot = await executor.statsSnapshot({ kind: 'container', name: rig.name('listener') });
    expect(snapshot.containers).toHaveLength(1);
    const [stats] = snapshot.containers;
    expect(stats!.name).toBe(rig.name('listener'));
    expect(stats!.memoryBytes).toBeGreaterThan(0);
    expect(stats!.netRxBytes).toBeGreaterThan(0);
    const run = await executor.stats({ kind: 'container', name: rig.name('listener') });
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(
      /^NAME\s+CID\s+STATE\s+CPU\s+MEM\s+NET RX\/TX\s+IO R\/W\s+PIDS$/,
    );
    expect(run.stdout).toContain(rig.name('listener'));
  }, 30_000);

  it('sorts and limits a stats snapshot of the host, leaving the bot toolboxes out', async () => {
    const snapshot = await executor.statsSnapshot({ kind: 'host', name: '' }, { sort: 'memory', limit: 2 });
    expect(snapshot.containers).toHaveLength(2);
    expect(snapshot.total).toBeGreaterThanOrEqual(3);
    expect(snapshot.containers[0]!.memoryBytes).toBeGreaterThanOrEqual(snapshot.containers[1]!.memoryBytes);
    const toolboxes = new Set(executor.openToolboxIds().map((id) => id.slice(0, 12)));
    expect(snapshot.containers.filter((stats) => toolboxes.has(stats.id))).toEqual([]);
    expect(snapshot.table).toContain(`(${snapshot.total - 2} more not shown)`);
  }, 60_000);

  it('takes a stats snapshot of every container on a network', async () => {
    const snapshot = await executor.statsSnapshot({ kind: 'network', name: rig.networkName });
    const names = snapshot.containers.map((stats) => stats.name);
    expect(names).toEqual(
      expect.arrayContaining([rig.name('perf-a'), rig.name('perf-b'), rig.name('listener')]),
    );
  }, 30_000);
});
