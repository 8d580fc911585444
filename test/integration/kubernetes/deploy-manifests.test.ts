import { readFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { loadConfig } from '../../../src/config/env.js';
import { policyFileSchema } from '../../../src/policy/policy-schema.js';
import { defaultQueuePrefix, queueNameFor } from '../../../src/queue/queue-names.js';
import { workerMetricNames } from '../../../src/worker/worker-metrics.js';
import { kustomize } from '../../harness/kube/kustomize.js';
import {
  kubectlAvailable,
  readManifests,
  recordedKustomization,
  recordedKustomizations,
  renderKustomization,
  type Manifest,
} from '../../harness/kube/render-deploy.js';
import { schemaErrors } from '../../harness/kube/validate-object.js';

/** What `kubectl apply -k` would send: kubectl's rendering where installed, else kustomize.ts's. */
const rendered = renderKustomization;
const fromFile = readManifests;

interface Container {
  name: string;
  readinessProbe?: unknown;
  livenessProbe?: unknown;
  startupProbe?: unknown;
  resources?: { requests?: object; limits?: { memory?: string } };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[] };
  };
}

interface PodSpec {
  containers: (Container & {
    env?: { name: string; value?: string; valueFrom?: unknown }[];
    volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[];
  })[];
  volumes?: { name: string; configMap?: { name: string } }[];
}

/** Custom resources of KEDA and the Prometheus Operator: no official schema; their tests check their shape. */
const customGroups = new Set(['keda.sh', 'monitoring.coreos.com']);
const isCustom = (manifest: Manifest) => customGroups.has(manifest.apiVersion.split('/')[0]!);

