import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { AuditTrail } from '../audit/audit-record.js';
import type { SlackConnection } from '../config/env.js';
import type { Gate } from '../policy/gate.js';
import type { PolicyStatus } from '../policy/ports.js';
import { boltLogger } from './bolt-logger.js';
import { createChannelWriter } from './channel-writer.js';
import { createWriterClient, slackClientOptions } from './create-web-client.js';
import { healthRoutes, serveHealthRoutes } from './health-routes.js';
import { createInFlight } from './in-flight.js';
import { registerJobActions } from './job-action-listeners.js';
import type { MessageStore } from './message-store.js';
import type { CommandCatalogue, SlackQueue } from './ports.js';
import { createRequestArrival } from './request-arrival.js';
import { createSlackBudget, type SlackBudget } from './slack-budget.js';
import { createSlackMetrics } from './slack-metrics.js';
import { registerSlashCommand, type ApprovalRequests } from './slash-command-listener.js';
import { createApprovalDoor } from './approvals/approval-door.js';
import type { ApprovalDependencies } from './approvals/approval-dependencies.js';

export interface SlackAppOptions {
  /** HTTP (signing secret) or Socket Mode (app token): config/env.ts's slackConnection. */
  readonly connection: SlackConnection;
  /** SLACK_API_URL, in both modes: Web API calls and Socket Mode's apps.connections.open. */
  readonly apiUrl: string;
  /** PORT: the Request URL server in HTTP mode, the health server in Socket Mode. 0 picks a free one. */
  readonly port: number;
  readonly catalogue: CommandCatalogue;
  readonly queueFor: (cluster: string) => SlackQueue;
  readonly defaultCluster: string;
  /** See SlashCommandDependencies.checkCluster. */
  readonly checkCluster?: (cluster: string) => Promise<void>;
  /** Every door's policy, limits and authorization (src/policy/create-gate.ts). */
  readonly gate: Gate;
  readonly audit: AuditTrail;
  /**
   * Where requests that need approval wait (src/slack/approvals/), and who is in the approving
   * groups; without them a rule that requires approval refuses, saying approvals are not set up.
   */
  readonly approvals?: Pick<ApprovalDependencies, 'approvals' | 'groups'>;
  /** How often the expiry sweeper looks for requests nobody approved in time (5 s by default). */
  readonly approvalSweepEveryMs?: number;
  readonly messages: MessageStore;
  /** The workspace's URL (auth.test's `url`), for links to job messages in `jobs` and `status`. */
  readonly workspaceUrl?: string;
  /** Resolves when Redis answers: GET /readyz. */
  readonly readiness: () => Promise<void>;
  /** The policy in force and its last reload: GET /readyz says when a reload failed. */
  readonly policyStatus?: () => PolicyStatus;
  readonly registry: Registry;
  readonly logger: Logger;
  /**
   * Slack's limits as a budget (slack-budget.ts), on the Redis the workers share so every replica
   * spends one; a budget of this process only without it.
   */
  readonly budget?: SlackBudget;
  /** How long a stop waits for acked requests to finish their work (queueing); 10 s (botDrainMs) by default. */
  readonly drainMs?: number;
}

export interface SlackApp {
  readonly app: App;
  /** Starts listening (HTTP) or connects (Socket Mode); resolves with the port the HTTP server took. */
  start(): Promise<{ port: number }>;
  /**
   * Takes no new request (the listening socket closes: a load balancer sends them to another
   * replica), lets the ones in flight finish their ack and their enqueue, then disconnects.
   */
  stop(): Promise<void>;
}

