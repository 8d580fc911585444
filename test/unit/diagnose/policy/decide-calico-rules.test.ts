import { describe, expect, it } from '@jest/globals';
import { decidePolicy } from '../../../../src/diagnose/policy/decide-policy.js';
import type { PolicyQuestion } from '../../../../src/diagnose/policy/policy-question.js';
import {
  address,
  ask,
  calicoNetworkPolicy,
  checkout,
  database,
  globalNetworkPolicy,
  monitoring,
  payments,
  pod,
} from './policy-fixtures.js';

// The rule forms of Calico's NetworkPolicy and GlobalNetworkPolicy (docs.tigera.io, reference/
// resources/networkpolicy and globalnetworkpolicy: Rule, EntityRule, Ports, ServiceAccountMatch;
// the samples "allow-tcp-6379", "deny-blue" of "Get started with Calico network policy", and
// "foo-and-bar" of "Calico automatic labels"), with this project's names and 198.18/15 addresses.

type Objects = Record<string, unknown>[];
const decide = (question: PolicyQuestion, globals: Objects, namespaced: Objects = []) =>
  decidePolicy(question, {
    networkPolicies: [],
    calico: { networkPolicies: namespaced, globalNetworkPolicies: globals },
  });

const ingressTo = (selector: string, rules: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
  globalNetworkPolicy('rules', { selector, types: ['Ingress'], ingress: rules, ...extra });
const egressFrom = (selector: string, rules: Record<string, unknown>[]) =>
  globalNetworkPolicy('rules', { selector, types: ['Egress'], egress: rules });

describe('decidePolicy with Calico rules', () => {
  it('reads the reference sample allow-tcp-6379: TCP from role == frontend to 6379 on role == database', () => {
    const sample = globalNetworkPolicy('allow-tcp-6379', {
      selector: "role == 'database'",
      types: ['Ingress', 'Egress'],
      ingress: [
        {
          action: 'Allow',
          metadata: { annotations: { from: 'frontend', to: 'database' } },
          protocol: 'TCP',
          source: { selector: "role == 'frontend'" },
          destination: { ports: [6379] },
        },
      ],
      egress: [{ action: 'Allow' }],
    });
    const db = pod('pod/redis-0', 'shop', { role: 'database' }, { ips: ['198.18.0.30'] });
    const frontend = pod('pod/web-1', 'web', { role: 'frontend' }, { ips: ['198.18.0.31'] });
    const allowed = decide(ask(frontend, db, 6379), [sample]);
    expect(allowed.allowed).toBe(true);
    expect(allowed.decidedBy).toBe('GlobalNetworkPolicy allow-tcp-6379');
    expect(allowed.evidence).toBe(
      'GlobalNetworkPolicy allow-tcp-6379 allows ingress from pod/web-1 to pod/redis-0 on 6379; no NetworkPolicy or Calico policy selects pod/web-1 for egress',
    );
    const denied = decide(ask(checkout, db, 6379), [sample]);
    expect(denied.allowed).toBe(false);
    expect(denied.decidedBy).toBe('end of Calico tier default');
    expect(denied.evidence).toBe(
      'Calico tier default selects pod/redis-0 (GlobalNetworkPolicy allow-tcp-6379) and no rule in it allows ingress on 6379 from pod/checkout-1: the end of the tier denies',
    );
    // The database's own egress is open: its egress rule has no criteria.
    expect(decide(ask(db, database, 5432), [sample]).allowed).toBe(true);
  });

  it('denies with a Deny rule and says so in the words of the verdict table', () => {
    // "deny-blue" of the Calico getting-started page, on our pods.
    const denyCheckout = ingressTo("app == 'payments'", [
      { action: 'Deny', protocol: 'TCP', source: { selector: "app == 'checkout'" } },
      { action: 'Allow' },
    ]);
    const decision = decide(ask(checkout, payments, 8080), [denyCheckout]);
    expect(decision.allowed).toBe(false);
    expect(decision.decidedBy).toBe('GlobalNetworkPolicy rules');
    expect(decision.evidence).toBe(
      'GlobalNetworkPolicy rules denies ingress from pod/checkout-1 to pod/payments-1 on 8080',
    );
    expect(decision.details).toEqual([
      'ingress of pod/payments-1: GlobalNetworkPolicy rules denies ingress from pod/checkout-1 to pod/payments-1 on 8080 (ingress rule 1)',
    ]);
    expect(decide(ask(monitoring, payments, 8080), [denyCheckout]).allowed).toBe(true);
  });

  it('matches protocol by name or number, notProtocol, and no ICMP rule for a TCP connection', () => {
    expect(
      decide(ask(checkout, payments, 8080), [ingressTo('all()', [{ action: 'Allow', protocol: 6 }])]).allowed,
    ).toBe(true);
    expect(
      decide(ask(checkout, payments, 53, 'UDP'), [ingressTo('all()', [{ action: 'Allow', protocol: 'TCP' }])])
        .allowed,
    ).toBe(false);
    expect(
      decide(ask(checkout, payments, 53, 'UDP'), [
        ingressTo('all()', [{ action: 'Allow', notProtocol: 'TCP' }]),
      ]).allowed,
    ).toBe(true);
    const ping = ingressTo('all()', [{ action: 'Allow', protocol: 'ICMP', icmp: { type: 8 } }]);
    expect(decide(ask(checkout, payments, 8080), [ping]).allowed).toBe(false);
  });

  it('matches destination ports as numbers, "start:end" ranges and named ports, and notPorts', () => {
    const allow = (destination: Record<string, unknown>) =>
      ingressTo('all()', [{ action: 'Allow', protocol: 'TCP', destination }]);
    expect(decide(ask(checkout, payments, 8080), [allow({ ports: [80, '8000:8100'] })]).allowed).toBe(true);
    expect(decide(ask(checkout, payments, 8101), [allow({ ports: [80, '8000:8100'] })]).allowed).toBe(false);
    expect(decide(ask(checkout, payments, 8080), [allow({ ports: ['http'] })]).allowed).toBe(true);
    expect(decide(ask(checkout, payments, 9090), [allow({ ports: ['http'] })]).allowed).toBe(false);
    expect(decide(ask(checkout, payments, 8080), [allow({ notPorts: ['9000:9999'] })]).allowed).toBe(true);
    expect(decide(ask(checkout, payments, 9090), [allow({ notPorts: ['metrics'] })]).allowed).toBe(false);
  });

  it('judges a source port criterion against the ephemeral range a client port comes from', () => {
    const allow = (source: Record<string, unknown>) =>
      ingressTo('all()', [{ action: 'Allow', protocol: 'TCP', source }]);
    expect(decide(ask(checkout, payments, 8080), [allow({ ports: ['1024:65535'] })]).allowed).toBe(true);
    expect(decide(ask(checkout, payments, 8080), [allow({ ports: [53] })]).allowed).toBe(false);
    expect(decide(ask(checkout, payments, 8080), [allow({ notPorts: ['1:1023'] })]).allowed).toBe(true);
  });

  it('matches nets and notNets on either end, for egress to an address outside the cluster', () => {
    const denyNets = egressFrom("app == 'checkout'", [
      { action: 'Deny', protocol: 'TCP', destination: { nets: ['198.18.3.0/24'], ports: [5432] } },
      { action: 'Allow', destination: { notNets: ['198.18.9.0/24'] } },
    ]);
    const denied = decide(ask(checkout, database, 5432), [denyNets]);
    expect(denied.evidence).toBe(
      'GlobalNetworkPolicy rules denies egress from pod/checkout-1 to 198.18.3.4:5432',
    );
    expect(decide(ask(checkout, address('198.18.4.4'), 5432), [denyNets]).allowed).toBe(true);
    expect(decide(ask(checkout, address('198.18.9.9'), 5432), [denyNets]).allowed).toBe(false);
    const fromNets = ingressTo('all()', [{ action: 'Allow', source: { nets: ['198.18.0.0/28'] } }]);
    expect(decide(ask(checkout, payments, 8080), [fromNets]).allowed).toBe(true);
    expect(decide(ask(monitoring, payments, 8080), [fromNets]).allowed).toBe(false);
  });

  it('never lets a selector match an address outside the cluster, and lets notSelector match it', () => {
    const bySelector = ingressTo('all()', [{ action: 'Allow', source: { selector: 'all()' } }]);
    expect(decide(ask(address('198.18.7.7'), payments, 8080), [bySelector]).allowed).toBe(false);
    const byNotSelector = ingressTo('all()', [
      { action: 'Allow', source: { notSelector: "app == 'checkout'" } },
    ]);
    expect(decide(ask(address('198.18.7.7'), payments, 8080), [byNotSelector]).allowed).toBe(true);
    expect(decide(ask(checkout, payments, 8080), [byNotSelector]).allowed).toBe(false);
    expect(decide(ask(monitoring, payments, 8080), [byNotSelector]).allowed).toBe(true);
  });

  it('scopes a rule selector to the policy namespace in a Calico NetworkPolicy, to every namespace in a GlobalNetworkPolicy', () => {
    const rule = { action: 'Allow', source: { selector: "app == 'prometheus'" } };
    const namespaced = calicoNetworkPolicy('shop', 'allow-prom', { selector: 'all()', ingress: [rule] });
    expect(decide(ask(monitoring, payments, 9090), [], [namespaced]).allowed).toBe(false);
    const widened = calicoNetworkPolicy('shop', 'allow-prom', {
      selector: 'all()',
      ingress: [{ ...rule, source: { ...rule.source, namespaceSelector: "purpose == 'monitoring'" } }],
    });
    const decision = decide(ask(monitoring, payments, 9090), [], [widened]);
    expect(decision.allowed).toBe(true);
    expect(decision.decidedBy).toBe('Calico NetworkPolicy shop/allow-prom');
    expect(
      decide(ask(monitoring, payments, 9090), [globalNetworkPolicy('allow-prom', { ingress: [rule] })])
        .allowed,
    ).toBe(true);
  });

  it('applies a Calico NetworkPolicy only to endpoints of its own namespace', () => {
    const deny = calicoNetworkPolicy('monitoring', 'deny-all', {
      selector: 'all()',
      ingress: [{ action: 'Deny' }],
    });
    expect(decide(ask(checkout, payments, 8080), [], [deny]).allowed).toBeUndefined();
  });

  it('selects by namespaceSelector and projectcalico.org/name in a GlobalNetworkPolicy (docs: foo-and-bar)', () => {
    const fooAndBar = globalNetworkPolicy('foo-and-bar', {
      namespaceSelector: 'projectcalico.org/name in {"shop", "bar"}',
      selector: 'tier == "backend"',
      types: ['Ingress'],
      ingress: [
        {
          action: 'Allow',
          source: { namespaceSelector: 'projectcalico.org/name == "monitoring"' },
          destination: { ports: [9090] },
        },
      ],
    });
    expect(decide(ask(monitoring, payments, 9090), [fooAndBar]).allowed).toBe(true);
    expect(decide(ask(checkout, payments, 9090), [fooAndBar]).allowed).toBe(false);
    const elsewhere = pod('pod/other', 'web', { tier: 'backend' });
    expect(decide(ask(checkout, elsewhere, 9090), [fooAndBar]).allowed).toBeUndefined();
  });

  it('sees the labels Calico adds: projectcalico.org/namespace, pcns.<namespace label>, orchestrator', () => {
    const select = (selector: string) =>
      decide(ask(checkout, payments, 8080), [ingressTo(selector, [])]).allowed;
    expect(select("projectcalico.org/namespace == 'shop'")).toBe(false);
    expect(select("pcns.team == 'shop'")).toBe(false);
    expect(select("projectcalico.org/orchestrator == 'k8s'")).toBe(false);
    expect(select("projectcalico.org/namespace == 'web'")).toBeUndefined();
  });

  it('selects by serviceAccountSelector and matches rule serviceAccounts by name', () => {
    const policy = globalNetworkPolicy('by-account', {
      serviceAccountSelector: "projectcalico.org/name == 'payments'",
      ingress: [{ action: 'Allow', source: { serviceAccounts: { names: ['checkout', 'api'] } } }],
    });
    expect(decide(ask(checkout, payments, 8080), [policy]).allowed).toBe(true);
    expect(decide(ask(monitoring, payments, 8080), [policy]).allowed).toBe(false);
    expect(decide(ask(payments, checkout, 8080), [policy]).allowed).toBeUndefined();
  });

  it('defaults types from the rules present: egress rules alone make an Egress-only policy', () => {
    const egressOnly = globalNetworkPolicy('egress-only', {
      selector: 'all()',
      egress: [{ action: 'Deny' }],
    });
    expect(decide(ask(checkout, payments, 8080), [egressOnly]).decidedBy).toBe(
      'GlobalNetworkPolicy egress-only',
    );
    expect(decide(ask(address('198.18.7.7'), payments, 8080), [egressOnly]).allowed).toBeUndefined();
    const none = globalNetworkPolicy('no-rules', { selector: "app == 'payments'" });
    expect(decide(ask(checkout, payments, 8080), [none]).evidence).toBe(
      'Calico tier default selects pod/payments-1 (GlobalNetworkPolicy no-rules) and no rule in it allows ingress on 8080 from pod/checkout-1: the end of the tier denies',
    );
  });

  it('logs and goes on with a Log rule, and says so in the details', () => {
    const logThenAllow = ingressTo('all()', [{ action: 'Log' }, { action: 'Allow' }]);
    const decision = decide(ask(checkout, payments, 8080), [logThenAllow]);
    expect(decision.allowed).toBe(true);
    expect(decision.details).toEqual([
      'ingress of pod/payments-1: GlobalNetworkPolicy rules logs ingress from pod/checkout-1 to pod/payments-1 on 8080 (ingress rule 1)',
      'ingress of pod/payments-1: GlobalNetworkPolicy rules allows ingress from pod/checkout-1 to pod/payments-1 on 8080 (ingress rule 2)',
    ]);
  });

  it('skips a rule whose selector Calico would refuse, and says why in the details', () => {
    const broken = ingressTo('all()', [
      { action: 'Deny', source: { selector: "app = 'checkout'" } },
      { action: 'Allow' },
    ]);
    const decision = decide(ask(checkout, payments, 8080), [broken]);
    expect(decision.allowed).toBe(true);
    expect(decision.details[0]).toContain(
      'ingress rule 1 skipped: Calico selector "app = \'checkout\'" does not parse',
    );
  });

  it('reports an http match it cannot judge instead of pretending', () => {
    const http = ingressTo('all()', [{ action: 'Allow', http: { methods: ['GET'] } }]);
    expect(decide(ask(checkout, payments, 8080), [http]).details).toEqual([
      'ingress of pod/payments-1: GlobalNetworkPolicy rules allows ingress from pod/checkout-1 to pod/payments-1 on 8080 (ingress rule 1; its http match (application layer policy) is not judged here)',
    ]);
  });

  it('ignores what cannot apply to a pod or is already counted: knp.* copies, preDNAT and doNotTrack policies', () => {
    const copies = [
      globalNetworkPolicy('host-pre-dnat', {
        selector: 'all()',
        preDNAT: true,
        applyOnForward: true,
        ingress: [{ action: 'Deny' }],
      }),
      globalNetworkPolicy('host-untracked', {
        selector: 'all()',
        doNotTrack: true,
        applyOnForward: true,
        ingress: [{ action: 'Deny' }],
      }),
    ];
    const knp = calicoNetworkPolicy('shop', 'knp.default.deny-all-ingress', {
      selector: 'all()',
      order: 1000,
    });
    expect(decide(ask(checkout, payments, 8080), copies, [knp]).allowed).toBeUndefined();
  });

  it('names a crd.projectcalico.org/v1 default-tier policy as the v3 API does, without the default. prefix', () => {
    const stored = {
      apiVersion: 'crd.projectcalico.org/v1',
      kind: 'GlobalNetworkPolicy',
      metadata: { name: 'default.deny-db' },
      spec: { order: 10, selector: 'all()', types: ['Egress'], egress: [{ action: 'Deny' }] },
    };
    expect(decide(ask(checkout, database, 5432), [stored]).decidedBy).toBe(
      'GlobalNetworkPolicy deny-db (order 10)',
    );
  });
});
