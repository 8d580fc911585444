import { anyIpInCidrs } from './cidr.js';
import { calicoEndpointLabels, calicoNamespaceLabels, calicoServiceAccountLabels } from './calico-labels.js';
import type { NetworkSet } from './calico-network-sets.js';
import { parseCalicoSelector, type CalicoSelector } from './calico-selector.js';
import { asRecord, asString, asStrings, type Plain } from './plain-object.js';
import type { PolicyAddress, PolicyEndpoint } from './policy-question.js';
import { isPolicyEndpoint } from './policy-question.js';

// Who an end is to a rule's selector, namespaceSelector, notSelector and serviceAccounts: the pod
// itself (when it is one) and every network set whose nets hold its address, because Calico turns a
// selector into the set of IPs of the endpoints and network sets it selects. The namespaceSelector
// sets the scope; without one it is the policy's namespace for a NetworkPolicy and everything for a
// GlobalNetworkPolicy (docs: "Understanding scopes and the all() and global() operators").
// notSelector negates the packet match: an address nothing selects satisfies it.

type Labels = Readonly<Record<string, string>>;

export interface IdentityScope {
  /** The namespace of a Calico NetworkPolicy; undefined for a GlobalNetworkPolicy. */
  readonly policyNamespace: string | undefined;
  readonly networkSets: readonly NetworkSet[];
  /** Namespace labels the question knows (its pods' namespaces), for network sets in them. */
  readonly namespaceLabels: ReadonlyMap<string, Labels>;
}

interface Candidate {
  readonly labels: Labels;
  /** undefined for a non-namespaced resource (a GlobalNetworkSet). */
  readonly namespace: string | undefined;
  readonly namespaceLabels: Labels;
  readonly pod?: PolicyEndpoint;
}

/** Throws CalicoSelectorError when a selector in the entity does not parse. */
export function matchesIdentity(
  entity: Plain,
  end: PolicyEndpoint | PolicyAddress,
  scope: IdentityScope,
): boolean {
  const selector = optionalSelector(entity.selector);
  const notSelector = optionalSelector(entity.notSelector);
  const namespaceSelector = optionalSelector(entity.namespaceSelector);
  const serviceAccounts = asRecord(entity.serviceAccounts);
  const candidates = candidatesOf(end, scope).filter((candidate) =>
    inScope(candidate, namespaceSelector, scope),
  );
  const selecting =
    selector !== undefined || namespaceSelector !== undefined || serviceAccounts !== undefined;
  if (
    selecting &&
    !candidates.some(
      (candidate) =>
        (selector === undefined || selector.matches(candidate.labels, candidate.namespace === undefined)) &&
        (serviceAccounts === undefined || matchesServiceAccounts(serviceAccounts, candidate.pod)),
    )
  ) {
    return false;
  }
  return (
    notSelector === undefined ||
    !candidates.some((candidate) => notSelector.matches(candidate.labels, candidate.namespace === undefined))
  );
}

function optionalSelector(value: unknown): CalicoSelector | undefined {
  const text = asString(value);
  return text === undefined ? undefined : parseCalicoSelector(text);
}

function candidatesOf(end: PolicyEndpoint | PolicyAddress, scope: IdentityScope): Candidate[] {
  const pod: Candidate[] = isPolicyEndpoint(end)
    ? [
        {
          labels: calicoEndpointLabels(end),
          namespace: end.namespace,
          namespaceLabels: calicoNamespaceLabels(end),
          pod: end,
        },
      ]
    : [];
  const sets = scope.networkSets
    .filter((set) => anyIpInCidrs(end.ips, set.nets))
    .map((set) => ({
      labels: set.labels,
      namespace: set.namespace,
      namespaceLabels:
        set.namespace === undefined
          ? {}
          : (scope.namespaceLabels.get(set.namespace) ?? {
              'kubernetes.io/metadata.name': set.namespace,
              'projectcalico.org/name': set.namespace,
            }),
    }));
  return [...pod, ...sets];
}

function inScope(
  candidate: Candidate,
  namespaceSelector: CalicoSelector | undefined,
  scope: IdentityScope,
): boolean {
  if (namespaceSelector === undefined) {
    return scope.policyNamespace === undefined || candidate.namespace === scope.policyNamespace;
  }
  if (candidate.namespace !== undefined) return namespaceSelector.matches(candidate.namespaceLabels);
  // A non-namespaced set is in scope only through global(): a selector that would match it just as
  // well without being global (all(), or one on labels it cannot have) selects namespaces only.
  return namespaceSelector.matches({}, true) && !namespaceSelector.matches({}, false);
}

function matchesServiceAccounts(match: Plain, pod: PolicyEndpoint | undefined): boolean {
  if (pod === undefined) return false;
  const names = asStrings(match.names);
  if (names.length > 0 && (pod.serviceAccount === undefined || !names.includes(pod.serviceAccount)))
    return false;
  const selector = asString(match.selector);
  return selector === undefined || parseCalicoSelector(selector).matches(calicoServiceAccountLabels(pod));
}
