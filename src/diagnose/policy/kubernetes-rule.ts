import { anyIpInCidrs, ipInCidr } from './cidr.js';
import { describeLabelSelector, matchesLabelSelector } from './label-selector.js';
import { resolveNamedPort } from './named-port.js';
import { asArray, asNumber, asRecord, asString, asStrings, type Plain } from './plain-object.js';
import type { PolicyAddress, PolicyEndpoint, PolicyQuestion } from './policy-question.js';
import { isPolicyEndpoint } from './policy-question.js';

// One rule of a Kubernetes NetworkPolicy (networking.k8s.io/v1): its peers (`from` for ingress, `to`
// for egress) OR together, its ports OR together, and the rule matches when both do. A missing or
// empty list matches everything (API reference, NetworkPolicyIngressRule / NetworkPolicyEgressRule).

type End = PolicyEndpoint | PolicyAddress;

/** Namespaces carry kubernetes.io/metadata.name since Kubernetes 1.21, whatever the caller read. */
export function namespaceLabelsOf(end: PolicyEndpoint): Readonly<Record<string, string>> {
  return { 'kubernetes.io/metadata.name': end.namespace, ...end.namespaceLabels };
}

/** Whether one NetworkPolicyPeer matches `end`, for a policy living in `policyNamespace`. */
export function matchesPeer(peer: Plain, end: End, policyNamespace: string): boolean {
  const ipBlock = asRecord(peer.ipBlock);
  if (ipBlock !== undefined) {
    // Matched against pod IPs too, as Calico enforces it; the API reference leaves pod IPs in an
    // ipBlock to the implementation (some CNIs match only addresses outside the cluster).
    const cidr = asString(ipBlock.cidr) ?? '';
    const except = asStrings(ipBlock.except);
    return end.ips.some((ip) => ipInCidr(ip, cidr) && !anyIpInCidrs([ip], except));
  }
  if (!isPolicyEndpoint(end)) return false;
  const namespaceSelector = peer.namespaceSelector;
  const inNamespace =
    namespaceSelector === undefined
      ? end.namespace === policyNamespace
      : matchesLabelSelector(namespaceSelector, namespaceLabelsOf(end));
  const podSelector = peer.podSelector;
  return inNamespace && (podSelector === undefined || matchesLabelSelector(podSelector, end.labels));
}

/** Whether one NetworkPolicyPort admits the question's port and protocol on `question.to`. */
export function matchesPort(port: Plain, question: PolicyQuestion): boolean {
  if ((asString(port.protocol) ?? 'TCP').toUpperCase() !== question.protocol) return false;
  const value = port.port;
  if (value === undefined) return true;
  const named = asString(value);
  if (named !== undefined) {
    // An int-or-string arrives as "8080" from some clients: a string of digits is a number.
    if (/^\d+$/.test(named)) return Number(named) === question.port;
    return resolveNamedPort(question.to, named, question.protocol) === question.port;
  }
  const start = asNumber(value);
  if (start === undefined) return false;
  const end = asNumber(port.endPort) ?? start;
  return question.port >= start && question.port <= end;
}

/** A rule's peers: `from` for ingress, `to` for egress. */
export function peersOf(rule: Plain, key: 'from' | 'to'): readonly Plain[] {
  return (asArray(rule[key]) ?? []).map((peer) => asRecord(peer) ?? {});
}

export function portsOf(rule: Plain): readonly Plain[] {
  return (asArray(rule.ports) ?? []).map((port) => asRecord(port) ?? {});
}

export function ruleAdmitsPort(rule: Plain, question: PolicyQuestion): boolean {
  const ports = portsOf(rule);
  return ports.length === 0 || ports.some((port) => matchesPort(port, question));
}

/** "pods app=web in namespaces team=ops", "198.18.0.0/16 except 198.18.1.0/24", for the evidence. */
export function describePeer(peer: Plain): string {
  const ipBlock = asRecord(peer.ipBlock);
  if (ipBlock !== undefined) {
    const except = asStrings(ipBlock.except);
    return `${asString(ipBlock.cidr) ?? '?'}${except.length > 0 ? ` except ${except.join(', ')}` : ''}`;
  }
  const pods = peer.podSelector === undefined ? 'all pods' : podsText(peer.podSelector);
  if (peer.namespaceSelector === undefined) return `${pods} of its namespace`;
  const namespaces = describeLabelSelector(peer.namespaceSelector);
  return `${pods} in ${namespaces === 'all' ? 'all namespaces' : `namespaces ${namespaces}`}`;
}

function podsText(selector: unknown): string {
  const text = describeLabelSelector(selector);
  return text === 'all' ? 'all pods' : `pods ${text}`;
}
