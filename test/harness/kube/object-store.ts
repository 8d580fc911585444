import { randomUUID } from 'node:crypto';
import { notFound } from './api-status.js';
import { customKinds } from './custom-resources.js';
import { parseLabelSelector } from './label-selector.js';

export type KubeObject = Record<string, unknown> & {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    generateName?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
};

const rbacV1 = 'rbac.authorization.k8s.io/v1';

/** The resources the double serves, by their plural name in the path. */
export const kinds: Record<string, { kind: string; apiVersion: string; namespaced: boolean }> = {
  namespaces: { kind: 'Namespace', apiVersion: 'v1', namespaced: false },
  nodes: { kind: 'Node', apiVersion: 'v1', namespaced: false },
  pods: { kind: 'Pod', apiVersion: 'v1', namespaced: true },
  services: { kind: 'Service', apiVersion: 'v1', namespaced: true },
  deployments: { kind: 'Deployment', apiVersion: 'apps/v1', namespaced: true },
  statefulsets: { kind: 'StatefulSet', apiVersion: 'apps/v1', namespaced: true },
  daemonsets: { kind: 'DaemonSet', apiVersion: 'apps/v1', namespaced: true },
  endpointslices: { kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1', namespaced: true },
  networkpolicies: { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', namespaced: true },
  roles: { kind: 'Role', apiVersion: rbacV1, namespaced: true },
  rolebindings: { kind: 'RoleBinding', apiVersion: rbacV1, namespaced: true },
  clusterroles: { kind: 'ClusterRole', apiVersion: rbacV1, namespaced: false },
  clusterrolebindings: { kind: 'ClusterRoleBinding', apiVersion: rbacV1, namespaced: false },
  ...customKinds,
};

/** etcd's part: objects by resource, namespace and name, with one resourceVersion counter. */
export class ObjectStore {
  private readonly objects = new Map<string, KubeObject>();
  private version = 1000;

  get resourceVersion(): number {
    return this.version;
  }

  store(resource: string, object: KubeObject): KubeObject {
    const metadata = (object.metadata ??= {});
    metadata.uid ??= randomUUID();
    metadata.creationTimestamp ??= new Date().toISOString();
    metadata.resourceVersion = String(++this.version);
    this.objects.set(key(resource, metadata.namespace ?? '', metadata.name!), object);
    return object;
  }

  has(resource: string, namespace: string, name: string): boolean {
    return this.objects.has(key(resource, kinds[resource]?.namespaced ? namespace : '', name));
  }

  /** The object, or the real server's 404 Status. */
  get(resource: string, namespace: string, name: string): KubeObject {
    const object = this.objects.get(key(resource, kinds[resource]?.namespaced ? namespace : '', name));
    if (!object)
      throw notFound(
        resource,
        name,
        kinds[resource]?.apiVersion.includes('/') ? kinds[resource]!.apiVersion.split('/')[0] : '',
      );
    return object;
  }

  remove(resource: string, namespace: string, name: string): void {
    this.objects.delete(key(resource, kinds[resource]?.namespaced ? namespace : '', name));
  }

  /** Every object of a resource, in one namespace when one is given. */
  all(resource: string, namespace = ''): KubeObject[] {
    const prefix = `${resource}/${namespace ? `${namespace}/` : ''}`;
    return [...this.objects.entries()].filter(([k]) => k.startsWith(prefix)).map(([, object]) => object);
  }

  /** The objects of `source` in the namespace (all when empty) that both selectors match. */
  select(
    source: KubeObject[],
    namespace: string,
    labelSelector: string | null,
    fieldSelector: string | null,
  ): KubeObject[] {
    const matches = parseLabelSelector(labelSelector);
    const fields = parseFieldSelector(fieldSelector);
    return source.filter(
      (object) =>
        (!namespace || object.metadata?.namespace === namespace) &&
        matches(object.metadata?.labels ?? {}) &&
        fields(object),
    );
  }

  /** A list as the server answers it: kind and apiVersion only on the list. */
  asList(
    resource: string,
    items: KubeObject[],
  ): { kind: string; apiVersion: string; metadata: object; items: KubeObject[] } {
    const { kind, apiVersion } = kinds[resource]!;
    return {
      kind: `${kind}List`,
      apiVersion,
      metadata: { resourceVersion: String(this.version) },
      items: items.map((item) => ({ ...item, kind: undefined, apiVersion: undefined })),
    };
  }
}

function key(resource: string, namespace: string, name: string): string {
  return `${resource}/${namespace}/${name}`;
}

function parseFieldSelector(selector: string | null): (object: KubeObject) => boolean {
  if (!selector) return () => true;
  const requirements = selector.split(',').map((part) => {
    const [field, value] = part.split(/!?=+/) as [string, string];
    const negate = part.includes('!=');
    return (object: KubeObject) => {
      const actual = field
        .split('.')
        .reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], object);
      return negate ? actual !== value : String(actual ?? '') === value;
    };
  });
  return (object) => requirements.every((requirement) => requirement(object));
}
