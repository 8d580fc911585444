import { LogLevel, type Logger as SlackLogger } from '@slack/logger';
import type { Logger } from 'pino';

/**
 * Bolt and the Slack SDK log through @slack/logger's interface; ours is pino JSON (STYLE.md). The
 * SDK logs every request at debug, so messages are only formatted when their level is on: on the
 * ack path that formatting cost more than everything else the listener does.
 */
export function boltLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: 'slack-sdk' });
  const format = (messages: unknown[]) =>
    messages.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ');
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...messages: unknown[]) => {
      if (child.isLevelEnabled(level)) child[level](format(messages));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    // pino's level is set once from LOG_LEVEL; the SDK's own requests to change it are ignored.
    setLevel: () => undefined,
    getLevel: () => (child.isLevelEnabled('debug') ? LogLevel.DEBUG : LogLevel.INFO),
    setName: () => undefined,
  };
}
