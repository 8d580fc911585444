import { anyIpInCidrs } from './cidr.js';
import { matchesIdentity, type IdentityScope } from './calico-identity.js';
import {
  destinationPortMatches,
  sourcePortsCoverEphemeral,
  sourcePortsMissEphemeral,
} from './calico-ports.js';
import { asArray, asStrings, type Plain } from './plain-object.js';
import type { PolicyQuestion } from './policy-question.js';

// A rule's `source` or `destination` (Calico's EntityRule): every criterion it sets must match:
// nets, notNets, the identity criteria (calico-identity.ts) and ports, notPorts.

export type EntityScope = IdentityScope;

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
