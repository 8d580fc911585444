import { LogLevel, type Logger as SlackLogger } from '@slack/logger';
import type { Logger } from 'pino';

/** Bolt and the Slack SDK log through @slack/logger's interface; ours is pino JSON (STYLE.md). */
export function boltLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: 'slack-sdk' });
  const format = (messages: unknown[]) =>
    messages.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ');
  return {
    debug: (...messages) => child.debug(format(messages)),
    info: (...messages) => child.info(format(messages)),
    warn: (...messages) => child.warn(format(messages)),
    error: (...messages) => child.error(format(messages)),
    // pino's level is set once from LOG_LEVEL; the SDK's own requests to change it are ignored.
    setLevel: () => undefined,
    getLevel: () => (child.isLevelEnabled('debug') ? LogLevel.DEBUG : LogLevel.INFO),
    setName: () => undefined,
  };
}
