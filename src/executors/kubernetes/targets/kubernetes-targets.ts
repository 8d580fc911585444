import type { V1LabelSelector, V1Node, V1Pod, V1Service, V1ServicePort } from '@kubernetes/client-node';
import { TargetNotFoundError, TargetUnavailableError } from '../../../errors.js';
import { closestNames } from '../../../grammar/closest-names.js';
import { formatTarget, type TargetRef } from '../../../grammar/target.js';
import type { KubeClients } from '../kube-clients.js';
import { apiFailure, translateApiError } from '../kube-api-errors.js';

/** A pod a target came down to, and, for workloads and Services, a sentence on how it was picked. */
export interface ResolvedPod {
  readonly pod: V1Pod;
  readonly name: string;
  readonly namespace: string;
  readonly picked?: string;
}

const workloadKinds = { deploy: 'Deployment', sts: 'StatefulSet', ds: 'DaemonSet' } as const;

/**
 * pod/, deploy/, sts/, ds/ and svc/ down to one Running pod. For workloads and Services the pick is
 * the oldest Ready pod (ties by name): the longest-lived one is the most likely to have a toolbox
 * already, and the same pod keeps being picked, so follow-ups land where the first command ran.
 */
export async function resolvePodTarget(
  clients: KubeClients,
  target: TargetRef,
  namespace: string,
): Promise<ResolvedPod> {
  switch (target.kind) {
    case 'pod': {
      const pod = await readPod(clients, target.name, namespace).catch(async (error: unknown) => {
        throw error instanceof TargetNotFoundError
          ? await podNotFound(clients, target.name, namespace)
          : error;
      });
      const problem = podProblem(pod);
      if (problem)
        throw new TargetUnavailableError(problem, [
          `kubectl -n ${namespace} describe pod ${target.name} says more`,
        ]);
      return { pod, name: target.name, namespace };
    }
    case 'deploy':
    case 'sts':
    case 'ds': {
      const selector = await workloadSelector(clients, target, namespace);
      return pickReadyPod(target, namespace, await listPods(clients, namespace, selector));
    }
    case 'svc':
      return resolveServicePod(clients, target, namespace);
    default:
      throw new TargetUnavailableError(`${formatTarget(target)} is not a pod-backed Kubernetes target`);
  }
}

/** The Node object, Ready or not said plainly. */
export async function resolveNode(clients: KubeClients, name: string): Promise<V1Node> {
  let node: V1Node;
  try {
    node = await clients.core.readNode({ name });
  } catch (error) {
    throw translateApiError(error, `read node ${name}`, `node ${name} not found`);
  }
  const ready = node.status?.conditions?.find((condition) => condition.type === 'Ready');
  if (ready && ready.status !== 'True') {
    throw new TargetUnavailableError(`node ${name} is NotReady${ready.reason ? ` (${ready.reason})` : ''}`);
  }
  return node;
}

/**
 * A destination reference as an address (SPEC 3): a pod's IP, a Service's ClusterIP (a Ready
 * endpoint's IP for a headless Service), a node's InternalIP.
 */
export async function resolveKubernetesAddress(
  clients: KubeClients,
  target: TargetRef,
  namespace: string,
): Promise<string> {
  if (target.kind === 'node') return nodeAddress(await resolveNode(clients, target.name));
  if (target.kind === 'svc') {
    const service = await readService(clients, target.name, namespace);
    const clusterIp = service.spec?.clusterIP;
    if (clusterIp && clusterIp !== 'None') return clusterIp;
    if (service.spec?.type === 'ExternalName' && service.spec.externalName) return service.spec.externalName;
  }
  const { pod, name } = await resolvePodTarget(clients, target, namespace);
  const ip = pod.status?.podIP;
  if (!ip) throw new TargetUnavailableError(`pod ${name} in namespace ${namespace} has no IP yet`);
  return ip;
}

export function nodeAddress(node: V1Node): string {
  const addresses = node.status?.addresses ?? [];
  const address =
    addresses.find((a) => a.type === 'InternalIP') ?? addresses.find((a) => a.type === 'ExternalIP');
  if (!address) throw new TargetUnavailableError(`node ${node.metadata?.name} reports no InternalIP`);
  return address.address;
}

/**
 * A Service port by number or by name (`http`), as the port to connect to: what `nc svc/db http`
 * means. Through a ClusterIP that is the Service's port; a headless Service has no ClusterIP to
 * translate it, its address is an endpoint pod's (resolveKubernetesAddress), so it is the port that
 * pod serves (targetPort, looked up by name in the same pod the address comes from). Unknown names
 * list the ones the Service has.
 */
