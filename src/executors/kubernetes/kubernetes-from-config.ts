import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Config } from '../../config/env.js';
import type { Executor } from '../executor.js';
import { createKubeClients, loadKubeConfig } from './kube-clients.js';
import { createKubernetesExecutor } from './kubernetes-executor.js';

/** Where a pod's ServiceAccount mount says which namespace the pod runs in. */
const inClusterNamespaceFile = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/**
 * The kubernetes executor as a worker configures it: the cluster of the kubeconfig's context
 * (NETSHOOT_KUBE_CONTEXT, else the current one, else the in-cluster ServiceAccount) is the one this
 * worker serves under NETSHOOT_CLUSTER. Node toolboxes go in NETSHOOT_NAMESPACE, else the worker
 * pod's own namespace, else `netshoot`.
 */
export function createKubernetesExecutorFromConfig(config: Config, logger?: Logger): Executor {
  const kubeConfig = loadKubeConfig(
    config.NETSHOOT_KUBE_CONTEXT ? { context: config.NETSHOOT_KUBE_CONTEXT } : {},
  );
  return createKubernetesExecutor({
    clients: createKubeClients(kubeConfig),
    image: config.NETSHOOT_IMAGE,
    namespace: config.NETSHOOT_NAMESPACE ?? inClusterNamespace() ?? 'netshoot',
    cluster: config.NETSHOOT_CLUSTER,
    ...(config.NETSHOOT_SESSION_IDLE ? { nodeIdleMs: config.NETSHOOT_SESSION_IDLE } : {}),
    ...(logger ? { logger } : {}),
  });
}

function inClusterNamespace(): string | undefined {
  try {
    return readFileSync(inClusterNamespaceFile, 'utf8').trim() || undefined;
  } catch (error) {
    // Not in a pod: no ServiceAccount mount, so the other defaults apply. An unreadable one is a fault.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
