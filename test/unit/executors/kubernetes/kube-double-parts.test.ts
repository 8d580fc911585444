import { parseLabelSelector } from '../../../harness/kube/label-selector.js';
import { admitPod } from '../../../harness/kube/pod-security.js';
import { applyJsonPatch, mergeEphemeralContainers } from '../../../harness/kube/ephemeral-patch.js';
import type { ApiStatusError } from '../../../harness/kube/api-status.js';
import { recordedCanIBody, selfSubjectAccessReviewProtobuf } from '../../../harness/kube/kubectl-wire.js';

describe("the double's label selectors", () => {
  it.each([
    ['app=web', { app: 'web' }, true],
    ['app==web', { app: 'api' }, false],
    ['app!=web', { app: 'api' }, true],
    ['app', {}, false],
    ['!canary', { canary: 'yes' }, false],
    ['env in (a, b),tier notin (db)', { env: 'b', tier: 'web' }, true],
    ['env in (a,b)', { tier: 'web' }, false],
  ])('%s against %j matches: %s', (selector, labels, expected) => {
    expect(parseLabelSelector(selector)(labels)).toBe(expected);
  });
});

describe("the double's Pod Security admission", () => {
  const toolbox = {
    name: 'netshoot-1',
    securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } },
  };

  it('lets anything through a namespace without an enforce label', () => {
    expect(() => admitPod('web', {}, { ephemeralContainers: [toolbox] })).not.toThrow();
  });

  it('refuses NET_ADMIN under baseline, but not NET_RAW, with the real message', () => {
    const refusal = (() => {
      try {
        admitPod(
          'web',
          { 'pod-security.kubernetes.io/enforce': 'baseline' },
          { ephemeralContainers: [toolbox] },
        );
      } catch (error) {
        return error as ApiStatusError;
      }
      return undefined;
    })();
    expect(refusal?.code).toBe(403);
    expect(refusal?.message).toBe(
      'pods "web" is forbidden: violates PodSecurity "baseline:latest": non-default capabilities (container "netshoot-1" must not include "NET_ADMIN" in securityContext.capabilities.add)',
    );
  });

  it('refuses root and missing capability drops under restricted', () => {
    expect(() =>
      admitPod(
        'web',
        { 'pod-security.kubernetes.io/enforce': 'restricted' },
        { containers: [{ name: 'app' }] },
      ),
    ).toThrow(/runAsNonRoot != true/);
  });
});

describe("the double's patches of ephemeral containers", () => {
  const existing = [{ name: 'a', image: 'i' }];

  it('merges by name: entries the patch does not name stay, new ones are added', () => {
    expect(mergeEphemeralContainers(existing, [{ name: 'b', image: 'j' }]).map((c) => c.name)).toEqual([
      'a',
      'b',
    ]);
  });

  it('removes an entry marked $patch: delete (which the subresource then refuses)', () => {
    expect(mergeEphemeralContainers(existing, [{ name: 'a', $patch: 'delete' }])).toEqual([]);
  });

  it('applies JSON Patch add and test operations to a copy', () => {
    const pod = { spec: { ephemeralContainers: [...existing] } };
    const patched = applyJsonPatch(pod, [
      { op: 'test', path: '/spec/ephemeralContainers/0/name', value: 'a' },
      { op: 'add', path: '/spec/ephemeralContainers/-', value: { name: 'c' } },
    ]) as typeof pod;
    expect(patched.spec.ephemeralContainers.map((c) => c.name)).toEqual(['a', 'c']);
    expect(pod.spec.ephemeralContainers).toHaveLength(1);
  });
});

describe('the kubectl replay of auth can-i', () => {
  it('sends the protobuf SelfSubjectAccessReview kubectl v1.32 sent, byte for byte', () => {
    const body = selfSubjectAccessReviewProtobuf({
      namespace: 'shop',
      verb: 'create',
      group: '',
      resource: 'pods',
      subresource: 'exec',
      name: 'web',
    });
    expect(body.toString('hex')).toBe(recordedCanIBody);
  });
});
