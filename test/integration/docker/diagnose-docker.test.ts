import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import type { ApiView, DiagnoseQuery } from '../../../src/diagnose/diagnosis.js';
import { createDockerExecutor, type DockerExecutor } from '../../../src/executors/docker/docker-executor.js';
import { freePort } from '../../harness/free-port.js';
import { describeWith } from '../../harness/infrastructure.js';
import { rigLabel, rigLabelValue, toolboxImage } from './docker-rig.js';

// diagnose's Docker layers (issue 14) against the real engine: user networks from its pool in
// 198.19.0.0/16 and the default bridge (198.18.0.0/24 here), containers from the toolbox image. What
// the executor says the embedded DNS answers is checked with a real lookup from the container.

describeWith(['docker'], "diagnose on Docker: the engine's view of the path", () => {
  const docker = new Docker();
  const suffix = randomBytes(3).toString('hex');
  const name = (role: string) => `nbt-dg-${role}-${suffix}`;
  const networks: Docker.Network[] = [];
  const containers: Docker.Container[] = [];
  let executor: DockerExecutor;
  let publishedPort: number;

  const network = async (role: string, options: Record<string, string> = {}) => {
    const made = await docker.createNetwork({
      Name: name(role),
      Driver: 'bridge',
      Options: options,
      Labels: { [rigLabel]: rigLabelValue },
    });
    networks.push(made);
    return made;
  };

  const container = async (
    role: string,
    networkName: string,
    extra: { command?: string[]; aliases?: string[]; labels?: Record<string, string>; publish?: number } = {},
  ) => {
    const command = extra.command ?? ['sleep', '900'];
    const made = await docker.createContainer({
      name: name(role),
      Image: toolboxImage,
      Entrypoint: [command[0]!],
      Cmd: command.slice(1),
      Labels: { [rigLabel]: rigLabelValue, ...extra.labels },
      ...(extra.publish ? { ExposedPorts: { '80/tcp': {} } } : {}),
      HostConfig: {
        NetworkMode: networkName,
        ...(extra.publish
          ? { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(extra.publish) }] } }
          : {}),
      },
      NetworkingConfig: extra.aliases
        ? { EndpointsConfig: { [networkName]: { Aliases: extra.aliases } } }
        : undefined,
    });
    containers.push(made);
    await made.start();
    return made;
  };

  const ask = (from: string, to: DiagnoseQuery['to'], port?: string): Promise<ApiView> => {
    const [kind, target] = from.split('/') as ['container' | 'network', string];
    return executor.diagnose({
      from: { kind, name: target },
      to,
      namespace: 'default',
      ...(port ? { port } : {}),
    });
  };
  const service = (view: ApiView) => view.findings.find((finding) => finding.layer === 'service');
  const ipOn = async (role: string, networkRole: string) =>
    (await docker.getContainer(name(role)).inspect()).NetworkSettings.Networks[
      networkRole === 'bridge' ? 'bridge' : name(networkRole)
    ]!.IPAddress;
  /** What `dig +short NAME` answers inside the container: the embedded DNS, for real. */
  const digFrom = (role: string, wanted: string) =>
    execFileSync('docker', ['exec', name(role), 'dig', '+short', '+tries=1', '+time=2', wanted], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);

  beforeAll(async () => {
    await network('front');
    await network('back');
    await network('quiet', { 'com.docker.network.bridge.enable_icc': 'false' });
    publishedPort = await freePort();
    await container('web', name('front'));
    await container('db', name('back'));
    await container('api', name('front'), {
      aliases: ['payments'],
      labels: { 'com.docker.compose.service': 'api' },
    });
    await docker.getNetwork(name('back')).connect({ Container: name('api') });
    await container('shop', name('front'), { publish: publishedPort });
    const crashed = await container('crashed', name('front'), { command: ['false'] });
    await crashed.wait();
    await container('lone', 'bridge');
    await container('lone-db', 'bridge');
    await container('quiet-a', name('quiet'));
    await container('quiet-b', name('quiet'));
    executor = createDockerExecutor({
      image: toolboxImage,
      workerId: `test-diagnose-${process.pid}`,
      reapIntervalMs: 0,
    });
  }, 120_000);

  afterAll(async () => {
    await executor?.close();
    await Promise.all(containers.map((each) => each.remove({ force: true }).catch(() => undefined)));
    await Promise.all(networks.map((each) => each.remove().catch(() => undefined)));
  }, 60_000);

  it('fails the service layer when FROM and TO share no network, naming where each is', async () => {
    const view = await ask(`container/${name('web')}`, { kind: 'container', name: name('db') }, '5432');
    expect(service(view)).toMatchObject({
      status: 'fail',
      evidence: `container/${name('web')} and container/${name('db')} share no network (${name('web')}: ${name('front')}; ${name('db')}: ${name('back')})`,
    });
    expect(view.endpoints).toEqual([]);
  });

  it("gives TO's address on the shared network, and the names the embedded DNS really answers there", async () => {
    const view = await ask(`container/${name('web')}`, 'payments', '8080');
    const address = await ipOn('api', 'front');
    expect(service(view)).toMatchObject({
      status: 'ok',
      evidence: `container/${name('web')} and container/${name('api')} share ${name('front')}; ${name('api')} is at ${address} there, running`,
    });
    expect(view.endpoints).toEqual([
      { address, port: 8080, protocol: 'TCP', label: `container/${name('api')} on ${name('front')}` },
    ]);
    expect(view.expectedName).toEqual({ names: ['payments', name('api')], addresses: [address] });
    for (const each of view.expectedName!.names) expect(digFrom('web', each)).toEqual([address]);
  });

  it('finds a compose service by its label, and says Docker has no policy objects to read', async () => {
    const view = await ask(`container/${name('web')}`, 'api');
    expect(service(view)?.status).toBe('ok');
    expect(view.findings.find((finding) => finding.layer === 'policy')).toEqual({
      layer: 'policy',
      status: 'unchecked',
      evidence: 'Docker has no network policy objects; iptables rules of the host are not read',
    });
  });

  it('tells a network/ target that TO is not on it, and how to connect it', async () => {
    const view = await ask(`network/${name('back')}`, { kind: 'container', name: name('web') }, '80');
    expect(service(view)).toMatchObject({
      status: 'fail',
      evidence: `network/${name('back')} and container/${name('web')} share no network (${name('back')}; ${name('web')}: ${name('front')})`,
    });
    expect(service(view)?.details?.at(-1)).toBe(
      `connect it to the network: docker network connect ${name('back')} ${name('web')}`,
    );
  });

  it('answers from a network/ target as a member of that network', async () => {
    const view = await ask(`network/${name('back')}`, { kind: 'container', name: name('api') });
    expect(service(view)?.status).toBe('ok');
    expect(view.endpoints.map((each) => each.address)).toEqual([await ipOn('api', 'back')]);
  });

  it('fails when TO has exited, with its exit status', async () => {
    const view = await ask(`container/${name('web')}`, { kind: 'container', name: name('crashed') });
    expect(service(view)).toMatchObject({
      status: 'fail',
      evidence: `container/${name('crashed')} is exited (exit 1): it has no address to reach`,
    });
  });

  it('fails a name on the default bridge, where a real lookup fails too; an address target is fine there', async () => {
    const named = await ask(`container/${name('lone')}`, name('lone-db'), '5432');
    expect(service(named)).toMatchObject({
      status: 'fail',
      evidence: `${name('lone-db')} does not resolve on the default bridge: Docker's default network has no name resolution`,
    });
    expect(digFrom('lone', name('lone-db'))).toEqual([]);

    const target = await ask(`container/${name('lone')}`, { kind: 'container', name: name('lone-db') });
    expect(service(target)?.status).toBe('ok');
    expect(target.expectedName).toBeUndefined();
    expect(target.endpoints.map((each) => each.address)).toEqual([await ipOn('lone-db', 'bridge')]);
  });

  it('fails when the only shared network drops traffic between its containers', async () => {
    const view = await ask(`container/${name('quiet-a')}`, { kind: 'container', name: name('quiet-b') });
    expect(service(view)).toMatchObject({
      status: 'fail',
      evidence: `container/${name('quiet-a')} and container/${name('quiet-b')} share only ${name('quiet')}, where Docker drops traffic between containers (enable_icc=false)`,
    });
    // And Docker really drops it: a ping between the two goes unanswered.
    const ping = spawnSync(
      'docker',
      ['exec', name('quiet-a'), 'ping', '-c', '1', '-W', '1', await ipOn('quiet-b', 'quiet')],
      {
        encoding: 'utf8',
      },
    );
    expect(ping.stdout).toContain('1 packets transmitted, 0 received, 100% packet loss');
  });

  it("warns when the port asked is the host's published port, not the container's own", async () => {
    const view = await ask(
      `container/${name('web')}`,
      { kind: 'container', name: name('shop') },
      String(publishedPort),
    );
    expect(service(view)).toMatchObject({
      status: 'warn',
      evidence: `${publishedPort} is the port ${name('shop')} publishes on the host (→ 80/tcp); from ${name('web')}, connect to its own port 80`,
    });
  });

  it('fails the service layer, with the names near it, when TO is a container that does not exist', async () => {
    const written = name('api').replace('api', 'aip');
    const view = await ask(`container/${name('web')}`, { kind: 'container', name: written });
    expect(service(view)).toMatchObject({
      status: 'fail',
      evidence: `container/${written} does not exist on this Docker engine`,
      details: [expect.stringMatching(new RegExp(`^did you mean: (.*, )?${name('api')}(,|$)`)) as unknown],
    });
  });

  it('leaves a name no container goes by to the other layers', async () => {
    const view = await ask(`container/${name('web')}`, `nothing-${suffix}.invalid`);
    expect(service(view)).toMatchObject({ status: 'unchecked' });
    expect(view.endpoints).toEqual([]);
  });
});
