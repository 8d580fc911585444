import type { V1Pod, V1Service } from '@kubernetes/client-node';
import type { ClusterDnsView, EndpointSliceView } from './cluster-dns-records.js';
import type { ObjectStore } from './object-store.js';
import type { PodRuntime } from './pod-runtime.js';
import type { Services } from './services.js';

export const clusterDomain = 'cluster.local';

/**
 * CoreDNS's informers, read at the moment of each question: Namespaces, Services, and the
 * EndpointSlices the double computes, after a fresh look at the pods in Docker (readiness is what runs).
 */
export function clusterDnsView(
  parts: { store: ObjectStore; services: Services; runtime: PodRuntime },
  serverAddress: string,
  serial: number,
): ClusterDnsView {
  const { store, services, runtime } = parts;
  return {
    zone: clusterDomain,
    serverAddress,
    serial,
    namespaceExists: (namespace) => store.has('namespaces', '', namespace),
    service: (namespace, name) =>
      store.has('services', namespace, name)
        ? (store.get('services', namespace, name) as V1Service)
        : undefined,
    endpointSlices: async (service) => {
      const namespace = service.metadata!.namespace!;
      await runtime.refresh(store.all('pods', namespace) as V1Pod[]);
      return services
        .endpointSlices(namespace)
        .filter(
          (slice) =>
            (slice.metadata as { labels?: Record<string, string> }).labels?.['kubernetes.io/service-name'] ===
            service.metadata!.name,
        ) as unknown as EndpointSliceView[];
    },
  };
}
