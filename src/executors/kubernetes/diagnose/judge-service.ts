import type { V1EndpointSlice, V1Pod, V1Service, V1ServicePort } from '@kubernetes/client-node';
import type { LayerFinding, ProbeAddress } from '../../../diagnose/diagnosis.js';
import { describeNotReady, notReadyReason } from './pod-readiness.js';
import { formatServicePort, pickServicePort, podTargetPort } from './service-ports.js';
import { serviceNames } from './diagnose-destination.js';

/** What the API says about one Service, read by read-service.ts. */
export interface ServiceFacts {
  readonly service: V1Service;
  readonly slices: readonly V1EndpointSlice[];
  /** The pods its selector matches: those not in a slice yet (Pending), and named targetPorts. */
  readonly pods: readonly V1Pod[];
  /** The port asked about, as written. */
  readonly port?: string;
  readonly fromNamespace: string;
}

type Protocol = ProbeAddress['protocol'];

/** A ready endpoint that serves the port: a pod policy must let FROM reach, on this port. */
export interface ServiceTarget {
  readonly pod?: V1Pod;
  readonly address: string;
  readonly port: number;
  readonly protocol: Protocol;
}

export interface ServiceView {
  readonly finding: LayerFinding;
  readonly expectedName?: { readonly names: readonly string[]; readonly addresses: readonly string[] };
  readonly serviceAddress?: ProbeAddress;
  readonly endpoints: readonly ProbeAddress[];
  readonly targets: readonly ServiceTarget[];
}

interface Endpoint {
  readonly address: string;
  readonly podName?: string;
  readonly ready: boolean;
  readonly port?: number;
  readonly reason?: string;
}

/**
 * The service layer's verdict from the objects: the port asked for exists, the selector selects,
 * and some ready endpoint serves that port ("payments:8080 has no ready endpoints (3 not ready:
 * readiness probe failing)"). Pure: every wording is unit-tested.
 */
export function judgeService(facts: ServiceFacts): ServiceView {
  const { service } = facts;
  const name = service.metadata?.name ?? '';
  const namespace = service.metadata?.namespace ?? '';
  const spec = service.spec ?? {};
  const names = serviceNames(name, namespace, facts.fromNamespace);
  const fail = (evidence: string, details: string[] = []): ServiceView => ({
    finding: { layer: 'service', status: 'fail', evidence, details },
    endpoints: [],
    targets: [],
  });
  if (spec.type === 'ExternalName') {
    return {
      finding: {
        layer: 'service',
        status: 'ok',
        evidence: `svc/${name} is an ExternalName Service for ${spec.externalName}: no ClusterIP and no endpoints, its name is a CNAME`,
      },
      expectedName: { names, addresses: [] },
      endpoints: [],
      targets: [],
    };
  }
  const port = pickServicePort(name, spec.ports ?? [], facts.port);
  if (typeof port === 'string') return fail(port);
  const headless = spec.clusterIP === 'None';
  const protocol = (port.protocol ?? 'TCP') as Protocol;
  const endpoints = endpointsOf(facts, port);
  const details = [
    `svc/${name} in ${namespace}: type ${spec.type ?? 'ClusterIP'}, ${headless ? 'headless (no ClusterIP)' : `ClusterIP ${spec.clusterIP}`}`,
    `ports: ${(spec.ports ?? []).map(formatServicePort).join(', ')}${facts.port === undefined ? ` (no port asked: checked ${formatServicePort(port)})` : ''}`,
    ...endpoints.map(describeEndpoint),
  ];
  const selector = Object.entries(spec.selector ?? {}).map(([key, value]) => `${key}=${value}`);
  if (selector.length > 0 && facts.pods.length === 0 && endpoints.length === 0)
    return fail(
      `svc/${name} selects no pods (selector ${selector.join(',')} matches nothing in ${namespace})`,
      details,
    );
  const head = `${name}:${port.port}`;
  const ready = endpoints.filter((endpoint) => endpoint.ready);
  const serving = ready.filter((endpoint) => endpoint.port !== undefined);
  const notReady = endpoints
    .filter((endpoint) => !endpoint.ready)
    .map((endpoint) => endpoint.reason ?? 'not ready');
  if (serving.length === 0) {
    if (ready.length > 0)
      return fail(
        `${head} has no ready endpoint serving it (${ready.length} ready ${ready.length === 1 ? 'pod declares' : 'pods declare'} no container port named '${String(port.targetPort)}')`,
        details,
      );
    if (notReady.length > 0)
      return fail(`${head} has no ready endpoints (${describeNotReady(notReady)})`, details);
    return fail(
      selector.length > 0
        ? `${head} has no endpoints`
        : `${head} has no endpoints (svc/${name} has no selector, and nobody wrote EndpointSlices for it)`,
      details,
    );
  }
  const servedPorts = [...new Set(serving.map((endpoint) => endpoint.port))].join(', ');
  const address = headless ? `svc/${name} (headless)` : `svc/${name} ${spec.clusterIP}:${port.port}`;
  const evidence = `${address} → ${serving.length} ready endpoint${serving.length === 1 ? '' : 's'} on ${servedPorts}`;
  const pods = new Map(facts.pods.map((pod) => [pod.metadata?.name ?? '', pod]));
  return {
    finding:
      notReady.length > 0
        ? {
            layer: 'service',
            status: 'warn',
            evidence: `${evidence} (${describeNotReady(notReady)})`,
            details,
          }
        : { layer: 'service', status: 'ok', evidence, details },
    expectedName: {
      names,
      addresses: headless ? serving.map((endpoint) => endpoint.address) : [spec.clusterIP ?? ''],
    },
    ...(headless
      ? {}
      : {
          serviceAddress: {
            address: spec.clusterIP ?? '',
            port: port.port,
            protocol,
            label: `svc/${name} (ClusterIP)`,
          },
        }),
    endpoints: serving.map((endpoint) => ({
      address: endpoint.address,
      port: endpoint.port,
      protocol,
      label: endpoint.podName ? `endpoint pod/${endpoint.podName}` : `endpoint ${endpoint.address}`,
    })),
    targets: serving.map((endpoint) => ({
      ...(endpoint.podName && pods.get(endpoint.podName) ? { pod: pods.get(endpoint.podName) } : {}),
      address: endpoint.address,
      port: endpoint.port!,
      protocol,
    })),
  };
}

