import {
  AppsV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  DiscoveryV1Api,
  Exec,
  KubeConfig,
  NetworkingV1Api,
} from '@kubernetes/client-node';

/** The typed API clients the executor uses, made once from one kubeconfig context. */
export interface KubeClients {
  readonly config: KubeConfig;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly discovery: DiscoveryV1Api;
  /** NetworkPolicies, for `diagnose`'s policy layer. */
  readonly networking: NetworkingV1Api;
  /** metrics.k8s.io (metrics-server), for `stats`. */
  readonly customObjects: CustomObjectsApi;
  readonly exec: Exec;
  /** SubjectAccessReviews: whether the person a job runs for may do what it does (access-review.ts). */
  readonly authorization: AuthorizationV1Api;
}

/**
 * Loads the kubeconfig the way kubectl does (KUBECONFIG, ~/.kube/config, or the in-cluster
 * ServiceAccount when running in a pod), optionally switching context.
 */
export function loadKubeConfig(options: { kubeconfigPath?: string; context?: string } = {}): KubeConfig {
  const config = new KubeConfig();
  if (options.kubeconfigPath) config.loadFromFile(options.kubeconfigPath);
  else config.loadFromDefault();
  if (options.context) config.setCurrentContext(options.context);
  return config;
}

export function createKubeClients(config: KubeConfig): KubeClients {
  return {
    config,
    core: config.makeApiClient(CoreV1Api),
    apps: config.makeApiClient(AppsV1Api),
    discovery: config.makeApiClient(DiscoveryV1Api),
    networking: config.makeApiClient(NetworkingV1Api),
    customObjects: config.makeApiClient(CustomObjectsApi),
    exec: new Exec(config),
    authorization: config.makeApiClient(AuthorizationV1Api),
  };
}
