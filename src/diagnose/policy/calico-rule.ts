import { isIP } from 'node:net';
import { matchesEntity, type EntityScope } from './calico-entity.js';
import { asNumber, asRecord, asString, type Plain } from './plain-object.js';
import type { PolicyQuestion } from './policy-question.js';

// Whether one Calico rule matches the connection: protocol (by name or number), notProtocol,
// ipVersion, services, and the source (FROM) and destination (TO) entity rules, all ANDed. ICMP
// criteria come with protocol ICMP, which never matches the TCP, UDP or SCTP connection diagnose
// asks about. An `http` match (application layer policy, Allow rules only) cannot be judged from a
// port, so it is reported and treated as matching.

const protocolNumbers: Readonly<Record<string, number>> = {
  TCP: 6,
  UDP: 17,
  SCTP: 132,
  ICMP: 1,
  ICMPV6: 58,
  UDPLITE: 136,
};

function protocolNumber(value: unknown): number | undefined {
  const number = asNumber(value);
  if (number !== undefined) return number;
  const text = asString(value)?.trim().toUpperCase();
  if (text === undefined) return undefined;
  return /^\d+$/.test(text) ? Number(text) : protocolNumbers[text];
}

export interface RuleMatch {
  readonly matched: boolean;
  /** What could not be judged from the objects, said in the details. */
  readonly caveat?: string;
}

/** Throws CalicoSelectorError when a selector in the rule does not parse. */
export function matchCalicoRule(rule: Plain, question: PolicyQuestion, scope: EntityScope): RuleMatch {
  const asked = protocolNumbers[question.protocol];
  const protocol = protocolNumber(rule.protocol);
  if (rule.protocol !== undefined && protocol !== asked) return { matched: false };
  if (rule.notProtocol !== undefined && protocolNumber(rule.notProtocol) === asked) return { matched: false };
  const ipVersion = asNumber(rule.ipVersion);
  if (ipVersion !== undefined && !question.to.ips.some((ip) => isIP(ip) === ipVersion)) {
    return { matched: false };
  }
  const services = servicesMatch(asRecord(rule.source), asRecord(rule.destination), question, scope);
  if (services !== undefined) return services;
  if (!matchesEntity(asRecord(rule.source), 'source', question, scope)) return { matched: false };
  if (!matchesEntity(asRecord(rule.destination), 'destination', question, scope)) return { matched: false };
  if (rule.http !== undefined) {
    return { matched: true, caveat: 'its http match (application layer policy) is not judged here' };
  }
  return { matched: true };
}

/**
 * A `services` match (ServiceMatch: name, namespace defaulting to the policy's). On the destination
 * it is the Service the connection was addressed to, when the question says which; on the source it
 * would need the Services FROM backs, which the question does not carry. undefined = no such match.
 */
function servicesMatch(
  source: Plain | undefined,
  destination: Plain | undefined,
  question: PolicyQuestion,
  scope: EntityScope,
): RuleMatch | undefined {
  if (asRecord(source?.services) !== undefined) {
    return {
      matched: false,
      caveat: 'its source services match needs the Services FROM backs, not known here',
    };
  }
  const wanted = asRecord(destination?.services);
  if (wanted === undefined) return undefined;
  const name = asString(wanted.name);
  const namespace = asString(wanted.namespace) ?? scope.policyNamespace;
  if (question.service === undefined) {
    return {
      matched: false,
      caveat: `its destination is Service ${namespace ?? '?'}/${name ?? '?'}, and the connection was not addressed to a Service`,
    };
  }
  const same = question.service.name === name && question.service.namespace === namespace;
  return same ? { matched: true } : { matched: false };
}
