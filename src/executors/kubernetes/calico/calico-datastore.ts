import { createHash } from 'node:crypto';
import type { V1Pod } from '@kubernetes/client-node';
import { OperatorError } from '../../../errors.js';
import type { KubeClients } from '../kube-clients.js';
import { apiFailure, translateApiError } from '../kube-api-errors.js';
import type { CalicoKind, CalicoObject } from './calico-kinds.js';

const v3 = { group: 'projectcalico.org', version: 'v3' } as const;
const crd = { group: 'crd.projectcalico.org', version: 'v1' } as const;

/** Where to read: one namespace, or every one (`-A`); cluster-scoped kinds ignore it. */
export type Scope = { readonly namespace: string } | { readonly allNamespaces: true };

/** One list call; `undefined` when that group does not serve the resource (404). */
async function listIn(
  clients: KubeClients,
  api: { group: string; version: string },
  plural: string,
  scope: Scope | undefined,
): Promise<CalicoObject[] | undefined> {
  try {
    const list = (await (scope && 'namespace' in scope
      ? clients.customObjects.listNamespacedCustomObject({ ...api, namespace: scope.namespace, plural })
      : clients.customObjects.listClusterCustomObject({ ...api, plural }))) as { items?: CalicoObject[] };
    return list.items ?? [];
  } catch (error) {
    if (apiFailure(error).code === 404) return undefined;
    throw translateApiError(error, `list ${plural}.${api.group}`);
  }
}

/**
 * A kind's objects: from Calico's API server (projectcalico.org/v3) where it is installed, else from
 * the Kubernetes datastore's CRDs (crd.projectcalico.org/v1), whose spec fields are the same.
 * WorkloadEndpoints have no CRD: in that datastore calicoctl makes them from pods, as here.
 */
export async function listCalico(
  clients: KubeClients,
  kind: CalicoKind,
  scope: Scope,
): Promise<CalicoObject[]> {
  const where = kind.namespaced ? scope : undefined;
  const served = await listIn(clients, v3, kind.plural, where);
  if (served) return served;
  if (kind.kind === 'WorkloadEndpoint') return workloadEndpointsFromPods(clients, scope);
  const stored = await listIn(clients, crd, kind.plural, where);
  if (stored) return stored;
  throw new OperatorError(
    `this cluster serves neither ${kind.plural}.${v3.group} nor ${kind.plural}.${crd.group}: Calico is not installed here`,
    ['calicoctl reads Calico’s datastore; on a cluster without Calico there is nothing to show'],
  );
}

/** A CRD-only resource (IPAM's blocks, reservations): `[]` when Calico's CRDs are absent. */
export async function listCalicoCrd(clients: KubeClients, plural: string): Promise<CalicoObject[]> {
  return (await listIn(clients, crd, plural, undefined)) ?? [];
}

async function workloadEndpointsFromPods(clients: KubeClients, scope: Scope): Promise<CalicoObject[]> {
  try {
    const pods =
      'namespace' in scope
        ? await clients.core.listNamespacedPod({ namespace: scope.namespace })
        : await clients.core.listPodForAllNamespaces();
    return pods.items.filter(isWorkload).map(workloadEndpointOf);
  } catch (error) {
    throw translateApiError(error, 'list pods');
  }
}

/** libcalico-go's IsValidCalicoWorkloadEndpoint: scheduled, and not on the host's network. */
function isWorkload(pod: V1Pod): boolean {
  return !pod.spec?.hostNetwork && Boolean(pod.spec?.nodeName);
}

/** libcalico-go's podToDefaultWorkloadEndpoint: the columns calicoctl prints of it. */
function workloadEndpointOf(pod: V1Pod): CalicoObject {
  const name = pod.metadata?.name ?? '';
  const namespace = pod.metadata?.namespace ?? 'default';
  const node = pod.spec?.nodeName ?? '';
  const account = pod.spec?.serviceAccountName;
  const finished = ['Failed', 'Succeeded', 'Completed'].includes(pod.status?.phase ?? '');
  return {
    metadata: { name: `${escape(node)}-k8s-${escape(name)}-eth0`, namespace },
    spec: {
      node,
      pod: name,
      interfaceName: vethName(namespace, name),
      profiles: [`kns.${namespace}`, ...(account ? [`ksa.${namespace}.${account}`] : [])],
      // A finished pod's address went back to the pool.
      ipNetworks: finished ? [] : podIps(pod).map(asNetwork),
      ipNATs: [],
    },
  };
}

/** names.WorkloadEndpointIdentifiers: a dash inside a segment is doubled. */
const escape = (segment: string): string => segment.replaceAll('-', '--');

/** The host-side veth the CNI plugin made: "cali" and the first 11 hex of sha1("ns.pod"). */
function vethName(namespace: string, pod: string): string {
  return `cali${createHash('sha1').update(`${namespace}.${pod}`).digest('hex').slice(0, 11)}`;
}

/** conversion.getPodIPs: status first, then Calico's annotations. */
function podIps(pod: V1Pod): string[] {
  const fromStatus = (pod.status?.podIPs ?? []).map((ip) => ip.ip);
  if (fromStatus.length > 0) return fromStatus;
  if (pod.status?.podIP) return [pod.status.podIP];
  const annotations = pod.metadata?.annotations ?? {};
  const annotated = annotations['cni.projectcalico.org/podIPs'] || annotations['cni.projectcalico.org/podIP'];
  return annotated ? annotated.split(',') : [];
}

const asNetwork = (ip: string): string => (ip.includes('/') ? ip : `${ip}/${ip.includes(':') ? 128 : 32}`);
