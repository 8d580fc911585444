import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Logger } from 'pino';
import { boltLogger } from './bolt-logger.js';

/**
 * Web API calls go to SLACK_API_URL (tests and proxies point it elsewhere). On 429 the client waits
 * the Retry-After Slack sent, then retries; this policy bounds how often and how long, so a job's
 * report gives up after about a minute of rate limiting instead of the SDK's default half hour.
 */
export const slackRetryConfig: NonNullable<WebClientOptions['retryConfig']> = {
  retries: 5,
  factor: 2,
  minTimeout: 200,
  maxTimeout: 10_000,
};

export function slackClientOptions(apiUrl: string): WebClientOptions {
  return { slackApiUrl: apiUrl, retryConfig: slackRetryConfig };
}

/** The worker's client, for the Slack reporter; its SDK logs go through pino like everything else. */
export function createWebClient(token: string, apiUrl: string, logger?: Logger): WebClient {
  return new WebClient(token, {
    ...slackClientOptions(apiUrl),
    ...(logger ? { logger: boltLogger(logger) } : {}),
  });
}

/**
 * The client of the channel writer (channel-writer.ts): a 429 comes back as an error carrying Slack's
 * Retry-After instead of the SDK pausing every call of the client, so the writer holds back only that
 * channel's (or method's) calls, shares the pause with the other replicas, and keeps finals first.
 */
export function createWriterClient(token: string, apiUrl: string, logger: Logger): WebClient {
  return new WebClient(token, {
    ...slackClientOptions(apiUrl),
    rejectRateLimitedCalls: true,
    logger: boltLogger(logger),
  });
}

/**
 * The client of the start-up check (auth.test): one quick retry and a bound per request, so an
 * unreachable SLACK_API_URL stops start-up in seconds with one sentence (explain-start-error.ts),
 * not after the reporter's retries with a stack trace. The SDK's own warnings about the failed
 * request would repeat that sentence less clearly, so they show only at LOG_LEVEL=debug.
 */
export function createStartCheckClient(token: string, apiUrl: string, logger: Logger): WebClient {
  const quiet = logger.isLevelEnabled('debug') ? logger : logger.child({}, { level: 'error' });
  return new WebClient(token, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 1, minTimeout: 200, maxTimeout: 200 },
    timeout: 5000,
    logger: boltLogger(quiet),
  });
}
