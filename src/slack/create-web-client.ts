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
