import { asArray, asNumber, asRecord, asString, field, stringMap, type Plain } from './plain-object.js';
import type { PolicyEndpoint } from './policy-question.js';

// A pod and its namespace, as the API returns them, turned into the end policy sees: what selectors
// read (labels, namespace labels, service account), what ipBlock and nets read (status.podIPs), and
// what named ports resolve against (every container's ports, protocol TCP when unset).

export function policyEndpointOfPod(pod: Plain, namespace?: Plain): PolicyEndpoint {
  const metadata = field(pod, 'metadata');
  const spec = field(pod, 'spec');
  const status = field(pod, 'status');
  const name = asString(metadata?.name) ?? '?';
  const podIps = (asArray(status?.podIPs) ?? []).flatMap((entry) => asString(asRecord(entry)?.ip) ?? []);
  const podIp = asString(status?.podIP);
  const ports = (asArray(spec?.containers) ?? []).flatMap((container) =>
    (asArray(asRecord(container)?.ports) ?? []).flatMap((entry) => {
      const port = asRecord(entry);
      const number = asNumber(port?.containerPort);
      if (number === undefined) return [];
      const portName = asString(port?.name);
      return [
        {
          ...(portName === undefined ? {} : { name: portName }),
          port: number,
          protocol: asString(port?.protocol) ?? 'TCP',
        },
      ];
    }),
  );
  const serviceAccount = asString(spec?.serviceAccountName);
  return {
    label: `pod/${name}`,
    namespace: asString(metadata?.namespace) ?? 'default',
    labels: stringMap(metadata?.labels),
    namespaceLabels: stringMap(field(namespace, 'metadata')?.labels),
    ips: podIps.length > 0 ? podIps : podIp === undefined ? [] : [podIp],
    ports,
    ...(serviceAccount === undefined ? {} : { serviceAccount }),
  };
}
