import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { commands } from '../../../commands/index.js';
import type { Executor } from '../../../src/executors/executor.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { describeWith } from '../../harness/infrastructure.js';
import { startKubeDouble, type KubeDouble } from '../../harness/kube/kube-double.js';
import { executorFor, sleepingPod } from '../../harness/kube/kube-fixtures.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';
import { createPipeline, type Pipeline } from '../pipeline/pipeline-fixture.js';

jest.setTimeout(180_000);

const rbac = 'rbac.authorization.k8s.io';

describeWith(
  ['docker', 'redis'],
  "the worker checks the person's own Kubernetes RBAC before a toolbox joins their target",
  () => {
    const image = doubleToolboxImage();
    let double: KubeDouble;
    let executor: Executor;
    let pipeline: Pipeline;

    beforeAll(async () => {
      double = await startKubeDouble({ holderImage: image });
      executor = executorFor(double, image);
      await double.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
      await double.apply(sleepingPod('web', image, { namespace: 'shop' }));
      await double.waitForPodRunning('shop', 'web');
      // alice may add the toolbox but not exec into it: half of what the worker does for her.
      await double.apply({
        apiVersion: `${rbac}/v1`,
        kind: 'Role',
        metadata: { name: 'debug-web', namespace: 'shop' },
        rules: [
          {
            apiGroups: [''],
            resources: ['pods/ephemeralcontainers'],
            verbs: ['patch'],
            resourceNames: ['web'],
          },
        ],
      });
      await double.apply({
        apiVersion: `${rbac}/v1`,
        kind: 'RoleBinding',
        metadata: { name: 'alice-debugs-web', namespace: 'shop' },
        roleRef: { apiGroup: rbac, kind: 'Role', name: 'debug-web' },
        subjects: [{ apiGroup: rbac, kind: 'User', name: 'alice@example.com' }],
      });
      pipeline = createPipeline(commands, undefined, { attempts: 1 });
      await pipeline.startWorker({ executors: [executor] });
    });

    afterAll(async () => {
      await pipeline?.close();
      await executor?.close();
      await double?.close();
    });

    /** A read tool on the pod, for alice as the policy would map her (SPEC 6: authorization.kubernetes). */
    async function runAsAlice(): Promise<Awaited<ReturnType<Pipeline['queue']['waitForOutcome']>>> {
      const request = {
        ...parseRequest('ip pod/web -n shop addr show', commands),
        cluster: pipeline.cluster,
      };
      const { jobId } = await pipeline.queue.enqueue({
        request,
        origin: { via: 'cli', user: 'alice' },
        dedupeKey: randomUUID(),
        authorization: {
          subject: { kind: 'operator', name: 'alice' },
          door: 'run',
          rule: 'read-tools-for-everyone',
          kubernetes: { user: 'alice@example.com', groups: ['shop-devs'] },
        },
      });
      return pipeline.queue.waitForOutcome(jobId, 90_000);
    }

    it('refuses, naming the missing permission, and adds no toolbox to the pod', async () => {
      const outcome = await runAsAlice();
      expect(outcome.status).toBe('failed');
      expect(outcome.error).toContain(
        'alice@example.com (groups shop-devs) may not create pods/exec on pod shop/web (Kubernetes RBAC, asked with a SubjectAccessReview); ask a cluster admin for a Role that grants it',
      );
      expect((await double.pod('shop', 'web')).spec!.ephemeralContainers ?? []).toEqual([]);
      const reviews = double.accessLog.filter((entry) => entry.resource === 'subjectaccessreviews');
      expect(reviews.map((entry) => entry.verbs)).toEqual([['create'], ['create']]);
    });

    it('runs once a Role grants both, with the toolbox added then', async () => {
      await double.apply({
        apiVersion: `${rbac}/v1`,
        kind: 'Role',
        metadata: { name: 'exec-web', namespace: 'shop' },
        rules: [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'], resourceNames: ['web'] }],
      });
      await double.apply({
        apiVersion: `${rbac}/v1`,
        kind: 'RoleBinding',
        metadata: { name: 'shop-devs-exec-web', namespace: 'shop' },
        roleRef: { apiGroup: rbac, kind: 'Role', name: 'exec-web' },
        subjects: [{ apiGroup: rbac, kind: 'Group', name: 'shop-devs' }],
      });
      const outcome = await runAsAlice();
      expect(outcome.status).toBe('completed');
      expect(outcome.runs[0]!.result.exitCode).toBe(0);
      expect(outcome.runs[0]!.result.stdout).toContain((await double.pod('shop', 'web')).status!.podIP);
      expect((await double.pod('shop', 'web')).spec!.ephemeralContainers).toHaveLength(1);
    });

    it('asks nothing for a job without a Kubernetes identity (no kubernetes: mapping in the policy)', async () => {
      const before = double.accessLog.length;
      const outcome = await pipeline.queue.waitForOutcome(
        await pipeline.submit('ip pod/web -n shop addr show'),
        90_000,
      );
      expect(outcome.status).toBe('completed');
      expect(double.accessLog.slice(before).map((entry) => entry.resource)).not.toContain(
        'subjectaccessreviews',
      );
    });
  },
);
