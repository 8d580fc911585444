import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

export interface HealthRoute {
  readonly path: string;
  readonly method: 'GET';
  readonly handler: (request: IncomingMessage, response: ServerResponse) => void;
}

export interface HealthDependencies {
  /** Resolves when the bot can take work: Redis answers PING. */
  readonly readiness: () => Promise<void>;
  readonly registry: Registry;
}

/**
 * GET /healthz (the process is up), GET /readyz (Redis answers, so commands can be queued),
 * GET /metrics (Prometheus). Bolt's receivers take them as customRoutes.
 */
export function healthRoutes({ readiness, registry }: HealthDependencies): HealthRoute[] {
  const send = (response: ServerResponse, status: number, type: string, body: string) => {
    response.writeHead(status, { 'content-type': type }).end(body);
  };
  return [
    {
      path: '/healthz',
      method: 'GET',
      handler: (_request, response) => send(response, 200, 'text/plain', 'ok\n'),
    },
    {
      path: '/readyz',
      method: 'GET',
      handler: (_request, response) => {
        readiness().then(
          () => send(response, 200, 'text/plain', 'ready\n'),
          (error: unknown) => send(response, 503, 'text/plain', `not ready: ${(error as Error).message}\n`),
        );
      },
    },
    {
      path: '/metrics',
      method: 'GET',
      handler: (_request, response) => {
        registry.metrics().then(
          (text) => send(response, 200, registry.contentType, text),
          (error: unknown) => send(response, 500, 'text/plain', String(error)),
        );
      },
    },
  ];
}

/**
 * In Socket Mode there is no Request URL, yet Kubernetes still probes: the same routes on their own
 * small server on PORT.
 */
export async function serveHealthRoutes(routes: readonly HealthRoute[], port: number): Promise<Server> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((candidate) => candidate.path === path && candidate.method === request.method);
    if (route) route.handler(request, response);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  return server;
}
