import type { PolicyAddress, PolicyEndpoint } from './policy-question.js';
import { isPolicyEndpoint } from './policy-question.js';

// A named port in a rule ("http") means the destination pod's container port of that name and
// protocol, for ingress and egress alike (Kubernetes resolves it against the pod the traffic goes
// to; Calico does the same for destination ports). An address outside the cluster has no names.

/** The port number `name` stands for on `to`, or undefined when `to` has no such named port. */
export function resolveNamedPort(
  to: PolicyEndpoint | PolicyAddress,
  name: string,
  protocol: string,
): number | undefined {
  if (!isPolicyEndpoint(to)) return undefined;
  return to.ports.find((port) => port.name === name && port.protocol.toUpperCase() === protocol)?.port;
}
