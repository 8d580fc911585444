import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import {
  PatchStrategy,
  setHeaderOptions,
  type V1EphemeralContainer,
  type V1Pod,
} from '@kubernetes/client-node';
import { ForbiddenError, OperatorError, TargetUnavailableError, TransientError } from '../../errors.js';
import type { KubeClients } from './kube-clients.js';
import { apiFailure, translateApiError } from './kube-api-errors.js';
import { toolboxContainerPrefix } from './labels.js';

export interface PodToolboxOptions {
  readonly image: string;
  /** How long the toolbox lives: its `sleep`. Ephemeral containers cannot be removed, only end. */
  readonly lifetimeSeconds: number;
  /** How long the toolbox may take to start (image pull included). */
  readonly startTimeoutMs: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: string) => void;
}

const pollMs = 300;
const conflictRetries = 3;

/**
 * The pod's toolbox: an ephemeral container `netshoot-<id>` sharing the pod's network namespace.
 * One per pod while it lives (peers pile them up, kubernetes #84764): a running one with enough
 * life left for this command is reused, whoever started it (another worker, this one before a
 * restart), and one still starting is waited for. Only when none is left does this add one, with the
 * pod's resourceVersion in the patch so that two workers racing get one 409 and reuse the winner's.
 *
 * `needSeconds` is the command's deadline: a toolbox about to end is not reused for a command that
 * would outlive it; a new one starts then, so two overlap only during the old one's last minutes.
 */
export async function ensurePodToolbox(
  clients: KubeClients,
  initial: V1Pod,
  needSeconds: number,
  options: PodToolboxOptions,
): Promise<string> {
  let pod = initial;
  let capabilities = fullCapabilities;
  for (let attempt = 0; ; attempt += 1) {
    const existing = findToolbox(pod, options, needSeconds);
    if (existing) {
      if (existing.running) return existing.name;
      options.onProgress?.(`waiting for toolbox ${existing.name} in pod ${pod.metadata!.name}`);
      return waitForRunning(clients, pod, existing.name, options);
    }
    const container = toolboxContainer(options, capabilities);
    options.onProgress?.(`starting toolbox ${container.name} in pod ${pod.metadata!.name}`);
    try {
      await clients.core.patchNamespacedPodEphemeralcontainers(
        {
          name: pod.metadata!.name!,
          namespace: pod.metadata!.namespace!,
          body: {
            metadata: { resourceVersion: pod.metadata!.resourceVersion },
            spec: { ephemeralContainers: [container] },
          },
        },
        // client-node's default Content-Type is a JSON Patch, which a real server refuses for an
        // object body (client-node #2160): say strategic merge explicitly, as kubectl debug does.
        setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
      );
      return await waitForRunning(clients, pod, container.name, options);
    } catch (error) {
      const failure = apiFailure(error);
      if (
        capabilities === fullCapabilities &&
        failure.code === 403 &&
        failure.message.includes('PodSecurity "baseline')
      ) {
        // Baseline forbids NET_ADMIN but allows NET_RAW and root: most tools still work (dig, curl,
        // nc, ping, traceroute, tcpdump without promiscuous mode); iptables, conntrack and the like
        // do not. Better a narrower toolbox, said so, than none.
        capabilities = baselineCapabilities;
        options.onProgress?.(
          `Pod Security (baseline) in namespace ${pod.metadata!.namespace} forbids NET_ADMIN: the toolbox runs with NET_RAW only, so firewall and conntrack tools and promiscuous capture are unavailable in pod ${pod.metadata!.name}`,
        );
        continue;
      }
      if (failure.code === 409 && attempt < conflictRetries) {
        // Someone changed the pod (likely another worker adding its toolbox): look again.
        pod = await clients.core.readNamespacedPod({
          name: pod.metadata!.name!,
          namespace: pod.metadata!.namespace!,
        });
        continue;
      }
      throw explainPatchFailure(error, pod);
    }
  }
}

/** What the tools need; and what Pod Security `baseline` still allows. */
const fullCapabilities = ['NET_ADMIN', 'NET_RAW'];
const baselineCapabilities = ['NET_RAW'];

function toolboxContainer(options: PodToolboxOptions, capabilities: readonly string[]): V1EphemeralContainer {
  return {
    name: `${toolboxContainerPrefix}${randomBytes(3).toString('hex')}`,
    image: options.image,
    imagePullPolicy: 'IfNotPresent',
    command: ['sleep', String(options.lifetimeSeconds)],
    terminationMessagePolicy: 'File',
    // No `resources`: the API refuses them on ephemeral containers (they share the pod's), so no
    // ephemeral-storage limit can be declared here. The pod's own limits and the kubelet's eviction
    // bound its disk; the capture's size cap (prlimit --fsize, src/catalogue/capture-cap.ts) bounds ours.
    securityContext: {
      capabilities: { add: [...capabilities] },
      // A pod that runs as non-root (runAsNonRoot at pod level) would make the kubelet refuse the
      // toolbox, whose tools need root with these capabilities: the container says root explicitly,
      // which overrides the pod's setting for this container only. Pod Security `restricted`
      // refuses that, and the message says so.
      runAsUser: 0,
      runAsNonRoot: false,
    },
  };
}

interface FoundToolbox {
  readonly name: string;
  readonly running: boolean;
}

