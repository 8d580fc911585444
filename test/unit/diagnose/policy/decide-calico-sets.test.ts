import { describe, expect, it } from '@jest/globals';
import { decidePolicy } from '../../../../src/diagnose/policy/decide-policy.js';
import type { CalicoPolicies, PolicyQuestion } from '../../../../src/diagnose/policy/policy-question.js';
import {
  address,
  ask,
  calicoNetworkPolicy,
  checkout,
  database,
  globalNetworkPolicy,
  payments,
} from './policy-fixtures.js';

// Rule selectors that match addresses through Calico's network sets, and rules that name a Service
// (docs.tigera.io: reference/resources/globalnetworkset and networkset, whose samples are
// "a-name-for-the-set" with role: external-database and "external-database" with role: db; and the
// EntityRule's `services`, ServiceMatch). Addresses are 198.18/15 instead of the docs' TEST-NETs.

const externalDatabase = {
  apiVersion: 'projectcalico.org/v3',
  kind: 'GlobalNetworkSet',
  metadata: { name: 'a-name-for-the-set', labels: { role: 'external-database' } },
  spec: { nets: ['198.18.3.0/28', '198.18.200.0/24'] },
};
const shopDatabase = {
  apiVersion: 'projectcalico.org/v3',
  kind: 'NetworkSet',
  metadata: { name: 'external-database', namespace: 'shop', labels: { role: 'db' } },
  spec: { nets: ['198.18.3.0/28'] },
};

const decide = (question: PolicyQuestion, calico: Partial<CalicoPolicies>) =>
  decidePolicy(question, {
    networkPolicies: [],
    calico: {
      networkPolicies: [],
      globalNetworkPolicies: [],
      globalNetworkSets: [externalDatabase],
      networkSets: [shopDatabase],
      ...calico,
    },
  });

describe('decidePolicy with Calico network sets and services', () => {
  it('matches an address outside the cluster by the labels of the GlobalNetworkSet that holds it', () => {
    const denyExternal = globalNetworkPolicy('deny-external-db', {
      order: 10,
      selector: 'all()',
      types: ['Egress'],
      egress: [
        { action: 'Deny', destination: { selector: "role == 'external-database'" } },
        { action: 'Allow' },
      ],
    });
    const decision = decide(ask(checkout, database, 5432), { globalNetworkPolicies: [denyExternal] });
    expect(decision.evidence).toBe(
      'GlobalNetworkPolicy deny-external-db (order 10) denies egress from pod/checkout-1 to 198.18.3.4:5432',
    );
    expect(
      decide(ask(checkout, address('198.18.4.4'), 5432), { globalNetworkPolicies: [denyExternal] }).allowed,
    ).toBe(true);
    // Without the set, the selector matches nothing outside the cluster.
    const withoutSets = decidePolicy(ask(checkout, database, 5432), {
      networkPolicies: [],
      calico: { networkPolicies: [], globalNetworkPolicies: [denyExternal] },
    });
    expect(withoutSets.allowed).toBe(true);
  });

  it('scopes network sets like endpoints: a namespaced policy sees its namespace sets, and global ones only through global()', () => {
    const egress = (destination: Record<string, unknown>) =>
      calicoNetworkPolicy('shop', 'allow-db', {
        selector: 'all()',
        types: ['Egress'],
        egress: [{ action: 'Allow', destination }],
      });
    const allowed = (destination: Record<string, unknown>) =>
      decide(ask(checkout, database, 5432), { networkPolicies: [egress(destination)] }).allowed;
    expect(allowed({ selector: "role == 'db'" })).toBe(true);
    expect(allowed({ selector: "role == 'external-database'" })).toBe(false);
    expect(allowed({ selector: "role == 'external-database'", namespaceSelector: 'global()' })).toBe(true);
    expect(allowed({ selector: "role == 'external-database'", namespaceSelector: 'all()' })).toBe(false);
    expect(allowed({ selector: "role == 'db'", namespaceSelector: "team == 'shop'" })).toBe(true);
  });

  it('lets notSelector exclude an address that a network set labels', () => {
    const allowButDb = globalNetworkPolicy('allow-but-db', {
      selector: "app == 'checkout'",
      types: ['Egress'],
      egress: [{ action: 'Allow', destination: { notSelector: "role == 'external-database'" } }],
    });
    expect(decide(ask(checkout, database, 5432), { globalNetworkPolicies: [allowButDb] }).allowed).toBe(
      false,
    );
    expect(
      decide(ask(checkout, address('198.18.4.4'), 5432), { globalNetworkPolicies: [allowButDb] }).allowed,
    ).toBe(true);
  });

  it('matches destination services against the Service the connection was addressed to', () => {
    const toService = calicoNetworkPolicy('shop', 'allow-payments-svc', {
      selector: "app == 'checkout'",
      types: ['Egress'],
      egress: [{ action: 'Allow', destination: { services: { name: 'payments' } } }],
    });
    const viaService = { ...ask(checkout, payments, 8080), service: { namespace: 'shop', name: 'payments' } };
    expect(decide(viaService, { networkPolicies: [toService] }).allowed).toBe(true);
    const otherService = { ...viaService, service: { namespace: 'shop', name: 'ledger' } };
    expect(decide(otherService, { networkPolicies: [toService] }).allowed).toBe(false);
    const direct = decide(ask(checkout, payments, 8080), { networkPolicies: [toService] });
    expect(direct.allowed).toBe(false);
    expect(direct.details).toContain(
      'egress of pod/checkout-1: Calico NetworkPolicy shop/allow-payments-svc: egress rule 1 not matched: its destination is Service shop/payments, and the connection was not addressed to a Service',
    );
  });

  it('says a source services match cannot be judged instead of guessing', () => {
    const fromService = globalNetworkPolicy('from-svc', {
      selector: "app == 'payments'",
      ingress: [{ action: 'Allow', source: { services: { name: 'checkout', namespace: 'shop' } } }],
    });
    const decision = decide(ask(checkout, payments, 8080), { globalNetworkPolicies: [fromService] });
    expect(decision.allowed).toBe(false);
    expect(decision.details[0]).toContain(
      'ingress rule 1 not matched: its source services match needs the Services FROM backs',
    );
  });
});
