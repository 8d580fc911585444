import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import diagnose from '../../../commands/diagnose.js';
import { createDockerExecutor, type DockerExecutor } from '../../../src/executors/docker/docker-executor.js';
import { describeWith } from '../../harness/infrastructure.js';
import { waitFor } from '../../harness/wait-for.js';
import { createDockerRig, toolboxImage, type DockerRig } from '../docker/docker-rig.js';
import { createPipeline, escapeRegExp, type Pipeline } from '../pipeline/pipeline-fixture.js';
import { diagnosisOf, statuses } from './diagnosis-of.js';

const run = promisify(execFile);

/**
 * diagnose through the queue, the worker and the Docker executor, on containers made from the
 * toolbox image on a user network in the test range (the engine's pool, 198.19.0.0/16): the name
 * through Docker's embedded DNS, the faults of issue 14 item 4 that a bridge can show. The service
 * and policy layers belong to the Docker executor's API view and are not asserted here.
 */
describeWith(['docker', 'redis'], 'diagnose on Docker containers, fault by fault', () => {
  let rig: DockerRig;
  let pipeline: Pipeline;
  let executor: DockerExecutor;
  let serverAddress: string;
  const client = () => `container/${rig.name('client')}`;

  beforeAll(async () => {
    rig = await createDockerRig();
    await rig.addContainer('client');
    await rig.addContainer('idle');
    const server = await rig.addContainer('server', ['python3', '-m', 'http.server', '8080']);
    serverAddress = (await server.inspect()).NetworkSettings.Networks[rig.networkName]!.IPAddress;
    await waitFor(
      async () =>
        (await run('docker', ['exec', rig.name('server'), 'ss', '-Hltn'])).stdout.includes(':8080 '),
      { what: 'the HTTP server listening on 8080 in the server container', timeoutMs: 20_000 },
    );
    executor = createDockerExecutor({
      image: toolboxImage,
      workerId: `test-diagnose-${process.pid}`,
      reapIntervalMs: 0,
    });
    pipeline = createPipeline([diagnose]);
    await pipeline.startWorker({ executors: [executor] });
  }, 60_000);

  afterAll(async () => {
    await pipeline?.close();
    await executor?.close();
    await rig?.remove();
  }, 60_000);

  async function diagnoseLine(rest: string) {
    return diagnosisOf(
      await pipeline.queue.waitForOutcome(await pipeline.submit(`diagnose ${client()} ${rest}`), 90_000),
    );
  }

  it('finds nothing wrong from one container to another by its name: embedded DNS, TCP, HTTP, the path', async () => {
    const diagnosis = await diagnoseLine(`${rig.name('server')}:8080`);
    // Docker's API view judges the service layer (the network both share); Docker has no policies.
    expect(statuses(diagnosis)).toEqual({
      name: 'ok',
      service: 'ok',
      policy: 'unchecked',
      reach: 'ok',
      app: 'ok',
      path: 'ok',
    });
    expect(diagnosis.verdictLayer).toBeUndefined();
    expect(diagnosis.layer('name').evidence).toBe(`${rig.name('server')} → ${serverAddress}`);
    expect(diagnosis.layer('app').evidence).toMatch(
      new RegExp(
        `^HTTP 200 from ${escapeRegExp(serverAddress)}:8080 \\(container/${rig.name('server')} on \\S+\\)$`,
      ),
    );
    expect(diagnosis.elapsedMs).toBeLessThan(20_000);
  }, 90_000);

  it('takes a container target as TO, its address from the engine', async () => {
    const diagnosis = await diagnoseLine(`container/${rig.name('server')}:8080`);
    expect(diagnosis.layer('name').evidence).toMatch(
      new RegExp(
        `^container/${escapeRegExp(rig.name('server'))} is a target: its address ${escapeRegExp(serverAddress)} comes from the API`,
      ),
    );
    expect(diagnosis.layer('reach').status).toBe('ok');
  }, 90_000);

  it('names a container name that does not exist: NXDOMAIN from the embedded DNS', async () => {
    const diagnosis = await diagnoseLine(`${rig.name('nosuch')}:8080`);
    expect(diagnosis.verdictLayer).toBe('name');
    expect(diagnosis.layer('name').evidence).toMatch(
      new RegExp(
        `^${escapeRegExp(rig.name('nosuch'))} does not resolve from here: .*NXDOMAIN.*the name does not exist \\(nameserver 127\\.0\\.0\\.11`,
      ),
    );
    expect(statuses(diagnosis)).toMatchObject({ reach: 'skipped', app: 'skipped', path: 'skipped' });
  }, 90_000);

  it('tells a missing listener by the refusal', async () => {
    const diagnosis = await diagnoseLine(`${rig.name('idle')}:8080`);
    expect(diagnosis.verdictLayer).toBe('reach');
    expect(diagnosis.layer('reach').evidence).toMatch(
      /:8080 refused the connection: nothing listens on 8080 there/,
    );
  }, 90_000);

  it('tells a wrong port by the refusal while the right one is served', async () => {
    const diagnosis = await diagnoseLine(`${rig.name('server')} 8081`);
    expect(diagnosis.verdictLayer).toBe('reach');
    expect(diagnosis.layer('reach').evidence).toBe(
      `${serverAddress}:8081 refused the connection: nothing listens on 8081 there (a listener missing or a wrong port)`,
    );
  }, 90_000);

  it('tells a firewall drop in the server container by the silence, with ICMP still passing', async () => {
    const pid = String((await rig.docker.getContainer(rig.name('server')).inspect()).State.Pid);
    const nft = (args: string[], input?: string) => {
      const child = run('nsenter', ['-t', pid, '-n', 'nft', ...args], { timeout: 10_000 });
      if (input !== undefined) child.child.stdin?.end(input);
      return child;
    };
    await nft(
      ['-f', '-'],
      'table inet diagnose_fault {\nchain input { type filter hook input priority 0; tcp dport 8080 drop; }\n}\n',
    );
    try {
      const diagnosis = await diagnoseLine(`${rig.name('server')}:8080`);
      expect(diagnosis.verdictLayer).toBe('reach');
      expect(diagnosis.layer('reach').evidence).toMatch(
        new RegExp(
          `^${escapeRegExp(serverAddress)}:8080 did not answer within \\d s: .*; ICMP gets through, so the host is up$`,
        ),
      );
      expect(diagnosis.layer('app').status).toBe('skipped');
    } finally {
      await nft(['delete', 'table', 'inet', 'diagnose_fault']);
    }
  }, 90_000);
});
