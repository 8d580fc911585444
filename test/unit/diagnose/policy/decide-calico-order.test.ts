import { describe, expect, it } from '@jest/globals';
import { decidePolicy } from '../../../../src/diagnose/policy/decide-policy.js';
import type { PolicyQuestion } from '../../../../src/diagnose/policy/policy-question.js';
import {
  ask,
  checkout,
  database,
  globalNetworkPolicy,
  monitoring,
  networkPolicy,
  payments,
  tier,
} from './policy-fixtures.js';

// Calico's order of evaluation (docs.tigera.io, reference/resources/tier "How policy is evaluated",
// and the `order` field of NetworkPolicy/GlobalNetworkPolicy): tiers by order, policies by order then
// name, no order last, Pass to the next tier, the end of a tier that selected the endpoint denies,
// and Kubernetes NetworkPolicies are policies of order 1000 in the default tier.

type Objects = Record<string, unknown>[];
const decide = (question: PolicyQuestion, kubernetes: Objects, globals: Objects, tiers?: Objects) =>
  decidePolicy(question, {
    networkPolicies: kubernetes,
    calico: { networkPolicies: [], globalNetworkPolicies: globals, ...(tiers ? { tiers } : {}) },
  });

const allowCheckoutEgress = networkPolicy('shop', 'allow-db-egress', {
  podSelector: { matchLabels: { app: 'checkout' } },
  policyTypes: ['Egress'],
  egress: [{ to: [{ ipBlock: { cidr: '198.18.3.0/24' } }], ports: [{ port: 5432 }] }],
});
const denyDb = globalNetworkPolicy('deny-db', {
  order: 10,
  selector: 'all()',
  types: ['Egress'],
  egress: [{ action: 'Deny', protocol: 'TCP', destination: { nets: ['198.18.3.0/24'], ports: [5432] } }],
});
const denyAllIngress = networkPolicy('shop', 'deny-all-ingress', {
  podSelector: {},
  policyTypes: ['Ingress'],
});