/** A toolbox of ours in the pod that is running with enough life left, or still starting. */
function findToolbox(pod: V1Pod, options: PodToolboxOptions, needSeconds: number): FoundToolbox | undefined {
  const statuses = pod.status?.ephemeralContainerStatuses ?? [];
  const ours = (pod.spec?.ephemeralContainers ?? []).filter(
    (container) => container.name.startsWith(toolboxContainerPrefix) && container.image === options.image,
  );
  for (const container of ours.reverse()) {
    const status = statuses.find((candidate) => candidate.name === container.name);
    const lifetime = Number(container.command?.[0] === 'sleep' ? container.command[1] : NaN);
    if (!status || status.state?.waiting) {
      if (
        !status?.state?.waiting?.reason?.includes('Err') &&
        !status?.state?.waiting?.reason?.includes('BackOff')
      ) {
        return { name: container.name, running: false };
      }
      continue;
    }
    const startedAt = status.state?.running?.startedAt;
    if (!startedAt || !Number.isFinite(lifetime)) continue;
    const remainingSeconds = lifetime - (Date.now() - new Date(startedAt).getTime()) / 1000;
    if (remainingSeconds > needSeconds + 10) return { name: container.name, running: true };
  }
  return undefined;
}

async function waitForRunning(
  clients: KubeClients,
  pod: V1Pod,
  container: string,
  options: PodToolboxOptions,
): Promise<string> {
  const name = pod.metadata!.name!;
  const namespace = pod.metadata!.namespace!;
  const deadline = Date.now() + options.startTimeoutMs;
  let lastReason = 'not started';
  while (Date.now() < deadline) {
    options.signal?.throwIfAborted();
    let current: V1Pod;
    try {
      current = await clients.core.readNamespacedPod({ name, namespace });
    } catch (error) {
      throw translateApiError(
        error,
        `read pod ${name}`,
        `pod ${name} disappeared from namespace ${namespace}`,
      );
    }
    const state = current.status?.ephemeralContainerStatuses?.find(
      (status) => status.name === container,
    )?.state;
    if (state?.running) return container;
    if (state?.terminated) {
      throw new TargetUnavailableError(
        `the toolbox ${container} in pod ${name} ended at once (${state.terminated.reason ?? 'exit'} ${state.terminated.exitCode}${state.terminated.message ? `: ${state.terminated.message}` : ''})`,
      );
    }
    const reason = state?.waiting?.reason;
    // Image pulls can take a while on a fresh node: say what the toolbox is waiting for.
    if (reason && reason !== lastReason)
      options.onProgress?.(`toolbox ${container} in pod ${name}: ${reason}`);
    lastReason = reason ?? lastReason;
    if (state?.waiting?.reason === 'CreateContainerConfigError') {
      throw new TargetUnavailableError(
        `the kubelet refused to start the toolbox ${container} in pod ${name}: ${state.waiting.message ?? 'CreateContainerConfigError'}`,
      );
    }
    if (state?.waiting?.reason === 'InvalidImageName' || state?.waiting?.reason === 'ErrImageNeverPull') {
      throw new OperatorError(
        `the toolbox image ${options.image} cannot start in pod ${name} (${state.waiting.reason})`,
        ["ask an admin to set NETSHOOT_IMAGE to an image the cluster's nodes can pull"],
      );
    }
    await delay(pollMs);
  }
  throw new TransientError(
    `the toolbox ${container} in pod ${name} did not start within ${Math.round(options.startTimeoutMs / 1000)}s (${lastReason})`,
  );
}

/** The two refusals people meet, with what to do about them; anything else by its fate. */
function explainPatchFailure(error: unknown, pod: V1Pod): Error {
  const { code, message } = apiFailure(error);
  const name = pod.metadata!.name!;
  const namespace = pod.metadata!.namespace!;
  if (code === 404) {
    return new TargetUnavailableError(
      `this cluster does not serve ephemeral containers, so the toolbox cannot join pod ${name}`,
      [
        'they need Kubernetes 1.23 or later (the EphemeralContainers feature); older clusters answer 404 to pods/ephemeralcontainers',
        `meanwhile, node/${pod.spec?.nodeName ?? 'NODE'} runs the tool in the node's network namespace instead of the pod's`,
      ],
    );
  }
  if (code === 403 && message.includes('PodSecurity')) {
    const level = /PodSecurity "([a-z]+)/.exec(message)?.[1] ?? 'its';
    return new ForbiddenError(
      `Pod Security (${level}) in namespace ${namespace} refuses the toolbox in pod ${name}: its tools run as root with NET_RAW (and NET_ADMIN where allowed)`,
      [
        message,
        `a cluster admin can allow it with the label pod-security.kubernetes.io/enforce=baseline (most tools) or =privileged (all) on namespace ${namespace}, or run the tool on node/${pod.spec?.nodeName ?? 'NODE'}`,
      ],
    );
  }
  if (code === 403) {
    return new OperatorError(
      `the worker's service account may not patch pods/ephemeralcontainers in namespace ${namespace}, so the toolbox cannot join pod ${name} (${message})`,
      ['ask an admin to apply deploy/base/rbac.yaml, which grants it'],
      { cause: error },
    );
  }
  return translateApiError(error, `add the toolbox to pod ${name}`);
}
