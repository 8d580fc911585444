import type { Server } from 'node:http';
import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { Config } from '../config/env.js';
import { defaultQueuePrefix, queueNameFor } from '../queue/queue-names.js';
import { bullConnectionFor, slotSafePrefix } from '../queue/redis-client.js';
import { serveHealthRoutes, type HealthRoute } from '../slack/health-routes.js';
import { createWorkerMetrics, queueStates, type WorkerMetrics } from '../worker/worker-metrics.js';

export interface WorkerMetricsServer {
  readonly metrics: WorkerMetrics;
  /** The port it listens on; undefined when NETSHOOT_WORKER_METRICS_PORT is 0 or the port was taken. */
  readonly port: number | undefined;
  close(): Promise<void>;
}

/** A scrape must not hang on a Redis that is away: the queue gauge is left out after this long. */
const countsTimeoutMs = 2_000;

/**
 * The worker's /metrics and /healthz on NETSHOOT_WORKER_METRICS_PORT (the bot's are on PORT): the
 * Prometheus scrape, KEDA's or the HPA's view of the queue and the kubelet's probe. A port already
 * taken (two workers on one host network) is said and the worker runs without them: jobs matter more
 * than their numbers.
 */
export async function startWorkerMetricsServer(config: Config, logger: Logger): Promise<WorkerMetricsServer> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const cluster = config.NETSHOOT_CLUSTER;
  const bull = bullConnectionFor(config.REDIS_URL, { failFast: false });
  const queue = new Queue(queueNameFor(cluster), {
    connection: bull.connection,
    prefix: slotSafePrefix(defaultQueuePrefix, bull.clustered),
  });
  queue.on('error', (error) => logger.debug({ err: error }, 'queue-depth connection error'));
  const metrics = createWorkerMetrics(registry, {
    cluster,
    queueCounts: () => withTimeout(queue.getJobCounts(...queueStates), countsTimeoutMs),
    onCountsError: (error) =>
      logger.warn({ err: error }, 'could not read the queue depth for /metrics: the gauge is left out'),
  });
  const send = (status: number, type: string, body: string): HealthRoute['handler'] => {
    return (_request, response) => void response.writeHead(status, { 'content-type': type }).end(body);
  };
  const routes: HealthRoute[] = [
    { path: '/healthz', method: 'GET', handler: send(200, 'text/plain', 'ok\n') },
    {
      path: '/metrics',
      method: 'GET',
      handler: (_request, response) => {
        registry.metrics().then(
          (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
          (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
        );
      },
    },
  ];
  let server: Server | undefined;
  const port = config.NETSHOOT_WORKER_METRICS_PORT;
  if (port !== 0) {
    server = await serveHealthRoutes(routes, port).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE') throw error;
      logger.error(
        { port },
        `port ${port} is taken: this worker serves no /metrics or /healthz; set NETSHOOT_WORKER_METRICS_PORT to a free port, or to 0 to turn them off`,
      );
      return undefined;
    });
  }
  if (server) logger.info({ port }, 'worker metrics on /metrics, health on /healthz');
  return {
    metrics,
    port: server ? port : undefined,
    async close() {
      if (server) {
        const closing = new Promise<void>((resolve) => server?.close(() => resolve()));
        // Keep-alive scrapers would hold close() open until their sockets time out.
        server.closeAllConnections();
        await closing;
      }
      await queue.close();
      bull.close();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
