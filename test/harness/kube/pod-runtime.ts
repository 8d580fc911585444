import type { V1Container, V1ContainerStatus, V1EphemeralContainer, V1Pod } from '@kubernetes/client-node';
import {
  imageRunsAsRoot,
  doubleLabel,
  doubleNetwork,
  inspectContainers,
  removeContainers,
  startHolder,
  startPodContainer,
  type ContainerSpec,
  type ContainerState,
} from './docker-backend.js';
import { podResolvConf, type ClusterDnsSettings } from './pod-dns.js';
import { readinessPasses } from './pod-probes.js';

/**
 * The kubelet's part: a pod becomes a holder container that owns the network namespace, plus one
 * Docker container per container of the pod (ephemeral ones included), all in the holder's network.
 * Pod status is read back from Docker, so it says what really runs.
 */
export class PodRuntime {
  /** Pods whose containers were started: their status comes from Docker from then on. */
  private readonly started = new Set<string>();
  /** Containers the kubelet refused to create, with its reason (CreateContainerConfigError). */
  private readonly configErrors = new Map<string, string>();

  /** Set once the double's cluster DNS listens; pods started before it keep Docker's resolver. */
  clusterDns?: ClusterDnsSettings;

  constructor(
    private readonly doubleId: string,
    private readonly holderImage: string,
    private readonly nodeAddress: string,
  ) {}

  holderName(pod: V1Pod): string {
    return `kd-${this.doubleId}-${pod.metadata!.namespace}-${pod.metadata!.name}`;
  }

  containerName(pod: V1Pod, container: string): string {
    return `${this.holderName(pod)}-${container}`;
  }

  private labels(pod: V1Pod, container: string): Record<string, string> {
    return {
      [doubleLabel]: this.doubleId,
      'io.kubernetes.pod.namespace': pod.metadata!.namespace!,
      'io.kubernetes.pod.name': pod.metadata!.name!,
      'io.kubernetes.container.name': container,
    };
  }

  async start(pod: V1Pod): Promise<void> {
    const spec = pod.spec!;
    const dns = podResolvConf(spec, pod.metadata!.namespace!, this.clusterDns);
    await startHolder({
      containerName: this.holderName(pod),
      image: this.holderImage,
      hostNetwork: spec.hostNetwork === true,
      labels: this.labels(pod, 'POD'),
      dns,
    });
    for (const container of spec.containers) await this.startContainer(pod, container);
    this.started.add(pod.metadata!.uid!);
  }

  async startEphemeral(pod: V1Pod, container: V1EphemeralContainer): Promise<void> {
    await this.startContainer(pod, container);
  }

  private async startContainer(pod: V1Pod, container: V1Container | V1EphemeralContainer): Promise<void> {
    const podContext = pod.spec!.securityContext;
    const runAsUser = container.securityContext?.runAsUser ?? podContext?.runAsUser;
    const runAsNonRoot = container.securityContext?.runAsNonRoot ?? podContext?.runAsNonRoot;
    // The kubelet's check: a container that must not run as root and would does not start.
    if (runAsNonRoot) {
      const problem =
        runAsUser === 0
          ? "container's runAsUser breaks non-root policy"
          : runAsUser === undefined && (await imageRunsAsRoot(container.image!))
            ? 'container has runAsNonRoot and image will run as root'
            : undefined;
      if (problem) {
        this.configErrors.set(this.containerName(pod, container.name), problem);
        return;
      }
    }
    await startPodContainer({
      containerName: this.containerName(pod, container.name),
      holder: this.holderName(pod),
      spec: { ...container, securityContext: { ...container.securityContext, runAsUser } } as ContainerSpec,
      labels: this.labels(pod, container.name),
    });
  }

