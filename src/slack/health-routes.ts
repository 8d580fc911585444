import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { PolicyStatus } from '../policy/ports.js';

export interface HealthRoute {
  readonly path: string;
  readonly method: 'GET';
  readonly handler: (request: IncomingMessage, response: ServerResponse) => void;
}

export interface HealthDependencies {
  /** Resolves when the bot can take work: Redis answers PING. */
  readonly readiness: () => Promise<void>;
  readonly registry: Registry;
  /** The policy in force: /readyz says when a reload failed and which policy stays in force. */
  readonly policyStatus?: () => PolicyStatus;
}

/**
 * GET /healthz (the process is up), GET /readyz (Redis answers, so commands can be queued),
 * GET /metrics (Prometheus). Bolt's receivers take them as customRoutes.
 *
 * A policy reload that failed leaves /readyz at 200 and says so in the body: the last good policy
 * still decides, so the bot serves correctly; a 503 would take every replica out of its Service at
 * once when a broken ConfigMap rolls out, turning a typo into an outage.
 */
export function healthRoutes({ readiness, registry, policyStatus }: HealthDependencies): HealthRoute[] {
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
          () => send(response, 200, 'text/plain', `${readyWords(policyStatus?.())}\n`),
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

function readyWords(status: PolicyStatus | undefined): string {
  if (!status?.reloadError) return 'ready';
  const { at, message } = status.reloadError;
  return `ready; policy reload failed at ${at}: ${message}; the policy loaded at ${status.loadedAt} stays in force`;
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