export async function resolveServicePort(
  clients: KubeClients,
  service: string,
  namespace: string,
  port: string | number,
): Promise<number> {
  if (typeof port === 'number' || /^\d+$/.test(port)) return Number(port);
  const spec = (await readService(clients, service, namespace)).spec;
  const ports = spec?.ports ?? [];
  const found = ports.find((candidate) => candidate.name === port);
  if (!found) {
    const names = ports.map((candidate) => candidate.name ?? String(candidate.port)).join(', ') || 'none';
    throw new TargetNotFoundError(`svc/${service} in namespace ${namespace} has no port named ${port}`, [
      `its ports: ${names}`,
    ]);
  }
  if (spec?.clusterIP !== 'None') return found.port;
  return headlessTargetPort(clients, service, namespace, found);
}

async function headlessTargetPort(
  clients: KubeClients,
  service: string,
  namespace: string,
  port: V1ServicePort,
): Promise<number> {
  // The API types targetPort as IntOrString; an absent one means the same as port.
  const target = port.targetPort as number | string | undefined;
  if (target === undefined) return port.port;
  if (typeof target === 'number' || /^\d+$/.test(target)) return Number(target);
  const { pod, name } = await resolvePodTarget(clients, { kind: 'svc', name: service }, namespace);
  const served = (pod.spec?.containers ?? [])
    .flatMap((container) => container.ports ?? [])
    .find((candidate) => candidate.name === target);
  if (!served) {
    throw new TargetUnavailableError(
      `svc/${service} sends port ${port.name} to the container port named ${target}, which pod ${name} does not declare`,
      [`kubectl -n ${namespace} get pod ${name} -o jsonpath='{.spec.containers[*].ports}' shows its ports`],
    );
  }
  return served.containerPort;
}

/** `app=web,tier in (a,b)`: a LabelSelector as the labelSelector query parameter writes it. */
export function formatLabelSelector(selector: V1LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const expression of selector.matchExpressions ?? []) {
    const values = (expression.values ?? []).join(',');
    switch (expression.operator) {
      case 'In':
        parts.push(`${expression.key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${expression.key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(expression.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${expression.key}`);
        break;
    }
  }
  return parts.join(',');
}

/** Why a pod cannot be used now, worded for the channel: "pod web is Pending (ImagePullBackOff)". */
export function podProblem(pod: V1Pod): string | undefined {
  const name = pod.metadata?.name;
  if (pod.metadata?.deletionTimestamp) return `pod ${name} is terminating`;
  const phase = pod.status?.phase ?? 'Pending';
  if (phase === 'Running') return undefined;
  const waiting = (pod.status?.containerStatuses ?? []).map((s) => s.state?.waiting?.reason).find(Boolean);
  const why =
    waiting ??
    pod.status?.reason ??
    pod.status?.conditions?.find((c) => c.status === 'False' && c.reason)?.reason;
  return `pod ${name} is ${phase}${why ? ` (${why})` : ''}`;
}

export function isPodReady(pod: V1Pod): boolean {
  return (
    !pod.metadata?.deletionTimestamp &&
    pod.status?.phase === 'Running' &&
    pod.status.conditions?.find((condition) => condition.type === 'Ready')?.status === 'True'
  );
}

/** "pod wbe not found", with the pods of that namespace whose names are near (`did you mean: web-7d9f`). */
async function podNotFound(
  clients: KubeClients,
  name: string,
  namespace: string,
): Promise<TargetNotFoundError> {
  // A hint only: a failed list leaves the error as it was, and the hint says the list failed.
  let listFailure: string | undefined;
  const names = await clients.core
    .listNamespacedPod({ namespace })
    .then((list) => list.items.map((pod) => pod.metadata?.name ?? ''))
    .catch((error: unknown) => {
      listFailure = `(could not list the pods of ${namespace} to suggest a name: ${apiFailure(error).message})`;
      return [];
    });
  const near = closestNames(name, names.filter(Boolean), 5);
  return new TargetNotFoundError(`pod ${name} not found in namespace ${namespace}`, [
    ...(near.length > 0 ? [`did you mean: ${near.map((pod) => `pod/${pod}`).join(', ')}?`] : []),
    ...(listFailure ? [listFailure] : []),
    `kubectl -n ${namespace} get pods lists them; -n NAMESPACE picks another namespace`,
  ]);
}

async function readPod(clients: KubeClients, name: string, namespace: string): Promise<V1Pod> {
  try {
    return await clients.core.readNamespacedPod({ name, namespace });
  } catch (error) {
    throw translateApiError(error, `read pod ${name}`, `pod ${name} not found in namespace ${namespace}`);
  }
}

