import type { V1PodSpec } from '@kubernetes/client-node';

export interface ClusterDnsSettings {
  /** The address pods ask, the kubelet's --cluster-dns. */
  readonly nameserver: string;
  /** The kubelet's --cluster-domain. */
  readonly domain: string;
}

export interface ResolvConf {
  readonly nameservers: readonly string[];
  readonly searches: readonly string[];
  readonly options: readonly string[];
}

/**
 * The kubelet's choice of a pod's resolv.conf (pkg/kubelet/network/dns): ClusterFirst (the default)
 * and ClusterFirstWithHostNet ask the cluster DNS with the namespace's search domains and ndots:5, a
 * hostNetwork pod under ClusterFirst keeps the node's, None has only its dnsConfig; a dnsConfig is
 * added to what the policy gave (nameservers and searches appended without repeats, options by name).
 * undefined: the node's own resolv.conf, which Docker already wrote.
 */
export function podResolvConf(
  spec: Pick<V1PodSpec, 'dnsPolicy' | 'dnsConfig' | 'hostNetwork'>,
  namespace: string,
  cluster: ClusterDnsSettings | undefined,
): ResolvConf | undefined {
  const policy = spec.dnsPolicy ?? 'ClusterFirst';
  const usesCluster =
    cluster !== undefined &&
    (policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !spec.hostNetwork));
  const base: ResolvConf | undefined = usesCluster
    ? {
        nameservers: [cluster.nameserver],
        searches: [`${namespace}.svc.${cluster.domain}`, `svc.${cluster.domain}`, cluster.domain],
        options: ['ndots:5'],
      }
    : policy === 'None'
      ? { nameservers: [], searches: [], options: [] }
      : undefined;
  const extra = spec.dnsConfig;
  if (!extra) return base;
  // Default (the node's file) with a dnsConfig: the double has no node file to add to, so the
  // dnsConfig alone, as before the double had a cluster DNS.
  const start = base ?? { nameservers: [], searches: [], options: [] };
  const options = new Map<string, string>();
  for (const option of start.options) {
    const [name, value] = option.split(':');
    options.set(name!, value ?? '');
  }
  for (const option of extra.options ?? []) options.set(option.name!, option.value ?? '');
  return {
    nameservers: [...new Set([...start.nameservers, ...(extra.nameservers ?? [])])],
    searches: [...new Set([...start.searches, ...(extra.searches ?? [])])],
    options: [...options].map(([name, value]) => (value ? `${name}:${value}` : name)),
  };
}
