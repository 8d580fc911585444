// The policy layer of `diagnose` (issue 14) as a pure question over objects already read from the API:
// would this connection be allowed? src/diagnose/policy evaluates Kubernetes NetworkPolicies and
// Calico's NetworkPolicies and GlobalNetworkPolicies from the objects alone (no cluster, no I/O), so
// that every rule form is unit-tested; the Kubernetes executor reads the objects and asks.

/** One end of the connection as policy sees it: a pod with its labels and its namespace's labels. */
export interface PolicyEndpoint {
  /** `pod/payments-1` as people write it, for the evidence. */
  readonly label: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly namespaceLabels: Readonly<Record<string, string>>;
  /** The pod's IPs, for ipBlock and Calico `nets`. */
  readonly ips: readonly string[];
  /** The pod's container ports, for named ports in rules (`ports: [{ port: http }]`). */
  readonly ports: readonly { readonly name?: string; readonly port: number; readonly protocol: string }[];
  /** The pod's ServiceAccount, for Calico's serviceAccountSelector. */
  readonly serviceAccount?: string;
}

/** An end the cluster does not know as a pod (an external address): only ipBlock and `nets` match it. */
export interface PolicyAddress {
  readonly label: string;
  readonly ips: readonly string[];
}

export interface PolicyQuestion {
  readonly from: PolicyEndpoint | PolicyAddress;
  readonly to: PolicyEndpoint | PolicyAddress;
  /** The destination port on TO (the endpoint's port, after a Service's targetPort). */
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  /**
   * The Service the connection was addressed to (`svc/payments`), when it was: Calico rules may
   * name it (`destination: { services: { name, namespace } }`). Optional; without it such a rule
   * is reported as not judged.
   */
  readonly service?: { readonly namespace: string; readonly name: string };
}

/**
 * The answer, for one direction or the whole connection.
 * - `allowed`: true or false when policy decides; undefined when no policy selects either end
 *   (Kubernetes' default: allowed, said as "no NetworkPolicy selects …").
 * - `decidedBy`: the object that decided, as people name it: "NetworkPolicy shop/deny-all-ingress",
 *   "GlobalNetworkPolicy deny-egress-db (order 10)", or the end-of-tier default of Calico.
 * - `evidence`: the one line for the verdict table: "NetworkPolicy shop/deny-all-ingress selects
 *   pod/payments-1 and allows nothing on 8080".
 * - `details`: every policy that selects an end, in evaluation order, and what it said.
 */
export interface PolicyDecision {
  readonly allowed: boolean | undefined;
  readonly decidedBy?: string;
  readonly evidence: string;
  readonly details: readonly string[];
}

/** Kubernetes `networking.k8s.io/v1` NetworkPolicy objects, as the API returns them (plain JSON). */
export type NetworkPolicyObject = Readonly<Record<string, unknown>>;

/**
 * Calico's policies as the API returns them: `projectcalico.org/v3` or `crd.projectcalico.org/v1`
 * (same spec; the CRD names carry no `default.` tier prefix rules of their own).
 */
export interface CalicoPolicies {
  readonly networkPolicies: readonly Readonly<Record<string, unknown>>[];
  readonly globalNetworkPolicies: readonly Readonly<Record<string, unknown>>[];
  /**
   * Calico's Tier objects (projectcalico.org/v3 or crd.projectcalico.org/v1), for their order and
   * defaultAction. Optional: without them every policy's tier sorts by name after ordered tiers, and
   * `default` is Calico's last tier as documented ("the default (last) Tier").
   */
  readonly tiers?: readonly Readonly<Record<string, unknown>>[];
  /**
   * Calico's NetworkSet and GlobalNetworkSet objects: labelled CIDRs that rule selectors match, so
   * that `destination: { selector: role == 'external-database' }` matches an address outside the
   * cluster. Optional; without them a selector never matches such an address.
   */
  readonly networkSets?: readonly Readonly<Record<string, unknown>>[];
  readonly globalNetworkSets?: readonly Readonly<Record<string, unknown>>[];
}

export function isPolicyEndpoint(end: PolicyEndpoint | PolicyAddress): end is PolicyEndpoint {
  return 'namespace' in end;
}