function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} in the rendering`);
  return found;
}

/** The netshoot_* metric names a PromQL expression reads, histogram series as their histogram. */
function metricsIn(expr: string): string[] {
  return [...expr.matchAll(/\bnetshoot_[a-z0-9_]+/g)].map(([name]) =>
    name.replace(/_(bucket|count|sum)$/, ''),
  );
}

function containersOf(manifest: Manifest): Container[] {
  const template = manifest.spec?.template as { spec?: { containers?: Container[] } } | undefined;
  return template?.spec?.containers ?? [];
}

describe('the deploy/ manifests', () => {
  const sources = {
    'the kustomize base': () => rendered('deploy/base'),
    'the base with an external Redis': () => rendered('deploy/overlays/external-redis'),
    'the base with KEDA': () => rendered('deploy/overlays/keda'),
    'the base with the HPA and the monitoring': () => rendered('deploy/overlays/hpa'),
    'netshoot-calico.yaml': () => fromFile('deploy/netshoot-calico.yaml'),
    'the Slack Secret template': () => fromFile('deploy/base/slack-secret.template.yaml'),
  };

  it.each(Object.keys(sources))('match the official Kubernetes schemas: %s', async (source) => {
    const manifests = await (sources as Record<string, () => Promise<Manifest[]>>)[source]!();
    expect(manifests.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const manifest of manifests.filter((each) => !isCustom(each))) {
      const errors = await schemaErrors(manifest as unknown as Record<string, unknown>);
      if (errors) problems.push(`${manifest.kind}/${manifest.metadata.name}: ${errors}`);
    }
    expect(problems).toEqual([]);
  });

  it('would be caught breaking a schema: the check is not a formality', async () => {
    const [worker] = (await rendered('deploy/base')).filter(
      (manifest) => manifest.metadata.name === 'netshoot-worker' && manifest.kind === 'Deployment',
    );
    const broken = { ...worker!, spec: { ...worker!.spec, replicas: 'one' } };
    expect(await schemaErrors(broken as unknown as Record<string, unknown>)).toContain('replicas');
    expect(await schemaErrors({ apiVersion: 'v1', kind: 'Widget', metadata: { name: 'x' } })).toBe(
      'no schema for v1 Widget',
    );
  });

  it('hold every part the base promises', async () => {
    const kinds = (await rendered('deploy/base')).map(
      (manifest) => `${manifest.kind}/${manifest.metadata.name}`,
    );
    expect(kinds).toEqual(
      expect.arrayContaining([
        'Namespace/netshoot',
        'ServiceAccount/netshoot-bot',
        'ServiceAccount/netshoot-worker',
        'ClusterRole/netshoot-worker',
        'ConfigMap/netshoot-policy',
        'Role/netshoot-worker-toolboxes',
        'Deployment/netshoot-bot',
        'Deployment/netshoot-worker',
        'StatefulSet/netshoot-redis',
        'NetworkPolicy/default-deny-ingress',
        'PodDisruptionBudget/netshoot-bot',
      ]),
    );
  });

  it('give every container probes, resources with a memory limit, and a locked-down securityContext', async () => {
    const workloads = (await rendered('deploy/base')).filter((manifest) =>
      ['Deployment', 'StatefulSet'].includes(manifest.kind),
    );
    const containers = workloads.flatMap((manifest) =>
      containersOf(manifest).map((container) => ({ owner: manifest.metadata.name, container })),
    );
    expect(containers.length).toBe(3);
    for (const { owner, container } of containers) {
      expect({
        owner,
        probed: Boolean(container.livenessProbe && (container.readinessProbe || container.startupProbe)),
      }).toEqual({ owner, probed: true });
      expect({
        owner,
        memory: container.resources?.limits?.memory !== undefined,
        requests: container.resources?.requests !== undefined,
      }).toEqual({ owner, memory: true, requests: true });
      expect({ owner, securityContext: container.securityContext }).toEqual({
        owner,
        securityContext: {
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        },
      });
    }
  });

  it('mount the policy ConfigMap as a directory in the bot and the worker, with NETSHOOT_POLICY in it and the job secret from the Secret', async () => {
    const deployments = (await rendered('deploy/base')).filter((manifest) => manifest.kind === 'Deployment');
    expect(deployments.map((manifest) => manifest.metadata.name).sort()).toEqual([
      'netshoot-bot',
      'netshoot-worker',
    ]);
    for (const deployment of deployments) {
      const spec = (deployment.spec!.template as { spec: PodSpec }).spec;
      const container = spec.containers[0]!;
      const volume = spec.volumes?.find((candidate) => candidate.configMap?.name === 'netshoot-policy');
      const mount = container.volumeMounts?.find((candidate) => candidate.name === volume?.name);
      const env = Object.fromEntries((container.env ?? []).map((entry) => [entry.name, entry]));
      expect({ owner: deployment.metadata.name, mount, policy: env.NETSHOOT_POLICY?.value }).toEqual({
        owner: deployment.metadata.name,
        // No subPath: a subPath mount never sees the ConfigMap change, and the bot's reload never runs.
        mount: { name: volume?.name, mountPath: '/etc/netshoot', readOnly: true },
        policy: '/etc/netshoot/policy.yaml',
      });
      expect(env.NETSHOOT_JOB_SECRET?.valueFrom).toEqual({
        secretKeyRef: { name: 'netshoot-slack', key: 'NETSHOOT_JOB_SECRET' },
      });
    }
    const template = await fromFile('deploy/base/slack-secret.template.yaml');
    expect(Object.keys(template[0]!.stringData as object)).toContain('NETSHOOT_JOB_SECRET');
  });

  it('ship a starting policy the policy schema accepts, which opens no privileged tool', async () => {
    const [configMap] = (await rendered('deploy/base')).filter(
      (manifest) => manifest.kind === 'ConfigMap' && manifest.metadata.name === 'netshoot-policy',
    );
    const parsed = policyFileSchema.safeParse(
      parse((configMap!.data as Record<string, string>)['policy.yaml']!),
    );
    expect(parsed.error?.issues ?? []).toEqual([]);
    const granted = parsed.data!.rules.flatMap((rule) =>
      rule.effect === 'deny' ? [] : (rule.tools ?? ['*']),
    );
    expect(granted).toEqual(['read']);
  });

  it.each(recordedKustomizations)(
    `render %s without kubectl exactly as kubectl kustomize does (${kubectlAvailable ? 'kubectl here' : 'its recorded output'})`,
    async (dir) => {
      const identity = (manifest: Manifest) =>
        `${manifest.kind}/${manifest.metadata.namespace ?? ''}/${manifest.metadata.name}`;
      const byIdentity = (manifests: Manifest[]) =>
        Object.fromEntries(manifests.map((manifest) => [identity(manifest), manifest]));
      const recorded = await recordedKustomization(dir);
      if (kubectlAvailable) {
        // The recording is what machines without kubectl are held to: it must be kubectl's current output.
        expect({
          dir,
          recordingCurrent: isDeepStrictEqual(byIdentity(recorded), byIdentity(await rendered(dir))),
          fix: 'npx tsx test/harness/kube/record-kustomize.ts',
        }).toEqual({ dir, recordingCurrent: true, fix: expect.any(String) });
      }
      expect(byIdentity(await kustomize(dir))).toEqual(byIdentity(recorded));
    },
  );

  it('replace the bundled Redis when the external-Redis component is used', async () => {
    const manifests = await rendered('deploy/overlays/external-redis');
    expect(manifests.some((manifest) => manifest.metadata.name === 'netshoot-redis')).toBe(false);
    const worker = manifests.find(
      (manifest) => manifest.kind === 'Deployment' && manifest.metadata.name === 'netshoot-worker',
    )!;
    const envFrom =
      (containersOf(worker)[0] as { envFrom?: { secretRef?: { name: string } }[] }).envFrom ?? [];
    expect(envFrom.at(-1)).toEqual({ secretRef: { name: 'netshoot-redis-url' } });
  });

  it("scale the worker Deployment with KEDA on its cluster's BullMQ lists, with Redis from the worker's Secret", async () => {
    const manifests = await rendered('deploy/overlays/keda');
    const scaled = find(manifests, 'ScaledObject', 'netshoot-worker');
    const spec = scaled.spec as {
      scaleTargetRef: { apiVersion: string; kind: string; name: string };
      minReplicaCount: number;
      maxReplicaCount: number;
      triggers: { type: string; metadata: Record<string, string>; authenticationRef: { name: string } }[];
    };
    // The target is the worker Deployment of this rendering, in the same namespace, and owns no replicas.
    const worker = find(manifests, 'Deployment', spec.scaleTargetRef.name);
    expect(spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'netshoot-worker',
    });
    expect(scaled.metadata.namespace).toBe(worker.metadata.namespace);
    expect(worker.spec?.replicas).toBeUndefined();
    expect(spec.minReplicaCount).toBe(0);
    // At zero workers the bot must still queue `--cluster X`, or nothing would ever wake one.
    const workerEnv = (containersOf(worker)[0] as { env?: { name: string; value?: string }[] }).env ?? [];
    const knownFor = workerEnv.find((entry) => entry.name === 'NETSHOOT_CLUSTER_KNOWN_FOR')?.value;
    expect(
      loadConfig({ NETSHOOT_CLUSTER_KNOWN_FOR: knownFor }).NETSHOOT_CLUSTER_KNOWN_FOR,
    ).toBeGreaterThanOrEqual(24 * 3600_000);
    expect(spec.maxReplicaCount).toBeGreaterThan(0);

    // The lists are the ones BullMQ keeps for the worker's queue (the worker-metrics test reads them in
    // Redis), one worker per WORKER_CONCURRENCY jobs.
    const config = find(manifests, 'ConfigMap', 'netshoot-config').data as Record<string, string>;
    const env = loadConfig(config);
    const queue = `${defaultQueuePrefix}:${queueNameFor(env.NETSHOOT_CLUSTER)}`;
    expect(spec.triggers.map((trigger) => [trigger.type, trigger.metadata.listName])).toEqual([
      ['redis', `${queue}:wait`],
      ['redis', `${queue}:active`],
    ]);
    for (const trigger of spec.triggers) {
      expect(trigger.metadata.listLength).toBe(String(env.WORKER_CONCURRENCY));
      expect(trigger.metadata.activationListLength).toBe('0');
    }

    // Its Redis address and password come from the Secret the worker reads REDIS_URL from.
    const names = new Set(spec.triggers.map((trigger) => trigger.authenticationRef.name));
    expect(names.size).toBe(1);
    const auth = find(manifests, 'TriggerAuthentication', [...names][0]!);
    const refs = (auth.spec as { secretTargetRef: { parameter: string; name: string; key: string }[] })
      .secretTargetRef;
    expect(refs.map((ref) => ref.parameter).sort()).toEqual(['address', 'password']);
    const external = find(await rendered('deploy/overlays/external-redis'), 'Deployment', 'netshoot-worker');
    const workerSecret = (
      (containersOf(external)[0] as { envFrom?: { secretRef?: { name: string } }[] }).envFrom ?? []
    ).flatMap((source) => (source.secretRef ? [source.secretRef.name] : []));
    for (const ref of refs) expect(workerSecret).toContain(ref.name);
  });

  it("scale with an HPA on the workers' queue metric through a Service the ServiceMonitor scrapes", async () => {
    const manifests = await rendered('deploy/overlays/hpa');
    const hpa = find(manifests, 'HorizontalPodAutoscaler', 'netshoot-worker');
    const spec = hpa.spec as {
      scaleTargetRef: { kind: string; name: string };
      minReplicas: number;
      metrics: { type: string; object: { describedObject: { kind: string; name: string } } }[];
    };
    expect(find(manifests, 'Deployment', spec.scaleTargetRef.name).spec?.replicas).toBeUndefined();
    // No worker, no metric: an HPA cannot wake workers from zero, so it keeps one.
    expect(spec.minReplicas).toBe(1);
    const described = spec.metrics[0]!.object.describedObject;
    const service = find(manifests, described.kind, described.name);
    const monitor = find(manifests, 'ServiceMonitor', 'netshoot-worker').spec as {
      selector: { matchLabels: Record<string, string> };
      endpoints: { port: string; path: string }[];
    };
    expect(service.metadata.labels).toEqual(expect.objectContaining(monitor.selector.matchLabels));
    const ports = (service.spec as { ports: { name: string }[] }).ports.map((port) => port.name);
    expect(monitor.endpoints.map((endpoint) => [endpoint.port, endpoint.path])).toEqual([
      ['metrics', '/metrics'],
    ]);
    expect(ports).toContain('metrics');
  });

  it("open the worker's metrics port, where NETSHOOT_WORKER_METRICS_PORT puts it, with probes on /healthz", async () => {
    const worker = find(await rendered('deploy/base'), 'Deployment', 'netshoot-worker');
    const template = worker.spec!.template as {
      metadata: { annotations: Record<string, string> };
      spec: { containers: (Container & { ports: { name: string; containerPort: number }[] })[] };
    };
    const container = template.spec.containers[0]!;
    const port = loadConfig({}).NETSHOOT_WORKER_METRICS_PORT;
    expect(container.ports).toEqual([{ name: 'metrics', containerPort: port, protocol: 'TCP' }]);
    expect(template.metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': String(port),
      'prometheus.io/path': '/metrics',
    });
    for (const probe of [container.startupProbe, container.livenessProbe])
      expect(probe).toEqual(expect.objectContaining({ httpGet: { path: '/healthz', port: 'metrics' } }));
  });

  it('ship a Grafana dashboard and alerts that query only metrics the worker exports', async () => {
    const exported = new Set<string>(Object.values(workerMetricNames));
    const dashboard = JSON.parse(await readFile('deploy/monitoring/grafana-dashboard.json', 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
      templating: { list: { definition?: string }[] };
    };
    const panelExprs = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
    const variableExprs = dashboard.templating.list.flatMap((variable) => variable.definition ?? []);
    const byTitle = Object.fromEntries(
      dashboard.panels.map((panel) => [panel.title, panel.targets.map((target) => target.expr).join('\n')]),
    );
    // What the issue asks the dashboard to show.
    expect(byTitle['Jobs by outcome']).toMatch(/by \(outcome\).*netshoot_worker_jobs_total/);
    expect(byTitle['Run time p50 / p99']).toMatch(/histogram_quantile\(0\.5,[^]*histogram_quantile\(0\.99,/);
    expect(byTitle['Queue wait p50 / p99']).toContain(workerMetricNames.queueWaitSeconds);
    expect(byTitle['Queue depth per cluster']).toMatch(/by \(cluster\) \(netshoot_worker_queue_jobs/);

    const [rule] = (await rendered('deploy/overlays/hpa')).filter(
      (manifest) => manifest.kind === 'PrometheusRule',
    );
    const alerts = (rule!.spec as { groups: { rules: { alert: string; expr: string }[] }[] }).groups.flatMap(
      (group) => group.rules,
    );
    expect(alerts.map((alert) => alert.alert)).toEqual(
      expect.arrayContaining([
        'NetshootQueueBackingUp',
        'NetshootWorkerAbsent',
        'NetshootJobsFailingByOperatorError',
      ]),
    );

    const queried = [...panelExprs, ...variableExprs, ...alerts.map((alert) => alert.expr)].flatMap(
      metricsIn,
    );
    expect(queried.length).toBeGreaterThan(10);
    expect([...new Set(queried)].filter((name) => !exported.has(name))).toEqual([]);
    // And the check can fail: a name the worker does not export is caught.
    expect(metricsIn('rate(netshoot_worker_jobs_totl[5m])').filter((name) => !exported.has(name))).toEqual([
      'netshoot_worker_jobs_totl',
    ]);
  });
});
