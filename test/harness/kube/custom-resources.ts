/**
 * Custom resources the double serves as a real server does once their CRDs are installed: stored
 * and listed as they are given (list, get, create, delete; no schema of theirs is checked). Calico's
 * Kubernetes datastore (crd.projectcalico.org/v1, as Calico's manifests install it) is the one here.
 * In the store and the `kinds` registry a custom resource is named `<plural>.<group>` (as kubectl
 * names CRDs), so Calico's networkpolicies never meet networking.k8s.io's.
 */
export const calicoGroup = 'crd.projectcalico.org';
const calicoVersion = `${calicoGroup}/v1`;

const calicoResources: readonly { plural: string; kind: string; namespaced: boolean }[] = [
  { plural: 'bgpconfigurations', kind: 'BGPConfiguration', namespaced: false },
  { plural: 'bgppeers', kind: 'BGPPeer', namespaced: false },
  { plural: 'blockaffinities', kind: 'BlockAffinity', namespaced: false },
  { plural: 'clusterinformations', kind: 'ClusterInformation', namespaced: false },
  { plural: 'felixconfigurations', kind: 'FelixConfiguration', namespaced: false },
  { plural: 'globalnetworkpolicies', kind: 'GlobalNetworkPolicy', namespaced: false },
  { plural: 'globalnetworksets', kind: 'GlobalNetworkSet', namespaced: false },
  { plural: 'hostendpoints', kind: 'HostEndpoint', namespaced: false },
  { plural: 'ipamblocks', kind: 'IPAMBlock', namespaced: false },
  { plural: 'ipamhandles', kind: 'IPAMHandle', namespaced: false },
  { plural: 'ippools', kind: 'IPPool', namespaced: false },
  { plural: 'ipreservations', kind: 'IPReservation', namespaced: false },
  { plural: 'networkpolicies', kind: 'NetworkPolicy', namespaced: true },
  { plural: 'networksets', kind: 'NetworkSet', namespaced: true },
  { plural: 'tiers', kind: 'Tier', namespaced: false },
];

/** The group/version of each served custom resource group, with its resources, for discovery. */
export const customGroupResources: Record<string, { name: string; namespaced: boolean; kind: string }[]> = {
  [calicoVersion]: calicoResources.map(({ plural, kind, namespaced }) => ({
    name: plural,
    namespaced,
    kind,
  })),
};

/** Entries of object-store's `kinds`, by `<plural>.<group>`. */
export const customKinds: Record<string, { kind: string; apiVersion: string; namespaced: boolean }> =
  Object.fromEntries(
    calicoResources.map(({ plural, kind, namespaced }) => [
      `${plural}.${calicoGroup}`,
      { kind, apiVersion: calicoVersion, namespaced },
    ]),
  );

/** The store's name of a request's resource: `<plural>.<group>` for a custom group, else the plural. */
export function storedResource(apiGroup: string, resource: string): string {
  return apiGroup === calicoGroup ? `${resource}.${apiGroup}` : resource;
}

/** Calico's API server's group: an aggregated API over the same objects as the CRDs. */
export const calicoApiGroup = 'projectcalico.org';

/**
 * A read of projectcalico.org/v3 as Calico's API server answers it: the same objects as its CRDs,
 * for the resources it keeps there (not workloadendpoints, which it makes from pods: 404 here).
 */
export function calicoApiServerRead<T extends { apiGroup: string; apiVersion: string; resource: string }>(
  info: T,
): T | undefined {
  if (info.apiGroup !== calicoApiGroup || info.apiVersion !== 'v3') return undefined;
  const resource = `${info.resource}.${calicoGroup}`;
  return resource in customKinds ? { ...info, apiGroup: calicoGroup, apiVersion: 'v1', resource } : undefined;
}

export const isCustomResource = (resource: string): boolean => resource in customKinds;
