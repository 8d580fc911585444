import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decidePolicy } from '../../../../src/diagnose/policy/decide-policy.js';
import type { PolicyEndpoint } from '../../../../src/diagnose/policy/policy-question.js';
import { globalNetworkPolicy, networkPolicy, pod } from './policy-fixtures.js';

// Properties that hold for any labels, ports and policies: no policy leaves the answer open, the
// order the API lists Kubernetes policies in never matters, and a first Deny of Calico always wins.

const labelValue = fc.constantFrom('web', 'api', 'db');
const endpoint = (name: string) =>
  fc
    .record({
      app: labelValue,
      namespace: fc.constantFrom('shop', 'web'),
      port: fc.integer({ min: 1, max: 65535 }),
    })
    .map(({ app, namespace, port }): PolicyEndpoint =>
      pod(
        `pod/${name}`,
        namespace,
        { app },
        { ips: ['198.18.0.1'], ports: [{ name: 'http', port, protocol: 'TCP' }] },
      ),
    );
const port = fc.integer({ min: 1, max: 65535 });
const kubernetesPolicy = fc
  .record({
    name: fc.stringMatching(/^[a-z]{1,6}$/),
    namespace: fc.constantFrom('shop', 'web'),
    selected: fc.option(labelValue, { nil: undefined }),
    peer: fc.option(labelValue, { nil: undefined }),
    port: fc.option(fc.oneof(port, fc.constant('http')), { nil: undefined }),
    egress: fc.boolean(),
  })
  .map(({ name, namespace, selected, peer, port: rulePort, egress }) => {
    const rule = {
      ...(peer === undefined
        ? {}
        : { [egress ? 'to' : 'from']: [{ podSelector: { matchLabels: { app: peer } } }] }),
      ...(rulePort === undefined ? {} : { ports: [{ port: rulePort }] }),
    };
    return networkPolicy(namespace, name, {
      podSelector: selected === undefined ? {} : { matchLabels: { app: selected } },
      policyTypes: [egress ? 'Egress' : 'Ingress'],
      [egress ? 'egress' : 'ingress']: [rule],
    });
  });

describe('decidePolicy properties', () => {
  it('leaves the answer open when there are no policies at all, with or without Calico', () => {
    fc.assert(
      fc.property(endpoint('a'), endpoint('b'), port, fc.boolean(), (from, to, asked, calico) => {
        const decision = decidePolicy(
          { from, to, port: asked, protocol: 'TCP' },
          {
            networkPolicies: [],
            ...(calico ? { calico: { networkPolicies: [], globalNetworkPolicies: [] } } : {}),
          },
        );
        expect(decision.allowed).toBeUndefined();
        expect(decision.details).toEqual([]);
      }),
    );
  });

  it('answers the same whatever order the Kubernetes NetworkPolicies are listed in', () => {
    fc.assert(
      fc.property(
        endpoint('a'),
        endpoint('b'),
        port,
        fc.uniqueArray(kubernetesPolicy, { maxLength: 5, selector: (policy) => policy.metadata.name }),
        (from, to, asked, policies) => {
          const question = { from, to, port: asked, protocol: 'TCP' as const };
          const forward = decidePolicy(question, { networkPolicies: policies });
          const backward = decidePolicy(question, { networkPolicies: [...policies].reverse() });
          expect(backward).toEqual(forward);
        },
      ),
    );
  });

  it('lets a Deny-everything GlobalNetworkPolicy of the lowest order decide whatever Kubernetes allows', () => {
    const denyAll = globalNetworkPolicy('deny-all', {
      order: 0,
      selector: 'all()',
      types: ['Ingress'],
      ingress: [{ action: 'Deny' }],
    });
    // Ingress policies only: an egress policy of FROM is judged first and may deny before.
    const ingressPolicy = kubernetesPolicy.filter((policy) => 'ingress' in policy.spec);
    fc.assert(
      fc.property(
        endpoint('a'),
        endpoint('b'),
        port,
        fc.array(ingressPolicy, { maxLength: 5 }),
        (from, to, asked, policies) => {
          const decision = decidePolicy(
            { from, to, port: asked, protocol: 'TCP' },
            { networkPolicies: policies, calico: { networkPolicies: [], globalNetworkPolicies: [denyAll] } },
          );
          expect(decision.allowed).toBe(false);
          expect(decision.decidedBy).toBe('GlobalNetworkPolicy deny-all (order 0)');
        },
      ),
    );
  });

  it('never throws on malformed objects: a bad field makes a rule match nothing, not the diagnosis fail', () => {
    // Objects come from the API or a double: shapes are checked field by field, never trusted.
    const malformed = fc.record({
      apiVersion: fc.constantFrom('networking.k8s.io/v1', 'projectcalico.org/v3', 'crd.projectcalico.org/v1'),
      metadata: fc.oneof(
        fc.anything(),
        fc.record({ name: fc.string(), namespace: fc.constantFrom('shop', 'web') }),
      ),
      spec: fc.oneof(
        fc.anything(),
        fc.record({
          selector: fc.string(),
          podSelector: fc.anything(),
          order: fc.anything(),
          types: fc.anything(),
          policyTypes: fc.anything(),
          ingress: fc.array(
            fc.dictionary(
              fc.constantFrom('action', 'from', 'source', 'destination', 'ports', 'protocol'),
              fc.anything(),
            ),
          ),
          egress: fc.anything(),
        }),
      ),
    });
    fc.assert(
      fc.property(
        endpoint('a'),
        endpoint('b'),
        port,
        fc.array(malformed, { maxLength: 4 }),
        (from, to, asked, objects) => {
          const decision = decidePolicy(
            { from, to, port: asked, protocol: 'TCP' },
            {
              networkPolicies: objects,
              calico: { networkPolicies: objects, globalNetworkPolicies: objects, tiers: objects },
            },
          );
          expect([true, false, undefined]).toContain(decision.allowed);
        },
      ),
    );
  });
});
