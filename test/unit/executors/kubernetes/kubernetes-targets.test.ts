import type { V1Pod } from '@kubernetes/client-node';
import {
  formatLabelSelector,
  isPodReady,
  podProblem,
} from '../../../../src/executors/kubernetes/targets/kubernetes-targets.js';
import { nodeToolboxName } from '../../../../src/executors/kubernetes/node-toolbox.js';

describe('formatLabelSelector', () => {
  it.each([
    [{ matchLabels: { app: 'web' } }, 'app=web'],
    [{ matchLabels: { app: 'web', tier: 'front' } }, 'app=web,tier=front'],
    [{ matchExpressions: [{ key: 'env', operator: 'In', values: ['a', 'b'] }] }, 'env in (a,b)'],
    [{ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['c'] }] }, 'env notin (c)'],
    [
      {
        matchLabels: { app: 'x' },
        matchExpressions: [
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'zone', operator: 'Exists' },
        ],
      },
      'app=x,!canary,zone',
    ],
    [{}, ''],
  ])('writes %j as %s', (selector, expected) => {
    expect(formatLabelSelector(selector)).toBe(expected);
  });
});

describe('podProblem', () => {
  const pod = (status: V1Pod['status'], metadata: V1Pod['metadata'] = {}): V1Pod => ({
    metadata: { name: 'web', ...metadata },
    status,
  });

  it('says nothing of a Running pod', () => {
    expect(podProblem(pod({ phase: 'Running' }))).toBeUndefined();
  });

  it('names the phase and the reason a container waits', () => {
    expect(
      podProblem(
        pod({
          phase: 'Pending',
          containerStatuses: [
            {
              name: 'a',
              image: 'i',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { waiting: { reason: 'ImagePullBackOff' } },
            },
          ],
        }),
      ),
    ).toBe('pod web is Pending (ImagePullBackOff)');
  });

  it('says a pod being deleted is terminating, whatever its phase', () => {
    expect(podProblem(pod({ phase: 'Running' }, { deletionTimestamp: new Date() }))).toBe(
      'pod web is terminating',
    );
  });

  it('counts a pod Ready only when Running with the Ready condition true', () => {
    expect(isPodReady(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }))).toBe(true);
    expect(isPodReady(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] }))).toBe(
      false,
    );
    expect(isPodReady(pod({ phase: 'Pending', conditions: [{ type: 'Ready', status: 'True' }] }))).toBe(
      false,
    );
  });
});

describe('nodeToolboxName', () => {
  it('names the toolbox pod after its node', () => {
    expect(nodeToolboxName('worker-1')).toBe('netshoot-node-worker-1');
  });

  it('turns dots into dashes, as pod names in a label need', () => {
    expect(nodeToolboxName('ip-10-0-0-1.ec2.internal')).toBe('netshoot-node-ip-10-0-0-1-ec2-internal');
  });

  it('keeps long node names distinct within the 63-character limit', () => {
    const a = nodeToolboxName(`${'n'.repeat(70)}-a`);
    const b = nodeToolboxName(`${'n'.repeat(70)}-b`);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});
