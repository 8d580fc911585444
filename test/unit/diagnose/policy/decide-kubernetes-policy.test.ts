import { describe, expect, it } from '@jest/globals';
import { decidePolicy } from '../../../../src/diagnose/policy/decide-policy.js';
import {
  address,
  ask,
  checkout,
  database,
  monitoring,
  networkPolicy,
  payments,
  pod,
} from './policy-fixtures.js';

// Kubernetes NetworkPolicy semantics (networking.k8s.io/v1), without Calico. Policy shapes are those
// of the Kubernetes docs' "Network Policies" page and its recipes (default deny, allow from a
// namespace, ipBlock with except, endPort), with names and addresses of this project's tests.

const decide = (question: Parameters<typeof decidePolicy>[0], ...policies: Record<string, unknown>[]) =>
  decidePolicy(question, { networkPolicies: policies });

// kubernetes.io/docs/concepts/services-networking/network-policies: "Default deny all ingress traffic".
const denyAllIngress = networkPolicy('shop', 'deny-all-ingress', {
  podSelector: {},
  policyTypes: ['Ingress'],
});
// Same page: "Default deny all egress traffic".
const denyAllEgress = networkPolicy('shop', 'deny-all-egress', { podSelector: {}, policyTypes: ['Egress'] });

describe('decidePolicy with Kubernetes NetworkPolicies', () => {
  it('leaves the answer open and says so when no policy selects either end', () => {
    const decision = decide(ask(checkout, payments, 8080));
    expect(decision.allowed).toBeUndefined();
    expect(decision.decidedBy).toBeUndefined();
    expect(decision.evidence).toBe(
      'no NetworkPolicy selects pod/checkout-1 for egress or pod/payments-1 for ingress',
    );
  });

  it('denies ingress when a default-deny policy selects the destination, in the words of the verdict table', () => {
    const decision = decide(ask(checkout, payments, 8080), denyAllIngress);
    expect(decision.allowed).toBe(false);
    expect(decision.decidedBy).toBe('NetworkPolicy shop/deny-all-ingress');
    expect(decision.evidence).toBe(
      'NetworkPolicy shop/deny-all-ingress selects pod/payments-1 and allows nothing on 8080',
    );
    expect(decision.details).toEqual([
      'ingress of pod/payments-1: NetworkPolicy shop/deny-all-ingress selects pod/payments-1 and allows nothing on 8080',
    ]);
  });

  it('denies egress when a default-deny-egress policy selects the source', () => {
    const decision = decide(ask(checkout, database, 5432), denyAllEgress);
    expect(decision.allowed).toBe(false);
    expect(decision.decidedBy).toBe('NetworkPolicy shop/deny-all-egress');
    expect(decision.evidence).toBe(
      'NetworkPolicy shop/deny-all-egress selects pod/checkout-1 and allows no egress on 5432',
    );
  });

  it('ignores a policy of another namespace: a podSelector only selects pods of its own namespace', () => {
    const other = networkPolicy('monitoring', 'deny-all-ingress', {
      podSelector: {},
      policyTypes: ['Ingress'],
    });
    expect(decide(ask(checkout, payments, 8080), other).allowed).toBeUndefined();
  });

  it('defaults policyTypes to Ingress, and to Ingress and Egress when the policy has egress rules', () => {
    const ingressOnly = networkPolicy('shop', 'no-types', { podSelector: {} });
    expect(decide(ask(checkout, payments, 8080), ingressOnly).allowed).toBe(false);
    expect(decide(ask(checkout, database, 5432), ingressOnly).allowed).toBeUndefined();
    const withEgress = networkPolicy('shop', 'egress-dns', {
      podSelector: { matchLabels: { app: 'checkout' } },
      egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }],
    });
    expect(decide(ask(checkout, database, 5432), withEgress).allowed).toBe(false);
    // With egress rules and no policyTypes, the policy isolates its pods for ingress as well.
    expect(decide(ask(payments, checkout, 8080), withEgress).decidedBy).toBe('NetworkPolicy shop/egress-dns');
    expect(decide(ask(checkout, address('198.18.0.53'), 53, 'UDP'), withEgress).allowed).toBe(true);
  });

  it('allows ingress from a pod matched by podSelector on the rule port, and names the rule', () => {
    const allow = networkPolicy('shop', 'allow-checkout', {
      podSelector: { matchLabels: { app: 'payments' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { app: 'checkout' } } }],
          ports: [{ protocol: 'TCP', port: 8080 }],
        },
      ],
    });
    const decision = decide(ask(checkout, payments, 8080), denyAllIngress, allow);
    expect(decision.allowed).toBe(true);
    expect(decision.decidedBy).toBe('NetworkPolicy shop/allow-checkout');
    expect(decision.evidence).toBe(
      'NetworkPolicy shop/allow-checkout selects pod/payments-1 and allows ingress on 8080 from pod/checkout-1; no NetworkPolicy selects pod/checkout-1 for egress',
    );
    // Every selecting policy is listed, in Calico's order (ties of order 1000 by name).
    expect(decision.details).toEqual([
      'ingress of pod/payments-1: NetworkPolicy shop/allow-checkout selects pod/payments-1 and allows ingress on 8080 from pod/checkout-1 (ingress rule 1)',
      'ingress of pod/payments-1: NetworkPolicy shop/deny-all-ingress selects it too; not reached',
    ]);
  });

  it('says which peers the port is open to when the source is not one of them', () => {
    const allow = networkPolicy('shop', 'allow-frontend', {
      podSelector: { matchLabels: { app: 'payments' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 8080 }] }],
    });
    const decision = decide(ask(checkout, payments, 8080), allow);
    expect(decision.allowed).toBe(false);
    expect(decision.evidence).toBe(
      'NetworkPolicy shop/allow-frontend selects pod/payments-1 and allows ingress on 8080 only from pods app=frontend of its namespace, not from pod/checkout-1',
    );
  });

  it('denies when several policies select the destination and none allows, naming them all', () => {
    const a = networkPolicy('shop', 'a-metrics', {
      podSelector: { matchLabels: { app: 'payments' } },
      ingress: [{ ports: [{ port: 9090 }] }],
    });
    const decision = decide(ask(checkout, payments, 8080), a, denyAllIngress);
    expect(decision.allowed).toBe(false);
    expect(decision.decidedBy).toBe('NetworkPolicies shop/a-metrics, shop/deny-all-ingress');
    expect(decision.evidence).toBe(
      'NetworkPolicies shop/a-metrics, shop/deny-all-ingress select pod/payments-1 and none allows ingress on 8080 from pod/checkout-1',
    );
  });

  it('names at most three policies on the verdict line and every one in the details', () => {
    const policies = ['a', 'b', 'c', 'd', 'e'].map((name) =>
      networkPolicy('shop', name, { podSelector: {}, ingress: [{ ports: [{ port: 1 }] }] }),
    );
    const decision = decide(ask(checkout, payments, 8080), ...policies);
    expect(decision.decidedBy).toBe('NetworkPolicies shop/a, shop/b, shop/c and 2 more');
    expect(decision.details).toHaveLength(5);
  });

  it('needs both ends: allowed egress does not open a denied ingress, and the reverse', () => {
    const allowEgress = networkPolicy('shop', 'allow-egress', {
      podSelector: { matchLabels: { app: 'checkout' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'payments' } } }] }],
    });
    expect(decide(ask(checkout, payments, 8080), allowEgress, denyAllIngress).decidedBy).toBe(
      'NetworkPolicy shop/deny-all-ingress',
    );
    const allowIngress = networkPolicy('shop', 'allow-ingress', { podSelector: {}, ingress: [{}] });
    expect(decide(ask(checkout, payments, 8080), allowIngress, denyAllEgress).decidedBy).toBe(
      'NetworkPolicy shop/deny-all-egress',
    );
    // When both ends deny, the egress of FROM is named: the packet never gets as far as TO.
    expect(decide(ask(checkout, payments, 8080), denyAllIngress, denyAllEgress).decidedBy).toBe(
      'NetworkPolicy shop/deny-all-egress',
    );
    const both = decide(ask(checkout, payments, 8080), allowIngress, allowEgress);
    expect(both.allowed).toBe(true);
    expect(both.decidedBy).toBe('NetworkPolicy shop/allow-ingress');
  });

  describe('peers', () => {
    const onPayments = (from: Record<string, unknown>[]) =>
      networkPolicy('shop', 'peers', {
        podSelector: { matchLabels: { app: 'payments' } },
        ingress: [{ from }],
      });

    it('matches a namespaceSelector on the source namespace labels, and kubernetes.io/metadata.name', () => {
      const byLabel = onPayments([{ namespaceSelector: { matchLabels: { purpose: 'monitoring' } } }]);
      expect(decide(ask(monitoring, payments, 9090), byLabel).allowed).toBe(true);
      expect(decide(ask(checkout, payments, 9090), byLabel).allowed).toBe(false);
      const byName = onPayments([
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
      ]);
      expect(decide(ask(monitoring, payments, 9090), byName).allowed).toBe(true);
    });

    it('ANDs namespaceSelector and podSelector in one peer, and ORs them in two peers', () => {
      const and = onPayments([
        {
          namespaceSelector: { matchLabels: { purpose: 'monitoring' } },
          podSelector: { matchLabels: { app: 'grafana' } },
        },
      ]);
      expect(decide(ask(monitoring, payments, 9090), and).allowed).toBe(false);
      const or = onPayments([
        { namespaceSelector: { matchLabels: { purpose: 'monitoring' } } },
        { podSelector: { matchLabels: { app: 'grafana' } } },
      ]);
      expect(decide(ask(monitoring, payments, 9090), or).allowed).toBe(true);
    });

    it('does not let a bare podSelector reach into another namespace', () => {
      const sameNamespace = onPayments([{ podSelector: { matchLabels: { app: 'prometheus' } } }]);
      expect(decide(ask(monitoring, payments, 9090), sameNamespace).allowed).toBe(false);
    });

    it('matches matchExpressions In, NotIn, Exists and DoesNotExist', () => {
      const expression = (operator: string, values?: string[]) =>
        onPayments([
          {
            namespaceSelector: {},
            podSelector: { matchExpressions: [{ key: 'app', operator, ...(values ? { values } : {}) }] },
          },
        ]);
      expect(decide(ask(monitoring, payments, 1), expression('In', ['prometheus', 'grafana'])).allowed).toBe(
        true,
      );
      expect(decide(ask(monitoring, payments, 1), expression('In', ['grafana'])).allowed).toBe(false);
      expect(decide(ask(monitoring, payments, 1), expression('NotIn', ['grafana'])).allowed).toBe(true);
      expect(decide(ask(monitoring, payments, 1), expression('NotIn', ['prometheus'])).allowed).toBe(false);
      expect(decide(ask(monitoring, payments, 1), expression('Exists')).allowed).toBe(true);
      expect(decide(ask(monitoring, payments, 1), expression('DoesNotExist')).allowed).toBe(false);
      // NotIn and DoesNotExist also match a pod that lacks the label altogether.
      const unlabelled = pod('pod/job-1', 'monitoring', {}, { namespaceLabels: { purpose: 'monitoring' } });
      expect(decide(ask(unlabelled, payments, 1), expression('NotIn', ['prometheus'])).allowed).toBe(true);
      expect(decide(ask(unlabelled, payments, 1), expression('DoesNotExist')).allowed).toBe(true);
      expect(decide(ask(unlabelled, payments, 1), expression('In', ['prometheus'])).allowed).toBe(false);
    });

    it('matches an ipBlock cidr with except, for an address outside the cluster (docs example, 198.18 addresses)', () => {
      const block = onPayments([{ ipBlock: { cidr: '198.18.0.0/16', except: ['198.18.1.0/24'] } }]);
      expect(decide(ask(address('198.18.7.7'), payments, 8080), block).allowed).toBe(true);
      const excepted = decide(ask(address('198.18.1.9'), payments, 8080), block);
      expect(excepted.allowed).toBe(false);
      expect(excepted.evidence).toBe(
        'NetworkPolicy shop/peers selects pod/payments-1 and allows ingress on 8080 only from 198.18.0.0/16 except 198.18.1.0/24, not from 198.18.1.9',
      );
      expect(decide(ask(address('198.19.0.1'), payments, 8080), block).allowed).toBe(false);
    });

    it('never matches a pod or namespace selector with an address outside the cluster', () => {
      const everyPod = onPayments([{ namespaceSelector: {} }]);
      expect(decide(ask(address('198.18.7.7'), payments, 8080), everyPod).allowed).toBe(false);
    });

    it('matches egress to an ipBlock', () => {
      const egress = networkPolicy('shop', 'egress-db', {
        podSelector: { matchLabels: { app: 'checkout' } },
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '198.18.3.0/24' } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
      });
      expect(decide(ask(checkout, database, 5432), egress).allowed).toBe(true);
      const elsewhere = decide(ask(checkout, address('198.18.4.4'), 5432), egress);
      expect(elsewhere.allowed).toBe(false);
      expect(elsewhere.evidence).toBe(
        'NetworkPolicy shop/egress-db selects pod/checkout-1 and allows egress on 5432 only to 198.18.3.0/24, not to 198.18.4.4',
      );
    });
  });

  describe('ports', () => {
    const onPayments = (ports: Record<string, unknown>[]) =>
      networkPolicy('shop', 'ports', {
        podSelector: { matchLabels: { app: 'payments' } },
        ingress: [{ ports }],
      });

    it('defaults the protocol to TCP', () => {
      const tcp = onPayments([{ port: 5353 }]);
      expect(decide(ask(checkout, payments, 5353), tcp).allowed).toBe(true);
      expect(decide(ask(checkout, payments, 5353, 'UDP'), tcp).allowed).toBe(false);
      expect(
        decide(ask(checkout, payments, 5353, 'UDP'), onPayments([{ port: 5353, protocol: 'UDP' }])).allowed,
      ).toBe(true);
    });

    it('resolves a named port against the destination pod, protocol included', () => {
      expect(decide(ask(checkout, payments, 8080), onPayments([{ port: 'http' }])).allowed).toBe(true);
      expect(decide(ask(checkout, payments, 9090), onPayments([{ port: 'http' }])).allowed).toBe(false);
      expect(decide(ask(checkout, payments, 5353), onPayments([{ port: 'dns' }])).allowed).toBe(false);
      expect(
        decide(ask(checkout, payments, 5353, 'UDP'), onPayments([{ port: 'dns', protocol: 'UDP' }])).allowed,
      ).toBe(true);
    });

    it('resolves an egress named port against the destination pod too', () => {
      const egress = networkPolicy('shop', 'egress-http', {
        podSelector: { matchLabels: { app: 'checkout' } },
        policyTypes: ['Egress'],
        egress: [{ ports: [{ port: 'http' }] }],
      });
      expect(decide(ask(checkout, payments, 8080), egress).allowed).toBe(true);
      // An address outside the cluster has no named ports.
      expect(decide(ask(checkout, address('198.18.3.4'), 8080), egress).allowed).toBe(false);
    });

    it('admits a port range with endPort (docs: "Targeting a range of ports")', () => {
      const range = onPayments([{ protocol: 'TCP', port: 32000, endPort: 32768 }]);
      expect(decide(ask(checkout, payments, 32000), range).allowed).toBe(true);
      expect(decide(ask(checkout, payments, 32768), range).allowed).toBe(true);
      expect(decide(ask(checkout, payments, 32769), range).allowed).toBe(false);
    });

    it('admits every port of the protocol when a port entry names only the protocol', () => {
      expect(decide(ask(checkout, payments, 4242, 'UDP'), onPayments([{ protocol: 'UDP' }])).allowed).toBe(
        true,
      );
      expect(decide(ask(checkout, payments, 4242), onPayments([{ protocol: 'UDP' }])).allowed).toBe(false);
    });
  });

  it('reads the docs example test-network-policy in both directions (addresses moved to 198.18/15)', () => {
    // kubernetes.io/docs/concepts/services-networking/network-policies, "The NetworkPolicy resource".
    const example = networkPolicy('default', 'test-network-policy', {
      podSelector: { matchLabels: { role: 'db' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [
            { ipBlock: { cidr: '198.18.0.0/16', except: ['198.18.1.0/24'] } },
            { namespaceSelector: { matchLabels: { project: 'myproject' } } },
            { podSelector: { matchLabels: { role: 'frontend' } } },
          ],
          ports: [{ protocol: 'TCP', port: 6379 }],
        },
      ],
      egress: [{ to: [{ ipBlock: { cidr: '198.18.200.0/24' } }], ports: [{ protocol: 'TCP', port: 5978 }] }],
    });
    const db = pod('pod/redis-0', 'default', { role: 'db' }, { ips: ['198.19.0.2'] });
    const frontend = pod('pod/frontend-1', 'default', { role: 'frontend' }, { ips: ['198.19.0.3'] });
    const project = pod('pod/tool', 'tools', { app: 'tool' }, { namespaceLabels: { project: 'myproject' } });
    expect(decide(ask(frontend, db, 6379), example).allowed).toBe(true);
    expect(decide(ask(project, db, 6379), example).allowed).toBe(true);
    expect(decide(ask(frontend, db, 6380), example).allowed).toBe(false);
    expect(decide(ask(db, address('198.18.200.9'), 5978), example).allowed).toBe(true);
    expect(decide(ask(db, frontend, 6379), example).decidedBy).toBe(
      'NetworkPolicy default/test-network-policy',
    );
  });
});
