import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';
import { OperatorError } from '../../../errors.js';
import type { CalicoPolicies, NetworkPolicyObject } from '../../../diagnose/policy/policy-question.js';
import { listCalico, listCalicoCrd } from '../calico/calico-datastore.js';
import type { CalicoObject } from '../calico/calico-kinds.js';
import { calicoKind } from '../calico/calico-kinds.js';
import type { KubeClients } from '../kube-clients.js';
import { apiFailure } from '../kube-api-errors.js';

/** The policies that can decide a connection between pods of these namespaces, and what could not be read. */
export interface PolicyObjects {
  readonly networkPolicies: NetworkPolicyObject[];
  /** Absent when Calico is not installed or could not be read; `calicoNote` says which. */
  readonly calico?: CalicoPolicies;
  readonly calicoNote?: string;
}

/** A 403 on the Kubernetes policies: the whole policy layer cannot be judged. */
export class PolicyAccessError extends Error {}

/**
 * networking.k8s.io NetworkPolicies of each namespace (a policy selects pods of its own namespace
 * only, so FROM's and TO's namespaces hold every one that can decide), then Calico's NetworkPolicies
 * there and its GlobalNetworkPolicies, through calico-datastore (projectcalico.org/v3 where Calico's
 * API server serves it, else the CRDs).
 */
export async function readPolicies(
  clients: KubeClients,
  namespaces: readonly string[],
): Promise<PolicyObjects> {
  const networkPolicies: NetworkPolicyObject[] = [];
  for (const namespace of namespaces) {
    try {
      const list = await clients.networking.listNamespacedNetworkPolicy({ namespace });
      // The typed client renames `from` to `_from`; the policy judge reads the API's own JSON.
      for (const item of list.items)
        networkPolicies.push(ObjectSerializer.serialize(item, 'V1NetworkPolicy', '') as NetworkPolicyObject);
    } catch (error) {
      const { code, message } = apiFailure(error);
      if (code === 403) throw new PolicyAccessError(`no API access to NetworkPolicies (403: ${message})`);
      throw error;
    }
  }
  return { networkPolicies, ...(await readCalico(clients, namespaces)) };
}

async function readCalico(
  clients: KubeClients,
  namespaces: readonly string[],
): Promise<Pick<PolicyObjects, 'calico' | 'calicoNote'>> {
  try {
    const globalNetworkPolicies = await listCalico(clients, calicoKind('gnp')!, {
      namespace: namespaces[0] ?? 'default',
    });
    const calicoNetworkPolicies: CalicoObject[] = [];
    for (const namespace of namespaces)
      calicoNetworkPolicies.push(...(await listCalico(clients, calicoKind('np')!, { namespace })));
    // Tiers order the policies; Calico's API server keeps them in the same CRDs, so one read serves both.
    const tiers = await listCalicoCrd(clients, 'tiers');
    return {
      calico: {
        networkPolicies: asJson(calicoNetworkPolicies),
        globalNetworkPolicies: asJson(globalNetworkPolicies),
        tiers: asJson(tiers),
      },
    };
  } catch (error) {
    const { code, message } = apiFailure((error as Error).cause ?? error);
    if (code === 403)
      return { calicoNote: `Calico policies not checked: no API access to them (403: ${message})` };
    // listCalico's own sentence when neither API group serves the resource.
    if (error instanceof OperatorError && code === undefined)
      return {
        calicoNote:
          'Calico absent (no projectcalico.org API, no Calico CRDs): Kubernetes NetworkPolicies only',
      };
    throw error;
  }
}

/** Calico's objects are the API's JSON already; CalicoObject only names the fields calicoctl prints. */
const asJson = (objects: CalicoObject[]): Record<string, unknown>[] =>
  objects as unknown as Record<string, unknown>[];