/** Every endpoint of the slices, with the port it serves the Service port on; then pods not in any. */
function endpointsOf(facts: ServiceFacts, port: V1ServicePort): Endpoint[] {
  const pods = new Map(facts.pods.map((pod) => [pod.metadata?.name ?? '', pod]));
  const seen = new Set<string>();
  const endpoints: Endpoint[] = [];
  for (const slice of facts.slices) {
    const slicePort = slice.ports?.find((candidate) => (candidate.name ?? '') === (port.name ?? ''))?.port;
    for (const endpoint of slice.endpoints ?? []) {
      const podName = endpoint.targetRef?.kind === 'Pod' ? endpoint.targetRef.name : undefined;
      const pod = podName ? pods.get(podName) : undefined;
      if (podName) seen.add(podName);
      // A nil ready condition means ready (the API's rule for consumers of EndpointSlices).
      const ready = endpoint.conditions?.ready !== false;
      endpoints.push({
        address: endpoint.addresses[0] ?? '',
        ...(podName ? { podName } : {}),
        ready,
        // Per pod where it is known: a named targetPort may be a different number in each pod.
        port: pod ? podTargetPort(pod, port) : slicePort,
        ...(ready ? {} : { reason: pod ? notReadyReason(pod) : 'not ready' }),
      });
    }
  }
  for (const [podName, pod] of pods) {
    if (seen.has(podName)) continue;
    endpoints.push({ address: pod.status?.podIP ?? '', podName, ready: false, reason: notReadyReason(pod) });
  }
  return endpoints;
}

function describeEndpoint(endpoint: Endpoint): string {
  const who = endpoint.podName ? `pod/${endpoint.podName}` : 'an endpoint';
  const where = endpoint.address || 'no IP yet';
  if (!endpoint.ready) return `${who} ${where}: not ready (${endpoint.reason ?? 'not ready'})`;
  return endpoint.port === undefined
    ? `${who} ${where}: ready, but declares no container port for this Service port`
    : `${who} ${where}: ready, port ${endpoint.port}`;
}
