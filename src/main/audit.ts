import { parseAuditEvent, parseSince, readAuditRecords } from '../audit/audit-reader.js';
import { renderAuditTable } from '../audit/audit-table.js';
import { loadConfig } from '../config/env.js';
import { InvalidInputError, TransientError } from '../errors.js';
import { checkRedisReachable } from '../queue/check-redis.js';
import { createRedisClient } from '../queue/redis-client.js';
import type { AuditFlags } from './audit-command.js';
import { exitCodes, type CliContext } from './cli-context.js';

/**
 * `netshoot-bot audit` (audit-command.ts declares it): the records of the Redis Stream at REDIS_URL
 * that match, newest last, as aligned text or JSON lines. Redis away is one sentence and exit 1.
 */
export async function printAudit(flags: AuditFlags, context: CliContext): Promise<number> {
  const config = loadConfig(context.env);
  const query = {
    sinceMs: parseSince(flags.since),
    limit: parseLimit(flags.limit),
    ...(flags.user ? { user: flags.user } : {}),
    ...(flags.tool ? { tool: flags.tool } : {}),
    ...(flags.event ? { event: parseAuditEvent(flags.event) } : {}),
  };
  try {
    await checkRedisReachable(config.REDIS_URL);
  } catch (error) {
    if (!(error instanceof TransientError)) throw error;
    context.fail(error.message, exitCodes.failure);
    return exitCodes.failure;
  }
  const redis = createRedisClient(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {
    // Reported by the read below, which fails with it.
  });
  try {
    const records = await readAuditRecords(redis, query);
    if (flags.json) {
      for (const record of records) context.print(JSON.stringify(record));
    } else if (records.length > 0) {
      context.print(renderAuditTable(records));
    } else {
      context.streams.err(`no audit records in the last ${flags.since} that match\n`);
    }
    return exitCodes.ok;
  } finally {
    redis.disconnect();
  }
}

function parseLimit(text: string): number {
  if (/^\d{1,6}$/.test(text) && Number(text) > 0) return Number(text);
  throw new InvalidInputError(`'${text}' is not a number of records`, [
    'write --limit 100, from 1 to 999999',
  ]);
}