/**
 * The Bolt app: the receiver is transport only, the listeners hold the logic (bolt-js AGENTS.md).
 * HTTP mode serves POST /slack/events (commands and interactivity, signatures checked with a
 * five-minute window by Bolt) next to /healthz, /readyz and /metrics; Socket Mode connects out
 * through apps.connections.open and serves the same health routes on PORT.
 */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const logger = boltLogger(options.logger);
  const routes = healthRoutes({
    readiness: options.readiness,
    registry: options.registry,
    ...(options.policyStatus ? { policyStatus: options.policyStatus } : {}),
  });
  const clientOptions = slackClientOptions(options.apiUrl);
  const { connection } = options;
  // The ack metric starts at the request's arrival (request-arrival.ts).
  const arrival = createRequestArrival();

  const receiver =
    connection.mode === 'http'
      ? new HTTPReceiver({
          signingSecret: connection.signingSecret,
          endpoints: '/slack/events',
          customRoutes: routes,
          customPropertiesExtractor: arrival.ofRequest,
          logger,
        })
      : new SocketModeReceiver({
          appToken: connection.appToken,
          logger,
          // Socket Mode's own WebClient opens the connection: it must use SLACK_API_URL too.
          installerOptions: { clientOptions },
          customPropertiesExtractor: arrival.ofEnvelope,
        });
  if (receiver instanceof HTTPReceiver) arrival.stamp(receiver);
  const app = new App({ receiver, token: connection.botToken, logger, clientOptions, ignoreSelf: true });
  app.error(async (error) => {
    options.logger.error({ err: error }, 'a Slack listener failed');
  });
  // Global middleware's next() resolves once the listeners have settled, follow-up work included.
  const inFlight = createInFlight();
  app.use(async ({ next }) => {
    const done = inFlight.begin();
    try {
      await next();
    } finally {
      done();
    }
  });

  const metrics = createSlackMetrics(options.registry);
  const writer = createChannelWriter({
    client: createWriterClient(connection.botToken, options.apiUrl, options.logger),
    budget: options.budget ?? createSlackBudget(),
    logger: options.logger,
  });
  const approvalDoor = options.approvals
    ? createApprovalDoor(
        app,
        {
          ...options.approvals,
          gate: options.gate,
          audit: options.audit,
          queueFor: options.queueFor,
          messages: options.messages,
          logger: options.logger,
        },
        options.approvalSweepEveryMs === undefined ? {} : { sweepEveryMs: options.approvalSweepEveryMs },
      )
    : undefined;
  const approvals: ApprovalRequests | undefined = approvalDoor && {
    ask: ({ input, decision, origin }) =>
      approvalDoor.ask({
        input,
        decision,
        teamId: origin.teamId,
        ...(origin.responseUrl === undefined ? {} : { responseUrl: origin.responseUrl }),
      }),
  };
  registerSlashCommand(app, {
    catalogue: options.catalogue,
    queueFor: options.queueFor,
    defaultCluster: options.defaultCluster,
    ...(options.checkCluster ? { checkCluster: options.checkCluster } : {}),
    gate: options.gate,
    audit: options.audit,
    ...(approvals ? { approvals } : {}),
    messages: options.messages,
    ...(options.workspaceUrl === undefined ? {} : { workspaceUrl: options.workspaceUrl }),
    metrics,
    writer,
    logger: options.logger,
  });
  registerJobActions(app, {
    queueFor: options.queueFor,
    gate: options.gate,
    audit: options.audit,
    messages: options.messages,
    writer,
    logger: options.logger,
  });

  let healthServer: Server | undefined;
  let httpServer: Server | undefined;
  return {
    app,
    async start() {
      if (receiver instanceof HTTPReceiver) {
        const server = (await app.start(options.port)) as Server;
        httpServer = server;
        approvalDoor?.start();
        return { port: (server.address() as AddressInfo).port };
      }
      const server = await serveHealthRoutes(routes, options.port);
      healthServer = server;
      try {
        await app.start();
      } catch (error) {
        // A refused app token: nothing may stay open, or the process would never exit.
        await closeServer(server);
        healthServer = undefined;
        throw error;
      }
      approvalDoor?.start();
      return { port: (server.address() as AddressInfo).port };
    },
    async stop() {
      await approvalDoor?.stop();
      // Closes the listening socket at once; the requests being answered go on.
      const stopped = app.stop();
      httpServer?.closeIdleConnections();
      const left = await inFlight.settled(options.drainMs ?? 10_000);
      if (left > 0) options.logger.warn({ left }, 'stopped with requests still in flight');
      // Keep-alive connections whose last request is answered would hold the close open.
      httpServer?.closeAllConnections();
      httpServer = undefined;
      await stopped;
      if (healthServer) {
        const server = healthServer;
        healthServer = undefined;
        await closeServer(server);
      }
    },
  };
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
