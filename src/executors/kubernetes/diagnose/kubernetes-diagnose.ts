import type { V1Pod } from '@kubernetes/client-node';
import { isUserError } from '../../../errors.js';
import { formatTarget } from '../../../grammar/target.js';
import type {
  ApiView,
  DiagnoseQuery,
  LayerFinding,
  LayerName,
  ProbeAddress,
} from '../../../diagnose/diagnosis.js';
import type { PolicyAddress, PolicyEndpoint } from '../../../diagnose/policy/policy-question.js';
import type { KubeClients } from '../kube-clients.js';
import { apiFailure } from '../kube-api-errors.js';
import { resolvePodTarget } from '../targets/kubernetes-targets.js';
import { classifyDestination } from './diagnose-destination.js';
import { judgePolicy, type DecidePolicy, type PolicyTarget } from './judge-policy.js';
import { judgeService } from './judge-service.js';
import { policyEndpoint } from './policy-endpoint.js';
import { readService } from './read-service.js';
import { PolicyAccessError, readPolicies } from './read-policies.js';

/** Where TO lands, before policy: a pod (with its port) or a bare address. */
interface Landing {
  readonly pod?: V1Pod;
  readonly address: string;
  readonly port?: number;
  readonly protocol: ProbeAddress['protocol'];
}

type ViewParts = { -readonly [K in keyof ApiView]?: ApiView[K] };

/**
 * `diagnose`'s view from the Kubernetes API, read verbs only: the service layer (Service, ports,
 * EndpointSlices, readiness) and the policy layer (NetworkPolicies and Calico's policies, judged by
 * `decide` for each place TO lands). What cannot be read is said in notChecked, never guessed.
 */
export async function diagnoseKubernetes(
  clients: KubeClients,
  query: DiagnoseQuery,
  decide: DecidePolicy,
): Promise<ApiView> {
  const destination = classifyDestination(query.to, query.namespace);
  const notChecked: Partial<Record<LayerName, string>> = {};
  const findings: LayerFinding[] = [];
  const view: ViewParts = {};
  let landings: Landing[] = [];
  switch (destination.kind) {
    case 'service': {
      const read = await readService(
        clients,
        destination.name,
        destination.namespace,
        query.port,
        query.namespace,
      );
      if (read.kind === 'refused') notChecked.service = read.why;
      else if (read.kind === 'absent') {
        const missing = `no svc/${destination.name} in namespace ${destination.namespace}${read.namespaceExists ? '' : ' (no such namespace)'}`;
        if (destination.written === 'target')
          findings.push({
            layer: 'service',
            status: 'fail',
            evidence: `svc/${destination.name} not found: ${missing}`,
          });
        else notChecked.service = `${String(query.to)} is not a Service of this cluster (${missing})`;
      } else {
        const judged = judgeService(read.facts);
        findings.push(judged.finding);
        if (judged.expectedName) view.expectedName = judged.expectedName;
        if (judged.serviceAddress) view.serviceAddress = judged.serviceAddress;
        view.endpoints = judged.endpoints;
        landings = [...judged.targets];
      }
      break;
    }
    case 'pod': {
      notChecked.service = `${formatTarget(destination.target)} is not a Service`;
      try {
        const { pod, name } = await resolvePodTarget(clients, destination.target, query.namespace);
        const port = podPort(pod, query.port);
        const address = pod.status?.podIP ?? '';
        landings = [{ pod, address, ...(port !== undefined ? { port } : {}), protocol: 'TCP' }];
        view.endpoints = [
          { address, ...(port !== undefined ? { port } : {}), protocol: 'TCP', label: `pod/${name}` },
        ];
      } catch (error) {
        if (!isUserError(error)) throw error;
        notChecked.policy = `TO: ${error.message}`;
      }
      break;
    }
    case 'address': {
      notChecked.service = `${destination.address} is an address, not a Service`;
      // A pod's IP is judged as that pod (its labels select policies); any other address by ipBlock.
      const pod = await podWithIp(clients, destination.address);
      const port = pod ? podPort(pod, query.port) : numeric(query.port);
      const label = pod ? `pod/${pod.metadata?.name} (${destination.address})` : destination.address;
      const at = port !== undefined ? { port } : {};
      landings = [{ ...(pod ? { pod } : {}), address: destination.address, ...at, protocol: 'TCP' }];
      view.endpoints = [{ address: destination.address, ...at, protocol: 'TCP', label }];
      break;
    }
    case 'elsewhere':
      notChecked.service = `${destination.written} is not a Service of this cluster`;
      notChecked.policy = `${destination.written} is not a pod or an address the API knows: no policy to judge`;
  }
  // The orchestrator's share of the deadline: client-node's calls take no signal, so stop between them.
  query.signal?.throwIfAborted();
  if (!notChecked.policy) {
    const policy = await policyLayer(clients, query, landings, decide);
    if (typeof policy === 'string') notChecked.policy = policy;
    else findings.push(policy);
  }
  return {
    findings,
    ...(Object.keys(notChecked).length > 0 ? { notChecked } : {}),
    ...view,
    endpoints: view.endpoints ?? [],
  };
}

