import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { V1Pod } from '@kubernetes/client-node';
import { ApiStatusError, pageNotFound } from './api-status.js';
import type { DoubleContext } from './context.js';
import { offersServedProtocol, serveExec } from './exec-websocket.js';
import { containerFor } from './pods.js';
import type { RequestInfo } from './request-info.js';

/**
 * pods/exec as a WebSocket upgrade: the container must be running and the client must offer a
 * channel protocol the double speaks; a refusal is a plain HTTP answer with a Status body.
 */
export async function upgradeExec(
  context: DoubleContext,
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  url: URL,
  info: RequestInfo | undefined,
  log: (code: number) => void,
): Promise<void> {
  try {
    if (!info || info.resource !== 'pods' || info.subresource !== 'exec' || !info.name) throw pageNotFound();
    context.store.get('namespaces', '', info.namespace);
    const pod = context.store.get('pods', info.namespace, info.name) as V1Pod;
    await context.runtime.refresh([pod]);
    const container = containerFor(pod, url.searchParams.get('container'));
    const argv = url.searchParams.getAll('command');
    if (argv.length === 0) throw new ApiStatusError(400, 'BadRequest', 'you must specify at least 1 command');
    const allStatuses = [
      ...(pod.status?.containerStatuses ?? []),
      ...(pod.status?.ephemeralContainerStatuses ?? []),
    ];
    if (!allStatuses.find((status) => status.name === container)?.state?.running) {
      throw new ApiStatusError(
        400,
        'BadRequest',
        `container ${container} is not running in pod ${pod.metadata!.name}`,
      );
    }
    if (!offersServedProtocol(request))
      throw new ApiStatusError(
        400,
        'BadRequest',
        'unable to upgrade: no supported sub-protocol (v5.channel.k8s.io, v4.channel.k8s.io)',
      );
    log(101);
    serveExec(
      request,
      socket,
      head,
      {
        container: context.runtime.containerName(pod, container),
        argv,
        stdin: url.searchParams.get('stdin') === 'true',
      },
      () => undefined,
    );
  } catch (error) {
    const status =
      error instanceof ApiStatusError ? error : new ApiStatusError(500, 'InternalError', String(error));
    if (info) log(status.code);
    const body = JSON.stringify(status.toStatus());
    socket.end(
      `HTTP/1.1 ${status.code} ${status.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
}
