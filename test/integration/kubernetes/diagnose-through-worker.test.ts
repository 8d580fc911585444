import { jest } from '@jest/globals';
import { commands } from '../../../commands/index.js';
import type { Executor } from '../../../src/executors/executor.js';
import { describeWith } from '../../harness/infrastructure.js';
import { seedDiagnoseCluster } from '../../harness/kube/diagnose-cluster.js';
import { startKubeDouble, type KubeDouble } from '../../harness/kube/kube-double.js';
import { executorFor } from '../../harness/kube/kube-fixtures.js';
import { doubleToolboxImage } from '../../harness/kube/toolbox-image.js';
import { diagnosisOf, statuses } from '../diagnose/diagnosis-of.js';
import { createPipeline, type Pipeline } from '../pipeline/pipeline-fixture.js';

jest.setTimeout(300_000);

/**
 * `diagnose` end to end on Kubernetes: the line through the queue, the worker's orchestrator probing
 * from checkout's toolbox (the double's cluster DNS, the ClusterIP, the endpoint), and the
 * Kubernetes executor's service and policy layers from the API.
 */
describeWith(['docker', 'redis'], 'diagnose through the worker against the API-server double', () => {
  const image = doubleToolboxImage();
  let double: KubeDouble;
  let executor: Executor;
  let pipeline: Pipeline;

  beforeAll(async () => {
    double = await startKubeDouble({ holderImage: image });
    executor = executorFor(double, image);
    await seedDiagnoseCluster(double, image);
    pipeline = createPipeline(commands);
    await pipeline.startWorker({ executors: [executor] });
  });

  afterAll(async () => {
    await pipeline?.close();
    await executor?.close();
    await double?.close();
  });

  const diagnose = async (line: string) =>
    diagnosisOf(await pipeline.queue.waitForOutcome(await pipeline.submit(line), 120_000));

  it('healthy: the Service name resolves to the ClusterIP, policy allows, and TCP connects', async () => {
    const diagnosis = await diagnose('diagnose pod/checkout payments.shop 8080 -n front');
    expect(statuses(diagnosis)).toEqual({
      name: 'ok',
      service: 'ok',
      policy: 'ok',
      reach: 'ok',
      app: 'ok',
      path: 'ok',
    });
    expect(diagnosis.layer('name').evidence).toMatch(/^payments\.shop → 198\.18\.200\.\d+$/);
    expect(diagnosis.verdictLayer).toBeUndefined();
    expect(diagnosis.layer('policy').evidence).toContain('NetworkPolicy shop/allow-front');
  });

  it('a Service whose pods fail their readiness probe is the verdict, and nothing above it is probed', async () => {
    const diagnosis = await diagnose('diagnose pod/checkout broken.shop 8080 -n front');
    expect(diagnosis.verdictLayer).toBe('service');
    expect(diagnosis.layer('service').evidence).toBe(
      'broken:8080 has no ready endpoints (2 not ready: readiness probe failing)',
    );
    expect(statuses(diagnosis)).toMatchObject({ reach: 'skipped', app: 'skipped', path: 'skipped' });
  });

  it('a Calico GlobalNetworkPolicy that denies first is the verdict', async () => {
    const diagnosis = await diagnose('diagnose pod/checkout vault.shop 8080 -n front');
    expect(diagnosis.verdictLayer).toBe('policy');
    expect(diagnosis.layer('policy').evidence).toBe(
      'GlobalNetworkPolicy default.deny-vault (order 10) denies ingress from pod/checkout to pod/vault-1 on 8080',
    );
  });
});