/** The policy finding, or why there is none. */
async function policyLayer(
  clients: KubeClients,
  query: DiagnoseQuery,
  landings: readonly Landing[],
  decide: DecidePolicy,
): Promise<LayerFinding | string> {
  if (!['pod', 'deploy', 'sts', 'ds', 'svc'].includes(query.from.kind))
    return `FROM ${formatTarget(query.from)} is not a pod: NetworkPolicies select pods`;
  if (landings.length === 0) return 'no ready pod or address for TO: no policy to judge';
  if (landings.some((landing) => landing.port === undefined))
    return 'no port given: policy rules are judged per port (write TO:PORT)';
  let from: V1Pod;
  try {
    from = (await resolvePodTarget(clients, query.from, query.namespace)).pod;
  } catch (error) {
    if (!isUserError(error)) throw error;
    return `FROM: ${error.message}`;
  }
  const pods = [from, ...landings.flatMap((landing) => (landing.pod ? [landing.pod] : []))];
  const namespaces = [...new Set(pods.map((pod) => pod.metadata?.namespace ?? query.namespace))];
  try {
    const labels = await namespaceLabels(clients, namespaces);
    const objects = await readPolicies(clients, namespaces);
    const end = (pod: V1Pod): PolicyEndpoint =>
      policyEndpoint(pod, labels.get(pod.metadata?.namespace ?? '') ?? {});
    const targets: PolicyTarget[] = landings.map((landing) => ({
      end: landing.pod
        ? end(landing.pod)
        : ({ label: landing.address, ips: [landing.address] } satisfies PolicyAddress),
      port: landing.port!,
      protocol: landing.protocol,
    }));
    const { calicoNote, ...decidable } = objects;
    return judgePolicy(decide, end(from), targets, decidable, calicoNote ? [calicoNote] : []);
  } catch (error) {
    if (error instanceof PolicyAccessError) return error.message;
    throw error;
  }
}

/** Each namespace's labels, for namespaceSelector (kubernetes.io/metadata.name among them). */
async function namespaceLabels(
  clients: KubeClients,
  names: readonly string[],
): Promise<Map<string, Readonly<Record<string, string>>>> {
  const labels = new Map<string, Readonly<Record<string, string>>>();
  for (const name of names) {
    try {
      labels.set(name, (await clients.core.readNamespace({ name })).metadata?.labels ?? {});
    } catch (error) {
      const { code, message } = apiFailure(error);
      if (code === 403)
        throw new PolicyAccessError(
          `no API access to Namespaces, which namespaceSelector needs (403: ${message})`,
        );
      throw error;
    }
  }
  return labels;
}

/** The pod that has this IP, if one does (not a host-network pod: the node's address is not its own). */
async function podWithIp(clients: KubeClients, ip: string): Promise<V1Pod | undefined> {
  try {
    const pods = await clients.core.listPodForAllNamespaces({ fieldSelector: `status.podIP=${ip}` });
    return pods.items.find((pod) => !pod.spec?.hostNetwork);
  } catch (error) {
    // Not knowing whose address it is leaves it an address: policy still judges it by ipBlock.
    if (apiFailure(error).code === 403) return undefined;
    throw error;
  }
}

const numeric = (port: string | undefined): number | undefined =>
  port !== undefined && /^\d+$/.test(port) ? Number(port) : undefined;

/** TO's port on a pod: a number, or a container port's name. */
function podPort(pod: V1Pod, asked: string | undefined): number | undefined {
  if (asked === undefined) return undefined;
  if (/^\d+$/.test(asked)) return Number(asked);
  return (pod.spec?.containers ?? [])
    .flatMap((container) => container.ports ?? [])
    .find((port) => port.name === asked)?.containerPort;
}
