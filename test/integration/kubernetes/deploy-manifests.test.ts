import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { policyFileSchema } from '../../../src/policy/policy-schema.js';
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

function containersOf(manifest: Manifest): Container[] {
  const template = manifest.spec?.template as { spec?: { containers?: Container[] } } | undefined;
  return template?.spec?.containers ?? [];
}

describe('the deploy/ manifests', () => {
  const sources = {
    'the kustomize base': () => rendered('deploy/base'),
    'the base with an external Redis': () => rendered('deploy/overlays/external-redis'),
    'netshoot-calico.yaml': () => fromFile('deploy/netshoot-calico.yaml'),
    'the Slack Secret template': () => fromFile('deploy/base/slack-secret.template.yaml'),
  };

  it.each(Object.keys(sources))('match the official Kubernetes schemas: %s', async (source) => {
    const manifests = await (sources as Record<string, () => Promise<Manifest[]>>)[source]!();
    expect(manifests.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const manifest of manifests) {
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
});
