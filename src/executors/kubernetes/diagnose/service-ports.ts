import type { V1Pod, V1ServicePort } from '@kubernetes/client-node';

/** "http 8080", "grpc 9090→grpc", "dns 53/UDP": a Service port as people read it. */
export function formatServicePort(port: V1ServicePort): string {
  const target = port.targetPort as number | string | undefined;
  const arrow = target !== undefined && String(target) !== String(port.port) ? `→${target}` : '';
  const protocol = port.protocol && port.protocol !== 'TCP' ? `/${port.protocol}` : '';
  return `${port.name ? `${port.name} ` : ''}${port.port}${arrow}${protocol}`;
}

/**
 * The Service port a question means: by name (`http`) or number (`8080`); none asked is the first,
 * which is the only one for most Services. A string is the evidence of a port that is not there.
 */
export function pickServicePort(
  service: string,
  ports: readonly V1ServicePort[],
  asked: string | undefined,
): V1ServicePort | string {
  const listed = `ports: ${ports.map(formatServicePort).join(', ') || 'none'}`;
  if (asked === undefined) return ports[0] ?? `svc/${service} has no ports (${listed})`;
  const byNumber = /^\d+$/.test(asked);
  const found = ports.find((port) => (byNumber ? String(port.port) === asked : port.name === asked));
  if (found) return found;
  return byNumber
    ? `svc/${service} has no port ${asked} (${listed})`
    : `svc/${service} has no port named '${asked}' (${listed})`;
}

/**
 * The container port a Service port reaches in one pod: a number as it is, a name looked up among
 * the pod's container ports (each pod may number it differently, which is the point of naming it).
 */
export function podTargetPort(pod: V1Pod, port: V1ServicePort): number | undefined {
  const target = (port.targetPort as number | string | undefined) ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  return (pod.spec?.containers ?? [])
    .flatMap((container) => container.ports ?? [])
    .find((candidate) => candidate.name === target)?.containerPort;
}
