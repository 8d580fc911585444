import { anyIpInCidrs } from './cidr.js';
import { calicoEndpointLabels, calicoNamespaceLabels, calicoServiceAccountLabels } from './calico-labels.js';
import {
  destinationPortMatches,
  sourcePortsCoverEphemeral,
  sourcePortsMissEphemeral,
} from './calico-ports.js';
import { parseCalicoSelector } from './calico-selector.js';
import { asArray, asRecord, asString, asStrings, type Plain } from './plain-object.js';
import type { PolicyAddress, PolicyEndpoint, PolicyQuestion } from './policy-question.js';
import { isPolicyEndpoint } from './policy-question.js';

// A rule's `source` or `destination` (Calico's EntityRule): every criterion it sets must match.
// Selectors match only endpoints Calico knows (a pod here); notSelector negates the packet match, so
// an address outside the cluster satisfies it. Without a namespaceSelector a selector's scope is the
// policy's namespace for a NetworkPolicy and every namespace for a GlobalNetworkPolicy (docs:
// "Understanding scopes and the all() and global() operators").

export interface EntityScope {
  /** The namespace of a Calico NetworkPolicy; undefined for a GlobalNetworkPolicy. */
  readonly policyNamespace: string | undefined;
}

/** Throws CalicoSelectorError when a selector in the entity does not parse. */
export function matchesEntity(
  entity: Plain | undefined,
  role: 'source' | 'destination',
  question: PolicyQuestion,
  scope: EntityScope,
): boolean {
  if (entity === undefined) return true;
  const end = role === 'source' ? question.from : question.to;
  const nets = asStrings(entity.nets);
  if (nets.length > 0 && !anyIpInCidrs(end.ips, nets)) return false;
  const notNets = asStrings(entity.notNets);
  if (notNets.length > 0 && anyIpInCidrs(end.ips, notNets)) return false;
  if (!matchesIdentity(entity, end, scope)) return false;
  const ports = asArray(entity.ports) ?? [];
  const notPorts = asArray(entity.notPorts) ?? [];
  if (role === 'destination') {
    if (ports.length > 0 && !destinationPortMatches(ports, question)) return false;
    if (notPorts.length > 0 && destinationPortMatches(notPorts, question)) return false;
  } else {
    if (ports.length > 0 && !sourcePortsCoverEphemeral(ports)) return false;
    if (notPorts.length > 0 && !sourcePortsMissEphemeral(notPorts)) return false;
  }
  return true;
}

function matchesIdentity(entity: Plain, end: PolicyEndpoint | PolicyAddress, scope: EntityScope): boolean {
  const selector = asString(entity.selector);
  const notSelector = asString(entity.notSelector);
  const namespaceSelector = asString(entity.namespaceSelector);
  const serviceAccounts = asRecord(entity.serviceAccounts);
  const selecting =
    selector !== undefined || namespaceSelector !== undefined || serviceAccounts !== undefined;
  if (!isPolicyEndpoint(end)) {
    // Not an endpoint: no selector selects it, so only a notSelector can be said of it (and holds).
    if (notSelector !== undefined) parseCalicoSelector(notSelector);
    return !selecting;
  }
  const inScope =
    namespaceSelector === undefined
      ? scope.policyNamespace === undefined || end.namespace === scope.policyNamespace
      : parseCalicoSelector(namespaceSelector).matches(calicoNamespaceLabels(end));
  const labels = calicoEndpointLabels(end);
  if (selecting && !inScope) return false;
  if (selector !== undefined && !parseCalicoSelector(selector).matches(labels)) return false;
  if (notSelector !== undefined && inScope && parseCalicoSelector(notSelector).matches(labels)) return false;
  if (serviceAccounts !== undefined && !matchesServiceAccounts(serviceAccounts, end)) return false;
  return true;
}

function matchesServiceAccounts(match: Plain, end: PolicyEndpoint): boolean {
  const names = asStrings(match.names);
  if (names.length > 0 && (end.serviceAccount === undefined || !names.includes(end.serviceAccount))) {
    return false;
  }
  const selector = asString(match.selector);
  return selector === undefined || parseCalicoSelector(selector).matches(calicoServiceAccountLabels(end));
}
