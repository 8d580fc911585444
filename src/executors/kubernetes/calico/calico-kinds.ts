/** A Calico object as the API returns it: the v3 API and the CRDs share metadata and spec fields. */
export interface CalicoObject {
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec?: Record<string, unknown>;
}

/**
 * A kind `calicoctl get` shows without the binary: its resource name (plural) in both API groups,
 * and its columns as calicoctl's resource manager declares them (calicoctl/resourcemgr/<kind>.go:
 * the default and wide headings, and the template of each cell).
 */
export interface CalicoKind {
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
  readonly headings: readonly string[];
  readonly wide: readonly string[];
  readonly cell: (object: CalicoObject, heading: string) => string;
}

/** Go's text/template printing of a field: a missing pointer is `<nil>`, a list is `[a b]`. */
function goValue(value: unknown): string {
  if (value === undefined || value === null) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goValue).join(' ')}]`;
  return String(value);
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const bool = (value: unknown): string => String(value === true);

function common(object: CalicoObject, heading: string): string | undefined {
  if (heading === 'NAME') return object.metadata.name;
  if (heading === 'NAMESPACE') return object.metadata.namespace ?? '';
  return undefined;
}

/** NetworkPolicy and GlobalNetworkPolicy print the same columns; the tier defaults to `default`. */
function policyCell(object: CalicoObject, heading: string): string {
  const spec = object.spec ?? {};
  switch (heading) {
    case 'TIER':
      return text(spec.tier) || 'default';
    case 'ORDER':
      return goValue(spec.order);
    case 'SELECTOR':
      return text(spec.selector);
    default:
      return common(object, heading) ?? '';
  }
}

const ippool: CalicoKind = {
  kind: 'IPPool',
  plural: 'ippools',
  namespaced: false,
  headings: ['NAME', 'CIDR', 'SELECTOR'],
  wide: [
    'NAME',
    'CIDR',
    'NAT',
    'IPIPMODE',
    'VXLANMODE',
    'DISABLED',
    'DISABLEBGPEXPORT',
    'SELECTOR',
    'ASSIGNMENTMODE',
  ],
  cell(object, heading) {
    const spec = object.spec ?? {};
    switch (heading) {
      case 'CIDR':
        return text(spec.cidr);
      case 'NAT':
        return bool(spec.natOutgoing);
      case 'IPIPMODE':
        return text(spec.ipipMode) || 'Never';
      case 'VXLANMODE':
        return text(spec.vxlanMode) || 'Never';
      case 'DISABLED':
        return bool(spec.disabled);
      case 'DISABLEBGPEXPORT':
        return bool(spec.disableBGPExport);
      case 'SELECTOR':
        return text(spec.nodeSelector);
      case 'ASSIGNMENTMODE':
        return goValue(spec.assignmentMode);
      default:
        return common(object, heading) ?? '';
    }
  },
};

const globalNetworkPolicy: CalicoKind = {
  kind: 'GlobalNetworkPolicy',
  plural: 'globalnetworkpolicies',
  namespaced: false,
  headings: ['NAME', 'TIER'],
  wide: ['NAME', 'TIER', 'ORDER', 'SELECTOR'],
  cell: policyCell,
};

const networkPolicy: CalicoKind = {
  kind: 'NetworkPolicy',
  plural: 'networkpolicies',
  namespaced: true,
  headings: ['NAME', 'TIER'],
  wide: ['NAME', 'TIER', 'ORDER', 'SELECTOR'],
  cell: policyCell,
};

const join = (value: unknown): string => (Array.isArray(value) ? value.map(String).join(',') : '');

const workloadEndpoint: CalicoKind = {
  kind: 'WorkloadEndpoint',
  plural: 'workloadendpoints',
  namespaced: true,
  headings: ['WORKLOAD', 'NODE', 'NETWORKS', 'INTERFACE'],
  wide: ['NAME', 'WORKLOAD', 'NODE', 'NETWORKS', 'INTERFACE', 'PROFILES', 'NATS'],
  cell(object, heading) {
    const spec = object.spec ?? {};
    switch (heading) {
      case 'WORKLOAD':
        return text(spec.workload) || text(spec.pod);
      case 'NODE':
        return text(spec.node);
      case 'NETWORKS':
        return join(spec.ipNetworks);
      case 'INTERFACE':
        return text(spec.interfaceName);
      case 'PROFILES':
        return join(spec.profiles);
      case 'NATS':
        return join(spec.ipNATs);
      default:
        return common(object, heading) ?? '';
    }
  },
};

/** The names calicoctl accepts for each kind read from the API (resourcemgr's aliases). */
const byName = new Map<string, CalicoKind>([
  ...['ippool', 'ippools', 'ipp', 'ipps', 'pool', 'pools'].map((name) => [name, ippool] as const),
  ...['globalnetworkpolicy', 'globalnetworkpolicies', 'gnp', 'gnps'].map(
    (name) => [name, globalNetworkPolicy] as const,
  ),
  ...['networkpolicy', 'networkpolicies', 'policy', 'policies', 'np', 'pol', 'pols'].map(
    (name) => [name, networkPolicy] as const,
  ),
  ...['workloadendpoint', 'workloadendpoints', 'wep', 'weps'].map(
    (name) => [name, workloadEndpoint] as const,
  ),
]);

export function calicoKind(name: string): CalicoKind | undefined {
  return byName.get(name.toLowerCase());
}

export const kindsReadFromApi =
  'ippool, globalnetworkpolicy (gnp), networkpolicy (np), workloadendpoint (wep)';
