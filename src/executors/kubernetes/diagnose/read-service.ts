import type { V1Pod, V1Service } from '@kubernetes/client-node';
import type { KubeClients } from '../kube-clients.js';
import { apiFailure } from '../kube-api-errors.js';
import type { ServiceFacts } from './judge-service.js';

/**
 * The objects behind one Service: the Service, its EndpointSlices (by the label the controller puts
 * on them), and the pods its selector matches. `absent` when the Service is not there, `refused` when
 * the worker may not read these (a 403, said with the API's own message).
 */
export type ServiceRead =
  | { readonly kind: 'found'; readonly facts: ServiceFacts }
  | { readonly kind: 'absent'; readonly namespaceExists: boolean }
  | { readonly kind: 'refused'; readonly why: string };

export async function readService(
  clients: KubeClients,
  name: string,
  namespace: string,
  port: string | undefined,
  fromNamespace: string,
): Promise<ServiceRead> {
  let service: V1Service;
  try {
    service = await clients.core.readNamespacedService({ name, namespace });
  } catch (error) {
    const { code, message } = apiFailure(error);
    if (code === 403) return { kind: 'refused', why: `no API access to Services (403: ${message})` };
    if (code !== 404) throw error;
    return { kind: 'absent', namespaceExists: await namespaceExists(clients, namespace) };
  }
  try {
    const slices = await clients.discovery.listNamespacedEndpointSlice({
      namespace,
      labelSelector: `kubernetes.io/service-name=${name}`,
    });
    const selector = Object.entries(service.spec?.selector ?? {})
      .map(([key, value]) => `${key}=${value}`)
      .join(',');
    // No selector: its endpoints are written by hand, and no pod is "selected".
    const pods: V1Pod[] = selector
      ? (await clients.core.listNamespacedPod({ namespace, labelSelector: selector })).items
      : [];
    return {
      kind: 'found',
      facts: { service, slices: slices.items, pods, ...(port ? { port } : {}), fromNamespace },
    };
  } catch (error) {
    const { code, message } = apiFailure(error);
    if (code === 403)
      return { kind: 'refused', why: `no API access to EndpointSlices or pods (403: ${message})` };
    throw error;
  }
}

async function namespaceExists(clients: KubeClients, name: string): Promise<boolean> {
  try {
    await clients.core.readNamespace({ name });
    return true;
  } catch (error) {
    // Not knowing (403) is not knowing it is absent: the Service's absence is what is said.
    return apiFailure(error).code !== 404;
  }
}
