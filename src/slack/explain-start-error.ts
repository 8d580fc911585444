import { ConfigError } from '../config/env.js';
import { TransientError } from '../errors.js';
import { slackErrorCode } from './queued-message.js';

/**
 * Slack's API not answering at all (no route, refused, a name that does not resolve, a timeout) or
 * answering with an HTTP error: one line naming SLACK_API_URL and the address, as Redis's does.
 */
function explainUnreachable(error: unknown, apiUrl: string): TransientError | undefined {
  const { code, original, statusCode } = (error ?? {}) as {
    code?: unknown;
    original?: Error & { cause?: unknown };
    statusCode?: unknown;
  };
  const fix =
    "check the network (and a proxy, if one is needed), or set SLACK_API_URL to where Slack's Web API answers";
  if (code === 'slack_webapi_request_error') {
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND) is its cause.
    const cause = original?.cause instanceof Error ? original.cause.message : original?.message;
    return new TransientError(
      `could not reach Slack's API at SLACK_API_URL (${apiUrl}: ${cause ?? 'no answer'}): ${fix}`,
      { cause: error },
    );
  }
  if (code === 'slack_webapi_http_error') {
    return new TransientError(
      `Slack's API at SLACK_API_URL (${apiUrl}) answered HTTP ${String(statusCode)}: ${fix}, or try again when Slack is back`,
      { cause: error },
    );
  }
  return undefined;
}

/**
 * A token Slack refuses at start-up becomes a sentence about which variable to fix and where to find
 * the right value (probot's get-error-handler), instead of an SDK stack trace.
 */
export function explainSlackStartError(
  error: unknown,
  variable: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN',
  apiUrl: string,
): Error {
  const unreachable = explainUnreachable(error, apiUrl);
  if (unreachable) return unreachable;
  const code = slackErrorCode(error);
  if (code === undefined) return error instanceof Error ? error : new Error(String(error));
  const where =
    variable === 'SLACK_BOT_TOKEN'
      ? "copy the Bot User OAuth Token (xoxb-...) from your Slack app's OAuth & Permissions page, and reinstall the app if it was revoked"
      : "create an app-level token with the connections:write scope (xapp-...) on your Slack app's Basic Information page, and turn on Socket Mode";
  return new ConfigError([{ variable, message: `Slack refused it (${code}): ${where}` }]);
}
