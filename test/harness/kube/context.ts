import type { ObjectStore } from './object-store.js';
import type { PodRuntime } from './pod-runtime.js';

export interface KubeDoubleOptions {
  /** Image of the namespace holder containers (any image with `sleep`). */
  readonly holderImage: string;
  /** Node names; every pod without a nodeName lands on the first. */
  readonly nodes?: readonly { name: string; taints?: { key: string; value?: string; effect: string }[] }[];
  /** false: the cluster predates ephemeral containers, and the subresource answers 404. */
  readonly ephemeralContainers?: boolean;
  /**
   * true: Calico's API server is installed, serving projectcalico.org/v3 (list, get) over the same
   * objects as its CRDs; else that group answers 404, as on a cluster with only the CRDs.
   */
  readonly calicoApiServer?: boolean;
  /** false: Calico is not installed: no crd.projectcalico.org CRDs, so that group answers 404. */
  readonly calicoCrds?: boolean;
  /** false: no metrics-server, and metrics.k8s.io answers 404. */
  readonly metrics?: boolean;
  /**
   * false: the caller lacks `create subjectaccessreviews`, and a review answers the real server's 403
   * (a worker whose ClusterRole predates the grant).
   */
  readonly subjectAccessReviews?: boolean;
  /**
   * Resources the caller lacks every grant for, as RBAC names them (`networkpolicies.networking.k8s.io`;
   * core ones bare: `namespaces`): each request for them answers the real server's 403, as for a
   * worker whose ClusterRole predates the grant.
   */
  readonly forbidden?: readonly string[];
  readonly port?: number;
  /** Serve HTTPS with a fresh self-signed certificate that the kubeconfig trusts (no insecure flag). */
  readonly tls?: boolean;
}

/** What every resource handler of the double shares: the objects, the pods' containers, the options. */
export interface DoubleContext {
  readonly options: KubeDoubleOptions;
  readonly store: ObjectStore;
  readonly runtime: PodRuntime;
  /** kube-proxy's part, run again whenever a pod starts or a Service appears. */
  programServices(): Promise<void>;
  /** Keeps background work (a pod starting) so that close() waits for it. */
  track(promise: Promise<unknown>): void;
}

export const defaultNodes = [{ name: 'double-node-1' }] as const;
