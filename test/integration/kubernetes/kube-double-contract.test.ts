import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { jest } from '@jest/globals';
import { ApiException, Exec, PatchStrategy, setHeaderOptions, type V1Status } from '@kubernetes/client-node';
import { describeWith } from '../../harness/infrastructure.js';
import { startKubeDouble, type KubeDouble } from '../../harness/kube/kube-double.js';
import { clientsFor, sleepingPod } from '../../harness/kube/kube-fixtures.js';
import { listDoubleContainers } from '../../harness/kube/docker-backend.js';
import { kubectlFor, kubectlName } from '../../harness/kube/kubectl-client.js';
import {
  recordedDebug,
  recordedExecUpgrade,
  recordedLogs,
  recordedSession,
} from '../../harness/kube/kubectl-wire.js';
import { waitFor } from '../../harness/wait-for.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';
import { CappedOutput } from '../../../src/executors/docker/capped-output.js';
import type { KubeClients } from '../../../src/executors/kubernetes/kube-clients.js';

jest.setTimeout(120_000);

async function failureOf(
  promise: Promise<unknown>,
): Promise<{ code: number; body: { reason?: string; message?: string; kind?: string } }> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ApiException)) throw new Error(`expected an API failure, got ${String(error)}`);
  return {
    code: error.code,
    body: (typeof error.body === 'string' ? JSON.parse(error.body) : error.body) as never,
  };
}

