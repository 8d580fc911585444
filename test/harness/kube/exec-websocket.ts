import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { spawnExec } from './docker-backend.js';

/** The remotecommand sub-protocols served, best first; client-node offers v5 down to v1, kubectl only v5. */
const servedProtocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

const channel = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

const wss = new WebSocketServer({
  noServer: true,
  handleProtocols: (offered) => servedProtocols.find((protocol) => offered.has(protocol)) ?? false,
});

/** True when the client offers a protocol this server speaks; the real server answers 400 otherwise. */
export function offersServedProtocol(request: IncomingMessage): boolean {
  const offered = String(request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((protocol) => protocol.trim());
  return servedProtocols.some((protocol) => offered.includes(protocol));
}

/**
 * Runs `argv` in a Docker container over the remotecommand WebSocket protocol: output frames carry the
 * channel in their first byte, and the end is a Status on channel 3 whose `NonZeroExitCode` cause
 * holds the exit code, exactly what client-node's Exec and kubectl read.
 */
export function serveExec(
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  target: { container: string; argv: readonly string[]; stdin: boolean },
  onEnd: (exitCode: number | null) => void,
): void {
  wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
    const child = spawnExec(target.container, target.argv, target.stdin);
    const send = (stream: number, data: Buffer) => {
      if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([stream]), data]));
    };
    child.stdout?.on('data', (data: Buffer) => send(channel.stdout, data));
    child.stderr?.on('data', (data: Buffer) => send(channel.stderr, data));
    ws.on('message', (data: Buffer) => {
      const stream = data[0];
      if (stream === channel.stdin) child.stdin?.write(data.subarray(1));
      if (stream === channel.close && data[1] === channel.stdin) child.stdin?.end();
    });
    // The client went away: the docker CLI goes, the process inside the container stays, as with a
    // real kubelet. Only the far side's own `timeout` ends it.
    ws.on('close', () => child.kill('SIGKILL'));
    child.on('close', (code) => {
      const status =
        code === 0
          ? { metadata: {}, status: 'Success' }
          : {
              metadata: {},
              status: 'Failure',
              message: `command terminated with non-zero exit code: error executing command [${target.argv.join(' ')}], exit code ${code ?? 137}`,
              reason: 'NonZeroExitCode',
              details: { causes: [{ reason: 'ExitCode', message: String(code ?? 137) }] },
            };
      send(channel.error, Buffer.from(JSON.stringify(status)));
      if (ws.readyState === ws.OPEN) ws.close(1000);
      onEnd(code);
    });
  });
}
