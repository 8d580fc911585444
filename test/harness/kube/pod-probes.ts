import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import type { V1Container, V1Probe } from '@kubernetes/client-node';

const run = promisify(execFile);

/**
 * The kubelet's readiness probe of one running container: exec in the container, TCP connect or
 * HTTP GET from the node to the pod's IP (the node is the double's bridge gateway, where this process
 * runs). A pod whose probe fails stays Running with the container not ready, and its endpoint turns
 * not ready: what `diagnose` reports as "readiness probe failing". Probed on every read of the pod's
 * status rather than on a period: the double has no kubelet loop, and a read is when status matters.
 */
export async function readinessPasses(
  container: V1Container,
  dockerName: string,
  podIp: string | undefined,
): Promise<boolean> {
  const probe = container.readinessProbe;
  if (!probe) return true;
  // Docker's own exec costs a few hundred ms that the kubelet's CRI call does not: a floor of 2 s.
  const timeoutMs = Math.max(2, probe.timeoutSeconds ?? 1) * 1000;
  if (probe.exec?.command?.length) return execPasses(dockerName, probe.exec.command, timeoutMs);
  if (!podIp) return false;
  const port = probePort(container, probe);
  if (port === undefined) return false;
  if (probe.tcpSocket) return connects(probe.tcpSocket.host ?? podIp, port, timeoutMs);
  if (probe.httpGet)
    return httpPasses(probe.httpGet.host ?? podIp, port, probe.httpGet.path ?? '/', timeoutMs);
  // grpc probes are not played: a pod that asks for one never turns ready here, and says so nowhere.
  return false;
}

async function execPasses(container: string, argv: readonly string[], timeoutMs: number): Promise<boolean> {
  try {
    await run('docker', ['exec', container, ...argv], { timeout: timeoutMs });
    return true;
  } catch {
    return false; // a non-zero exit or the timeout: the probe failed, which is the answer
  }
}

function connects(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (passed: boolean) => {
      socket.destroy();
      resolve(passed);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

async function httpPasses(host: string, port: number, path: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(`http://${host}:${port}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    // The kubelet's rule: 200 to 399 is success.
    return response.status >= 200 && response.status < 400;
  } catch {
    return false;
  }
}

/** A probe's port, by number or by the container port's name. */
function probePort(container: V1Container, probe: V1Probe): number | undefined {
  const port = (probe.tcpSocket?.port ?? probe.httpGet?.port) as number | string | undefined;
  if (typeof port === 'number') return port;
  if (port === undefined) return undefined;
  if (/^\d+$/.test(port)) return Number(port);
  return (container.ports ?? []).find((candidate) => candidate.name === port)?.containerPort;
}