  /** Rewrites pod.status from what Docker says; a pod not started yet keeps its Pending status. */
  async refresh(pods: readonly V1Pod[]): Promise<void> {
    const live = pods.filter((pod) => this.started.has(pod.metadata!.uid!));
    const names = live.flatMap((pod) => [
      this.holderName(pod),
      ...pod.spec!.containers.map((c) => this.containerName(pod, c.name)),
      ...(pod.spec!.ephemeralContainers ?? []).map((c) => this.containerName(pod, c.name)),
    ]);
    const states = await inspectContainers(names);
    for (const pod of live) {
      const holder = states.get(this.holderName(pod));
      const statusOf = (container: { name: string; image?: string }) => {
        const refused = this.configErrors.get(this.containerName(pod, container.name));
        if (refused) {
          return {
            name: container.name,
            image: container.image ?? '',
            imageID: '',
            restartCount: 0,
            ready: false,
            started: false,
            state: { waiting: { reason: 'CreateContainerConfigError', message: refused } },
          };
        }
        return containerStatus(container, states.get(this.containerName(pod, container.name)));
      };
      const podIp = pod.spec!.hostNetwork ? this.nodeAddress : holder?.ip;
      const containerStatuses = await Promise.all(
        pod.spec!.containers.map(async (container) => {
          const status = statusOf(container);
          if (!status.ready) return status;
          // Running is not ready when a readiness probe says otherwise (pod-probes.ts).
          const passes = await readinessPasses(container, this.containerName(pod, container.name), podIp);
          return passes ? status : { ...status, ready: false };
        }),
      );
      const unready = containerStatuses.filter((status) => !status.ready).map((status) => status.name);
      const ready = holder?.running === true && unready.length === 0;
      const allEnded = containerStatuses.every((status) => status.state?.terminated);
      const phase = !holder?.running
        ? 'Failed'
        : allEnded
          ? containerStatuses.every((status) => status.state?.terminated?.exitCode === 0)
            ? 'Succeeded'
            : 'Failed'
          : 'Running';
      // The kubelet's wording of a pod that is not ready, on its Ready and ContainersReady conditions.
      const notReady = unready.length
        ? { reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` }
        : {};
      const condition = (type: string, value: boolean) => ({
        type,
        status: value ? 'True' : 'False',
        lastTransitionTime: pod.status?.startTime,
        ...(value || !type.endsWith('Ready') ? {} : notReady),
      });
      pod.status = {
        ...pod.status,
        phase,
        hostIP: this.nodeAddress,
        hostIPs: [{ ip: this.nodeAddress }],
        podIP: podIp,
        podIPs: podIp ? [{ ip: podIp }] : [],
        conditions: [
          condition('PodReadyToStartContainers', true),
          condition('Initialized', true),
          condition('Ready', ready),
          condition('ContainersReady', ready),
          condition('PodScheduled', true),
        ] as never,
        containerStatuses,
        // The kubelet never reports an ephemeral container ready: they have no probes.
        ephemeralContainerStatuses: (pod.spec!.ephemeralContainers ?? []).map((c) => ({
          ...statusOf(c),
          ready: false,
        })),
      };
    }
  }

  isStarted(pod: V1Pod): boolean {
    return this.started.has(pod.metadata!.uid!);
  }

  holderPid(pod: V1Pod): Promise<number | undefined> {
    return inspectContainers([this.holderName(pod)]).then((states) => states.get(this.holderName(pod))?.pid);
  }

  async remove(pod: V1Pod): Promise<void> {
    this.started.delete(pod.metadata!.uid!);
    await removeContainers([
      ...pod.spec!.containers.map((c) => this.containerName(pod, c.name)),
      ...(pod.spec!.ephemeralContainers ?? []).map((c) => this.containerName(pod, c.name)),
      this.holderName(pod),
    ]);
  }

  static podNetworkAddress(): string {
    return doubleNetwork.gateway;
  }
}

function containerStatus(
  container: { name: string; image?: string },
  state: ContainerState | undefined,
): V1ContainerStatus {
  const base = { name: container.name, image: container.image ?? '', imageID: '', restartCount: 0 };
  if (!state || state.creating)
    return { ...base, ready: false, started: false, state: { waiting: { reason: 'ContainerCreating' } } };
  if (state.running) {
    return {
      ...base,
      ready: true,
      started: true,
      state: { running: { startedAt: state.startedAt as never } },
    };
  }
  return {
    ...base,
    ready: false,
    started: false,
    state: {
      terminated: {
        exitCode: state.exitCode ?? 0,
        reason: state.exitCode === 0 ? 'Completed' : 'Error',
        startedAt: state.startedAt as never,
        finishedAt: state.finishedAt as never,
      },
    },
  };
}