describe('decidePolicy in Calico order', () => {
  it('lets a GlobalNetworkPolicy of order 10 deny before the Kubernetes NetworkPolicies of order 1000 allow', () => {
    const decision = decide(ask(checkout, database, 5432), [allowCheckoutEgress], [denyDb]);
    expect(decision.allowed).toBe(false);
    expect(decision.decidedBy).toBe('GlobalNetworkPolicy deny-db (order 10)');
    expect(decision.evidence).toBe(
      'GlobalNetworkPolicy deny-db (order 10) denies egress from pod/checkout-1 to 198.18.3.4:5432',
    );
    expect(decision.details).toEqual([
      'egress of pod/checkout-1: GlobalNetworkPolicy deny-db (order 10) denies egress from pod/checkout-1 to 198.18.3.4:5432 (egress rule 1)',
      'egress of pod/checkout-1: NetworkPolicy shop/allow-db-egress selects it too; not reached',
    ]);
    // Without Calico's objects the same cluster answers by Kubernetes' semantics alone.
    expect(
      decidePolicy(ask(checkout, database, 5432), { networkPolicies: [allowCheckoutEgress] }).allowed,
    ).toBe(true);
  });

  it('lets a Kubernetes NetworkPolicy allow before a GlobalNetworkPolicy of order 2000 denies', () => {
    const late = globalNetworkPolicy('deny-db-late', { ...denyDb.spec, order: 2000 });
    const decision = decide(ask(checkout, database, 5432), [allowCheckoutEgress], [late]);
    expect(decision.allowed).toBe(true);
    expect(decision.decidedBy).toBe('NetworkPolicy shop/allow-db-egress');
  });

  it('goes on past a Kubernetes NetworkPolicy that selects but does not allow, to later policies of its tier', () => {
    const allowLater = globalNetworkPolicy('allow-payments', {
      order: 2000,
      selector: "app == 'payments'",
      ingress: [{ action: 'Allow', protocol: 'TCP', destination: { ports: [8080] } }],
    });
    const decision = decide(ask(checkout, payments, 8080), [denyAllIngress], [allowLater]);
    expect(decision.allowed).toBe(true);
    expect(decision.decidedBy).toBe('GlobalNetworkPolicy allow-payments (order 2000)');
    expect(decision.details).toEqual([
      'ingress of pod/payments-1: NetworkPolicy shop/deny-all-ingress selects pod/payments-1 and allows nothing on 8080',
      'ingress of pod/payments-1: GlobalNetworkPolicy allow-payments (order 2000) allows ingress from pod/checkout-1 to pod/payments-1 on 8080 (ingress rule 1)',
    ]);
  });

  it('names the Kubernetes NetworkPolicy when only Kubernetes NetworkPolicies selected, Calico or not', () => {
    const decision = decide(ask(checkout, payments, 8080), [denyAllIngress], []);
    expect(decision.decidedBy).toBe('NetworkPolicy shop/deny-all-ingress');
    expect(decision.evidence).toBe(
      'NetworkPolicy shop/deny-all-ingress selects pod/payments-1 and allows nothing on 8080',
    );
  });

  it('runs policies without an order after every ordered one, and ties by name', () => {
    const unordered = globalNetworkPolicy('a-allow', { selector: 'all()', ingress: [{ action: 'Allow' }] });
    const ordered = globalNetworkPolicy('z-deny', {
      order: 5000,
      selector: 'all()',
      ingress: [{ action: 'Deny' }],
    });
    expect(decide(ask(checkout, payments, 8080), [], [unordered, ordered]).decidedBy).toBe(
      'GlobalNetworkPolicy z-deny (order 5000)',
    );
    const tieA = globalNetworkPolicy('b-deny', {
      order: 100,
      selector: 'all()',
      ingress: [{ action: 'Deny' }],
    });
    const tieB = globalNetworkPolicy('a-allow', {
      order: 100,
      selector: 'all()',
      ingress: [{ action: 'Allow' }],
    });
    expect(decide(ask(checkout, payments, 8080), [], [tieA, tieB]).decidedBy).toBe(
      'GlobalNetworkPolicy a-allow (order 100)',
    );
  });

  describe('tiers', () => {
    const security = tier('security', { order: 100 });
    // The "Pass to the next tier" pattern of Calico's tiered policy docs: the security team passes what
    // it has no opinion on to the default tier, where the application's Kubernetes policies decide.
    const passMonitoring = globalNetworkPolicy('security.pass-monitoring', {
      tier: 'security',
      order: 1,
      selector: 'all()',
      ingress: [{ action: 'Pass', source: { namespaceSelector: "purpose == 'monitoring'" } }],
    });
    const allowMetrics = networkPolicy('shop', 'allow-metrics', {
      podSelector: { matchLabels: { app: 'payments' } },
      ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 'metrics' }] }],
    });

    it('ends a tier that selected the endpoint and took no action with a deny, named after the tier', () => {
      const decision = decide(ask(checkout, payments, 9090), [allowMetrics], [passMonitoring], [security]);
      expect(decision.allowed).toBe(false);
      expect(decision.decidedBy).toBe('end of Calico tier security');
      expect(decision.evidence).toBe(
        'Calico tier security selects pod/payments-1 (GlobalNetworkPolicy security.pass-monitoring (tier security, order 1)) and no rule in it allows ingress on 9090 from pod/checkout-1: the end of the tier denies',
      );
      expect(decision.details).toContain(
        'ingress of pod/payments-1: NetworkPolicy shop/allow-metrics selects it too; not reached',
      );
    });

    it('jumps to the next tier on Pass, where the Kubernetes NetworkPolicies decide', () => {
      const decision = decide(ask(monitoring, payments, 9090), [allowMetrics], [passMonitoring], [security]);
      expect(decision.allowed).toBe(true);
      expect(decision.decidedBy).toBe('NetworkPolicy shop/allow-metrics');
      expect(decision.details).toEqual([
        'ingress of pod/payments-1: GlobalNetworkPolicy security.pass-monitoring (tier security, order 1) passes ingress from pod/prometheus-0 to pod/payments-1 on 9090 to the next tier (ingress rule 1)',
        'ingress of pod/payments-1: NetworkPolicy shop/allow-metrics selects pod/payments-1 and allows ingress on 9090 from pod/prometheus-0 (ingress rule 1)',
      ]);
    });

    it("passes on at a tier's end when the tier's defaultAction is Pass", () => {
      const lenient = tier('security', { order: 100, defaultAction: 'Pass' });
      expect(decide(ask(checkout, payments, 9090), [allowMetrics], [passMonitoring], [lenient]).allowed).toBe(
        true,
      );
    });

    it("lets the namespace's profile allow when the last tier that selects the endpoint passes", () => {
      const decision = decide(ask(monitoring, payments, 9090), [], [passMonitoring], [security]);
      expect(decision.allowed).toBe(true);
      expect(decision.decidedBy).toBeUndefined();
      expect(decision.evidence).toBe(
        "every Calico tier that selects pod/payments-1 passed its ingress on; past the last tier the namespace's profile allows it; no NetworkPolicy or Calico policy selects pod/prometheus-0 for egress",
      );
    });

    it('runs tiers by order whatever order the policies arrive in, and the default tier last when it has none', () => {
      const denyFirst = globalNetworkPolicy('platform.deny', {
        tier: 'platform',
        selector: 'all()',
        ingress: [{ action: 'Deny' }],
      });
      const allowInDefault = globalNetworkPolicy('allow', {
        order: 1,
        selector: 'all()',
        ingress: [{ action: 'Allow' }],
      });
      // Neither tier has an object here: the default tier is still the last one.
      expect(decide(ask(checkout, payments, 8080), [], [allowInDefault, denyFirst]).decidedBy).toBe(
        'GlobalNetworkPolicy platform.deny (tier platform)',
      );
      const platformLast = [tier('platform', { order: 2000 }), tier('default', { order: 1000 })];
      expect(
        decide(ask(checkout, payments, 8080), [], [denyFirst, allowInDefault], platformLast).decidedBy,
      ).toBe('GlobalNetworkPolicy allow (order 1)');
    });
  });
});
