import { isIP } from 'node:net';
import { isTargetRef, formatTarget, type TargetRef } from '../../../grammar/target.js';
import type { DiagnoseDestination } from '../../../diagnose/diagnosis.js';

/**
 * What TO is, as far as the API can say:
 * - `service`: svc/NAME, or a host name in the forms the cluster's DNS gives a Service (`payments`,
 *   `payments.shop`, `payments.shop.svc`, `payments.shop.svc.<cluster domain>`); `written` says
 *   which, because a name that merely looks like one (`example.com`) is not an error when no such
 *   Service exists.
 * - `pod`: pod/, deploy/, sts/, ds/: the pod they come down to.
 * - `address`: an IP literal; policy can still be judged for it (ipBlock, Calico nets).
 * - `elsewhere`: any other name or target: nothing the API knows.
 */
export type Destination =
  | {
      readonly kind: 'service';
      readonly name: string;
      readonly namespace: string;
      readonly written: 'target' | 'name';
    }
  | { readonly kind: 'pod'; readonly target: TargetRef }
  | { readonly kind: 'address'; readonly address: string }
  | { readonly kind: 'elsewhere'; readonly written: string };

const podBacked = new Set(['pod', 'deploy', 'sts', 'ds']);
/** A DNS label as Kubernetes names Services and namespaces (RFC 1123). */
const label = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function classifyDestination(to: DiagnoseDestination, namespace: string): Destination {
  if (isTargetRef(to)) {
    if (to.kind === 'svc') return { kind: 'service', name: to.name, namespace, written: 'target' };
    if (podBacked.has(to.kind)) return { kind: 'pod', target: to };
    return { kind: 'elsewhere', written: formatTarget(to) };
  }
  if (isIP(to)) return { kind: 'address', address: to };
  const service = serviceOfName(to.toLowerCase().replace(/\.$/, ''), namespace);
  return service ? { kind: 'service', ...service, written: 'name' } : { kind: 'elsewhere', written: to };
}

/**
 * `NAME`, `NAME.NS`, `NAME.NS.svc` and `NAME.NS.svc.DOMAIN`: the forms a pod's search domains and
 * the cluster's DNS turn into a Service's record. A bare name is the Service in FROM's namespace,
 * as FROM's first search domain makes it.
 */
function serviceOfName(name: string, namespace: string): { name: string; namespace: string } | undefined {
  const parts = name.split('.');
  const [service, serviceNamespace = namespace, svc] = parts;
  if (!service || !label.test(service) || !label.test(serviceNamespace)) return undefined;
  if (parts.length <= 2) return { name: service, namespace: serviceNamespace };
  // Any cluster domain after `.svc` (cluster.local is only the default).
  return svc === 'svc' ? { name: service, namespace: serviceNamespace } : undefined;
}

/**
 * The names a Service answers to from a pod in `fromNamespace`, for the name layer. The cluster
 * domain is taken as cluster.local, the default that kubeadm and most distributions keep.
 */
export function serviceNames(name: string, namespace: string, fromNamespace: string): string[] {
  return [
    ...(namespace === fromNamespace ? [name] : []),
    `${name}.${namespace}`,
    `${name}.${namespace}.svc`,
    `${name}.${namespace}.svc.cluster.local`,
  ];
}