async function readService(clients: KubeClients, name: string, namespace: string): Promise<V1Service> {
  try {
    return await clients.core.readNamespacedService({ name, namespace });
  } catch (error) {
    throw translateApiError(error, `read service ${name}`, `svc/${name} not found in namespace ${namespace}`);
  }
}

async function listPods(clients: KubeClients, namespace: string, labelSelector: string): Promise<V1Pod[]> {
  try {
    return (await clients.core.listNamespacedPod({ namespace, labelSelector })).items;
  } catch (error) {
    throw translateApiError(error, `list pods in namespace ${namespace}`);
  }
}

async function workloadSelector(clients: KubeClients, target: TargetRef, namespace: string): Promise<string> {
  const kind = workloadKinds[target.kind as keyof typeof workloadKinds];
  const notFound = `${formatTarget(target)} not found in namespace ${namespace}`;
  let selector: V1LabelSelector | undefined;
  try {
    const params = { name: target.name, namespace };
    const workload =
      target.kind === 'deploy'
        ? await clients.apps.readNamespacedDeployment(params)
        : target.kind === 'sts'
          ? await clients.apps.readNamespacedStatefulSet(params)
          : await clients.apps.readNamespacedDaemonSet(params);
    selector = workload.spec?.selector;
  } catch (error) {
    throw translateApiError(error, `read ${kind} ${target.name}`, notFound);
  }
  const text = selector ? formatLabelSelector(selector) : '';
  // An empty selector would match every pod in the namespace: refuse rather than pick a stranger.
  if (!text) throw new TargetUnavailableError(`${formatTarget(target)} has no pod selector`);
  return text;
}

function pickReadyPod(target: TargetRef, namespace: string, pods: V1Pod[]): ResolvedPod {
  const ready = pods.filter(isPodReady).sort(byAgeThenName);
  const chosen = ready[0];
  if (!chosen) {
    const states = pods.slice(0, 5).map((pod) => podProblem(pod) ?? `pod ${pod.metadata?.name} is not Ready`);
    throw new TargetUnavailableError(
      `no Ready pods for ${formatTarget(target)} in namespace ${namespace}`,
      states.length ? states : ['it has no pods at all'],
    );
  }
  const name = chosen.metadata!.name!;
  return { pod: chosen, name, namespace, picked: `picked pod/${name}, the oldest Ready of ${ready.length}` };
}

async function resolveServicePod(
  clients: KubeClients,
  target: TargetRef,
  namespace: string,
): Promise<ResolvedPod> {
  await readService(clients, target.name, namespace);
  let slices;
  try {
    slices = await clients.discovery.listNamespacedEndpointSlice({
      namespace,
      labelSelector: `kubernetes.io/service-name=${target.name}`,
    });
  } catch (error) {
    throw translateApiError(error, `list EndpointSlices of svc/${target.name}`);
  }
  const podNames = new Set<string>();
  for (const slice of slices.items) {
    for (const endpoint of slice.endpoints ?? []) {
      if (
        endpoint.conditions?.ready === false ||
        endpoint.targetRef?.kind !== 'Pod' ||
        !endpoint.targetRef.name
      )
        continue;
      podNames.add(endpoint.targetRef.name);
    }
  }
  if (podNames.size === 0) {
    throw new TargetUnavailableError(`no Ready endpoints for svc/${target.name} in namespace ${namespace}`, [
      `kubectl -n ${namespace} get endpointslices -l kubernetes.io/service-name=${target.name} shows them`,
    ]);
  }
  const pods = await Promise.all(
    [...podNames].map((name) =>
      // readPod has already turned a 404 into TargetNotFoundError: an endpoint whose pod just went.
      readPod(clients, name, namespace).catch((error: unknown) =>
        error instanceof TargetNotFoundError ? undefined : Promise.reject(error),
      ),
    ),
  );
  const resolved = pickReadyPod(
    target,
    namespace,
    pods.filter((pod): pod is V1Pod => pod !== undefined),
  );
  return { ...resolved, picked: `${resolved.picked} endpoints of svc/${target.name}` };
}

function byAgeThenName(a: V1Pod, b: V1Pod): number {
  const age = timeOf(a) - timeOf(b);
  return age !== 0 ? age : (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}

function timeOf(pod: V1Pod): number {
  const value = pod.status?.startTime ?? pod.metadata?.creationTimestamp;
  return value ? new Date(value).getTime() : 0;
}
