import type { V1Pod, V1Service } from '@kubernetes/client-node';
import { ApiStatusError } from './api-status.js';
import { doubleNetwork, programServiceAddress } from './docker-backend.js';
import type { KubeObject, ObjectStore } from './object-store.js';
import type { PodRuntime } from './pod-runtime.js';

/**
 * Services as the control plane and kube-proxy make them work: a ClusterIP from the double's range,
 * EndpointSlices computed on read from the ready pods a selector matches, and the ClusterIP answering
 * in the first endpoint pod (see docker-backend).
 */
export class Services {
  private readonly programmed = new Set<string>();
  private nextServiceIp: number = doubleNetwork.serviceRangeStart;

  constructor(
    private readonly store: ObjectStore,
    private readonly runtime: PodRuntime,
  ) {}

  allocateClusterIp(service: V1Service): void {
    const spec = (service.spec ??= {});
    if (spec.clusterIP === 'None' || spec.type === 'ExternalName') return;
    if (this.nextServiceIp > doubleNetwork.serviceRangeEnd)
      throw new ApiStatusError(500, 'InternalError', 'the double ran out of Service IPs');
    spec.clusterIP = `${doubleNetwork.subnet.split('.').slice(0, 3).join('.')}.${this.nextServiceIp++}`;
    spec.clusterIPs = [spec.clusterIP];
    spec.type ??= 'ClusterIP';
    spec.ports = (spec.ports ?? []).map((port) => ({ protocol: 'TCP', targetPort: port.port, ...port }));
  }

  /** The endpointslice controller's view of every Service in the namespace, computed on read. */
  endpointSlices(namespace: string): KubeObject[] {
    return (this.store.all('services', namespace) as V1Service[])
      .filter((service) => service.spec?.selector)
      .map((service) => {
        const pods = this.readyPodsFor(service);
        const first = pods[0];
        return {
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: {
            name: `${service.metadata!.name}-double`,
            namespace: service.metadata!.namespace,
            labels: {
              'kubernetes.io/service-name': service.metadata!.name!,
              'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
            },
            uid: `${service.metadata!.uid}-slice`,
            resourceVersion: String(this.store.resourceVersion),
          },
          addressType: 'IPv4',
          endpoints: pods
            .filter((pod) => pod.status?.podIP)
            .map((pod) => {
              const ready = pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
              // The endpointslice controller names an endpoint only for a pod that asks for it:
              // hostname set and subdomain naming this Service (the DNS name of a StatefulSet's pod).
              const named = pod.spec!.hostname && pod.spec!.subdomain === service.metadata!.name;
              return {
                addresses: [pod.status!.podIP!],
                ...(named ? { hostname: pod.spec!.hostname } : {}),
                conditions: { ready, serving: ready, terminating: false },
                nodeName: pod.spec!.nodeName,
                targetRef: {
                  kind: 'Pod',
                  name: pod.metadata!.name,
                  namespace: pod.metadata!.namespace,
                  uid: pod.metadata!.uid,
                },
              };
            }),
          ports: (service.spec!.ports ?? []).map((port) => ({
            name: port.name ?? '',
            port: first
              ? targetPort(first, port)
              : typeof port.targetPort === 'number'
                ? port.targetPort
                : port.port,
            protocol: port.protocol ?? 'TCP',
          })),
        };
      });
  }

  /** kube-proxy's part: a Service's ClusterIP answers in its first endpoint pod (see docker-backend). */
  async program(): Promise<void> {
    for (const service of this.store.all('services') as V1Service[]) {
      if (
        !service.spec?.clusterIP ||
        service.spec.clusterIP === 'None' ||
        this.programmed.has(service.metadata!.uid!)
      )
        continue;
      const pod = this.readyPodsFor(service).find((candidate) => !candidate.spec!.hostNetwork);
      if (!pod) continue;
      const pid = await this.runtime.holderPid(pod);
      if (!pid) continue;
      await programServiceAddress({
        holderPid: pid,
        clusterIp: service.spec.clusterIP,
        ports: (service.spec.ports ?? []).map((port) => ({
          protocol: port.protocol ?? 'TCP',
          port: port.port,
          targetPort: targetPort(pod, port),
        })),
      });
      this.programmed.add(service.metadata!.uid!);
    }
  }

  private readyPodsFor(service: V1Service): V1Pod[] {
    const selector = service.spec?.selector;
    if (!selector) return [];
    return (this.store.all('pods', service.metadata!.namespace) as V1Pod[])
      .filter((pod) =>
        Object.entries(selector).every(([key, value]) => pod.metadata?.labels?.[key] === value),
      )
      .filter((pod) => this.runtime.isStarted(pod))
      .sort((a, b) =>
        String(a.metadata!.creationTimestamp).localeCompare(String(b.metadata!.creationTimestamp)),
      );
  }
}

function targetPort(pod: V1Pod, port: { port: number; targetPort?: number | string }): number {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const named = pod.spec!.containers.flatMap((c) => c.ports ?? []).find((p) => p.name === target);
  return named?.containerPort ?? port.port;
}
