import { ConfigError } from '../config/env.js';
import { slackErrorCode } from './queued-message.js';

/**
 * A token Slack refuses at start-up becomes a sentence about which variable to fix and where to find
 * the right value (probot's get-error-handler), instead of an SDK stack trace.
 */
export function explainSlackStartError(
  error: unknown,
  variable: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN',
): Error {
  const code = slackErrorCode(error);
  if (code === undefined) return error instanceof Error ? error : new Error(String(error));
  const where =
    variable === 'SLACK_BOT_TOKEN'
      ? "copy the Bot User OAuth Token (xoxb-...) from your Slack app's OAuth & Permissions page, and reinstall the app if it was revoked"
      : "create an app-level token with the connections:write scope (xapp-...) on your Slack app's Basic Information page, and turn on Socket Mode";
  return new ConfigError([{ variable, message: `Slack refused it (${code}): ${where}` }]);
}
