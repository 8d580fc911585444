import type { V1Pod } from '@kubernetes/client-node';
import type { PolicyEndpoint } from '../../../diagnose/policy/policy-question.js';

/** A pod as policy sees it: its labels, its namespace's labels, IPs, container ports, ServiceAccount. */
export function policyEndpoint(
  pod: V1Pod,
  namespaceLabels: Readonly<Record<string, string>>,
): PolicyEndpoint {
  const ips = (pod.status?.podIPs ?? []).map((ip) => ip.ip);
  return {
    label: `pod/${pod.metadata?.name ?? ''}`,
    namespace: pod.metadata?.namespace ?? '',
    labels: pod.metadata?.labels ?? {},
    namespaceLabels,
    ips: ips.length > 0 ? ips : pod.status?.podIP ? [pod.status.podIP] : [],
    ports: (pod.spec?.containers ?? []).flatMap((container) =>
      (container.ports ?? []).map((port) => ({
        ...(port.name ? { name: port.name } : {}),
        port: port.containerPort,
        protocol: port.protocol ?? 'TCP',
      })),
    ),
    // The pod's own field; `default` is what the admission plugin fills in when none is given.
    serviceAccount: pod.spec?.serviceAccountName ?? 'default',
  };
}
