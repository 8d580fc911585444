import { KubeConfig, CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';

describe('@kubernetes/client-node under jest', () => {
  it('loads as an ES module and builds a typed API client from a kubeconfig', () => {
    const config = new KubeConfig();
    config.loadFromOptions({
      clusters: [{ name: 'c', server: 'https://198.18.0.10:6443', skipTLSVerify: true }],
      users: [{ name: 'u', token: 't' }],
      contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
      currentContext: 'ctx',
    });
    const api = config.makeApiClient(CoreV1Api);
    expect(typeof api.patchNamespacedPodEphemeralcontainers).toBe('function');
    expect(config.getCurrentCluster()?.server).toBe('https://198.18.0.10:6443');
    expect(PatchStrategy.StrategicMergePatch).toBe('application/strategic-merge-patch+json');
    expect(setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch)).toBeDefined();
  });
});