describeWith(['docker'], 'the API-server double keeps the real contract', () => {
  const image = doubleToolboxImage();
  let double: KubeDouble;
  let clients: KubeClients;
  const debugContainer = (name: string, extra: object = {}) => ({
    name,
    image,
    command: ['sleep', '300'],
    ...extra,
  });

  beforeAll(async () => {
    double = await startKubeDouble({ holderImage: image });
    clients = clientsFor(double);
    await double.apply(
      sleepingPod('web', image, {
        spec: {
          containers: [
            { name: 'app', image, command: ['sh', '-c', 'echo hello from web; exec sleep infinity'] },
          ],
        },
      }),
    );
    await double.waitForPodRunning('default', 'web');
  });

  afterAll(async () => {
    await double?.close();
  });

  it("refuses client-node's default JSON-patch Content-Type for an object body with 400, as a real server does", async () => {
    const failure = await failureOf(
      clients.core.patchNamespacedPodEphemeralcontainers({
        name: 'web',
        namespace: 'default',
        body: { spec: { ephemeralContainers: [debugContainer('x1')] } },
      }),
    );
    expect(failure.code).toBe(400);
    expect(failure.body.message).toBe(
      'json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
    );
  });

  it('refuses a PATCH whose Content-Type is not a patch type with 415 and a Status body', async () => {
    const response = await fetch(`${double.url}/api/v1/namespaces/default/pods/web/ephemeralcontainers`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'UnsupportedMediaType',
      code: 415,
    });
  });

  it('adds ephemeral containers but refuses to change or remove one with 422 Invalid', async () => {
    const smp = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
    const added = await clients.core.patchNamespacedPodEphemeralcontainers(
      {
        name: 'web',
        namespace: 'default',
        body: { spec: { ephemeralContainers: [debugContainer('keep')] } },
      },
      smp,
    );
    expect(added.spec!.ephemeralContainers!.map((c) => c.name)).toEqual(['keep']);
    const changed = await failureOf(
      clients.core.patchNamespacedPodEphemeralcontainers(
        {
          name: 'web',
          namespace: 'default',
          body: { spec: { ephemeralContainers: [debugContainer('keep', { command: ['sleep', '1'] })] } },
        },
        smp,
      ),
    );
    expect(changed.code).toBe(422);
    expect(changed.body.message).toContain('existing ephemeral containers may not be changed');
    const removed = await failureOf(
      clients.core.patchNamespacedPodEphemeralcontainers(
        {
          name: 'web',
          namespace: 'default',
          body: { spec: { ephemeralContainers: [{ name: 'keep', $patch: 'delete' }] } } as never,
        },
        smp,
      ),
    );
    expect(removed.code).toBe(422);
    expect(removed.body.message).toContain('existing ephemeral containers "keep" may not be removed');
    const stale = await failureOf(
      clients.core.patchNamespacedPodEphemeralcontainers(
        {
          name: 'web',
          namespace: 'default',
          body: {
            metadata: { resourceVersion: '1' },
            spec: { ephemeralContainers: [debugContainer('late')] },
          },
        },
        smp,
      ),
    );
    expect(stale.code).toBe(409);
  });

  it('checks objects against the official schemas and answers 422 for one that does not match', async () => {
    const response = await fetch(`${double.url}/api/v1/namespaces/default/pods`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'bad' },
        spec: { containers: 'app' },
      }),
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      kind: 'Status',
      reason: 'Invalid',
      message: expect.stringContaining('spec/containers must be array'),
    });
  });

  it('answers unknown resources and objects with 404 Status bodies', async () => {
    const missing = await failureOf(clients.core.readNamespacedPod({ name: 'nope', namespace: 'default' }));
    expect(missing).toEqual({
      code: 404,
      body: expect.objectContaining({ kind: 'Status', reason: 'NotFound', message: 'pods "nope" not found' }),
    });
    const response = await fetch(`${double.url}/api/v1/namespaces/default/widgets`);
    expect(response.status).toBe(404);
  });

  it('serves exec over v5.channel.k8s.io, with the exit code in the Status frame', async () => {
    const statuses: V1Status[] = [];
    const stdout = new CappedOutput(1024);
    const exec = new Exec(clients.config);
    const socket = await exec.exec(
      'default',
      'web',
      'app',
      ['sh', '-c', 'echo out; exit 7'],
      stdout,
      null,
      null,
      false,
      (status) => statuses.push(status),
    );
    await new Promise((resolve) => socket.on('close', resolve));
    expect(socket.protocol).toBe('v5.channel.k8s.io');
    expect(stdout.text()).toBe('out\n');
    expect(statuses[0]).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '7' }] },
    });
  });

  it('serves exec to a client that offers only v4.channel.k8s.io, and refuses one that offers no known protocol', async () => {
    const url = `${double.url.replace('http', 'ws')}/api/v1/namespaces/default/pods/web/exec?command=echo&command=v4&container=app&stdout=true`;
    const frames: Buffer[] = [];
    const v4 = new WebSocket(url, ['v4.channel.k8s.io']);
    v4.on('message', (data: Buffer) => frames.push(data));
    await new Promise((resolve) => v4.on('close', resolve));
    expect(v4.protocol).toBe('v4.channel.k8s.io');
    expect(
      frames
        .find((frame) => frame[0] === 1)
        ?.subarray(1)
        .toString(),
    ).toBe('v4\n');
    expect(
      JSON.parse(
        frames
          .find((frame) => frame[0] === 3)!
          .subarray(1)
          .toString(),
      ),
    ).toEqual({ metadata: {}, status: 'Success' });
    const unknown = new WebSocket(url, ['channel.k8s.io']);
    const refused = await new Promise<number>((resolve) =>
      unknown.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0)),
    );
    expect(refused).toBe(400);
  });

  it('records every API call with the RBAC verb, resource and subresource it needs', async () => {
    await clients.core.listNamespacedPod({ namespace: 'default' });
    const entry = double.accessLog.at(-1)!;
    expect(entry).toMatchObject({
      method: 'GET',
      verbs: ['list'],
      apiGroup: '',
      resource: 'pods',
      subresource: '',
      namespace: 'default',
      code: 200,
    });
    expect(
      double.accessLog.some((e) => e.subresource === 'exec' && e.verbs.includes('create') && e.code === 101),
    ).toBe(true);
  });

  // The fidelity check of SPEC 7: kubectl where installed, else the requests it sends, replayed.
  it(`serves ${kubectlName}: get pods, debug, exec and logs`, async () => {
    const kubectl = kubectlFor(double.kubeconfigPath);
    const sentFrom = (start: number) =>
      double.accessLog.slice(start).map(({ method, path, query, contentType, accept }) => ({
        method,
        path,
        query,
        contentType: contentType.split(';')[0]!,
        accept,
      }));
    const pods = await kubectl.run('get', 'pods');
    expect(pods.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nweb\s+1\/1\s+Running\s+0\s+\d+s/);
    const beforeDebug = double.accessLog.length;
    const debug = await kubectl.run(
      'debug',
      'web',
      `--image=${image}`,
      '-c',
      'dbg',
      '--attach=false',
      '--profile=netadmin',
      '--',
      'sleep',
      '300',
    );
    expect(debug).toMatchObject({ code: 0 });
    expect(sentFrom(beforeDebug)).toEqual(recordedDebug('default', 'web'));
    const ipOfDebugContainer = () =>
      kubectl.run('exec', 'web', '-c', 'dbg', '--', 'ip', '-4', '-o', 'addr', 'show', 'dev', 'eth0');
    const output = await waitFor(
      async () => {
        const result = await ipOfDebugContainer();
        return result.stdout.includes('198.18.200.') ? result.stdout : undefined;
      },
      {
        what: 'the ephemeral container dbg answering exec with its address',
        timeoutMs: 30_000,
        everyMs: 200,
      },
    );
    expect(output).toContain((await double.pod('default', 'web')).status!.podIP);
    const beforeExec = double.accessLog.length;
    expect((await kubectl.run('exec', 'web', '-c', 'app', '--', 'sh', '-c', 'exit 3')).code).toBe(3);
    expect(sentFrom(beforeExec).at(-1)).toEqual(
      recordedExecUpgrade(
        'default',
        'web',
        '?command=sh&command=-c&command=exit+3&container=app&stderr=true&stdout=true',
      ),
    );
    const beforeLogs = double.accessLog.length;
    expect((await kubectl.run('logs', 'web', '-c', 'dbg')).code).toBe(0);
    expect((await kubectl.run('logs', 'web', '-c', 'app')).stdout).toBe('hello from web\n');
    const invalid = await kubectl.run('logs', 'web', '-c', 'nope');
    expect(invalid.code).not.toBe(0);
    expect(invalid.stderr).toContain('container nope is not valid for pod web');
    expect(sentFrom(beforeLogs)).toEqual(
      recordedLogs('default', 'web', [
        { name: 'dbg', inPod: true },
        { name: 'app', inPod: true },
        { name: 'nope', inPod: false },
      ]),
    );
  });

  it(`serves what docs/kubernetes.md has people type (${kubectlName}): create namespace, run, apply, get -o wide, delete`, async () => {
    const kubectl = kubectlFor(double.kubeconfigPath);
    const ns = `typed-${double.id}`;
    const manifest = join(mkdtempSync(join(tmpdir(), 'kube-apply-')), 'applied.yaml');
    const applied = (labels: string) =>
      writeFileSync(
        manifest,
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: applied\n  labels: {${labels}}\nspec:\n  containers:\n  - name: app\n    image: ${image}\n    command: [sleep, infinity]\n`,
      );
    const ok = async (...args: string[]) => {
      const result = await kubectl.run(...args);
      expect({ args, ...result }).toMatchObject({ args, code: 0, stderr: '' });
      return result.stdout;
    };
    const before = double.accessLog.length;
    expect(await ok('create', 'namespace', ns)).toBe(`namespace/${ns} created\n`);
    expect(
      await ok('-n', ns, 'run', 'runner', `--image=${image}`, '--command', '--', 'sleep', 'infinity'),
    ).toBe('pod/runner created\n');
    applied('tier: web');
    expect(await ok('-n', ns, 'apply', '-f', manifest)).toBe('pod/applied created\n');
    applied('tier: web, track: stable');
    expect(await ok('-n', ns, 'apply', '-f', manifest)).toBe('pod/applied configured\n');
    expect((await double.pod(ns, 'applied')).metadata!.labels).toEqual({ tier: 'web', track: 'stable' });
    await double.waitForPodRunning(ns, 'runner');
    await double.waitForPodRunning(ns, 'applied');
    const wide = await ok('-n', ns, 'get', 'pods', '-o', 'wide');
    const ip = (await double.pod(ns, 'runner')).status!.podIP!;
    expect(wide).toMatch(
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES\n/,
    );
    expect(wide).toMatch(
      new RegExp(
        `\\nrunner\\s+1/1\\s+Running\\s+0\\s+\\d+s\\s+${ip.replaceAll('.', '\\.')}\\s+double-node-1\\s+<none>\\s+<none>\\n`,
      ),
    );
    const holder = double.dockerName(ns, 'runner');
    expect(await ok('-n', ns, 'delete', 'pod', 'runner')).toBe('pod "runner" deleted\n');
    expect(await listDoubleContainers(double.id)).not.toContain(holder);

    // The requests themselves, as recorded from kubectl: checked against kubectl where it runs, so
    // the replay elsewhere sends what kubectl sends.
    const sent = double.accessLog.slice(before).map(({ method, path, query, contentType }) => ({
      method,
      path,
      query,
      contentType: contentType.split(';')[0]!,
    }));
    expect(sent).toEqual(recordedSession(ns));
    const appliedHolder = double.dockerName(ns, 'applied');
    expect(await ok('delete', 'namespace', ns)).toBe(`namespace "${ns}" deleted\n`);
    const left = await listDoubleContainers(double.id);
    expect(left).not.toContain(appliedHolder);
    expect(left).toContain(double.dockerName('default', 'web'));
  });
});

describeWith(['docker'], 'the API-server double over HTTPS', () => {
  const image = doubleToolboxImage();
  let double: KubeDouble;

  beforeAll(async () => {
    double = await startKubeDouble({ holderImage: image, tls: true });
    await double.apply(sleepingPod('secure', image));
    await double.waitForPodRunning('default', 'secure');
  });

  afterAll(async () => {
    await double?.close();
  });

  it('is verified by clients through the certificate in its kubeconfig, for REST calls and for exec', async () => {
    expect(double.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const clients = clientsFor(double);
    expect(clients.config.getCurrentCluster()?.skipTLSVerify).toBeFalsy();
    expect(
      (await clients.core.readNamespacedPod({ name: 'secure', namespace: 'default' })).status!.phase,
    ).toBe('Running');
    const stdout = new CappedOutput(1024);
    const statuses: V1Status[] = [];
    const socket = await new Exec(clients.config).exec(
      'default',
      'secure',
      'app',
      ['echo', 'over tls'],
      stdout,
      null,
      null,
      false,
      (status) => statuses.push(status),
    );
    await new Promise((resolve) => socket.on('close', resolve));
    expect(stdout.text()).toBe('over tls\n');
    expect(statuses[0]).toEqual({ metadata: {}, status: 'Success' });
  });

  it(`serves ${kubectlName} over verified TLS`, async () => {
    const result = await kubectlFor(double.kubeconfigPath).run(
      'exec',
      'secure',
      '--',
      'echo',
      'kubectl over tls',
    );
    expect(result).toEqual({ stdout: 'kubectl over tls\n', stderr: '', code: 0 });
  });
});
