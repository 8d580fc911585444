import { asString, asStrings, field, stringMap, type Plain } from './plain-object.js';

// Calico's NetworkSet (namespaced) and GlobalNetworkSet: labelled lists of CIDRs that rule selectors
// match as if they were endpoints (docs: reference/resources/networkset and globalnetworkset). A
// namespaced set carries projectcalico.org/namespace like a pod does.

export interface NetworkSet {
  /** "GlobalNetworkSet external-db" or "NetworkSet shop/partners", for the details. */
  readonly name: string;
  /** undefined for a GlobalNetworkSet (a non-namespaced resource: global() matches it). */
  readonly namespace: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly nets: readonly string[];
}

export function networkSetsOf(namespaced: readonly Plain[], global: readonly Plain[]): readonly NetworkSet[] {
  const read = (object: Plain, isGlobal: boolean): NetworkSet => {
    const metadata = field(object, 'metadata');
    const name = asString(metadata?.name) ?? '?';
    const namespace = isGlobal ? undefined : (asString(metadata?.namespace) ?? 'default');
    const labels = stringMap(metadata?.labels);
    return {
      name: namespace === undefined ? `GlobalNetworkSet ${name}` : `NetworkSet ${namespace}/${name}`,
      namespace,
      labels: namespace === undefined ? labels : { ...labels, 'projectcalico.org/namespace': namespace },
      nets: asStrings(field(object, 'spec')?.nets),
    };
  };
  return [...namespaced.map((object) => read(object, false)), ...global.map((object) => read(object, true))];
}
