import type { Command } from 'commander';
import type { CliContext } from './cli-context.js';

export interface AuditFlags {
  readonly since: string;
  readonly user?: string;
  readonly tool?: string;
  readonly event?: string;
  readonly limit: string;
  readonly json?: boolean;
}

/**
 * `netshoot-bot audit` (SPEC 6): declared here, built in audit.ts, which is imported only when the
 * command runs, so that `--help` does not load ioredis.
 */
export function registerAudit(program: Command, context: CliContext): void {
  program
    .command('audit')
    .description('read the audit trail back from Redis (REDIS_URL): who ran what, where, and how it ended')
    .option('--since <time>', 'how far back to look: 15m, 1h, 7d', '1h')
    .option('--user <who>', 'a Slack user ID (U…) or operator:NAME, as subject or as approver/canceler')
    .option('--tool <name>', 'only this tool, such as tcpdump')
    .option('--event <event>', 'only this event: requested, refused, queued, started, finished, canceled, …')
    .option('--limit <n>', 'at most this many records, the newest', '100')
    .option('--json', 'one JSON record per line instead of text')
    .action(async (flags: AuditFlags) => {
      const { printAudit } = await import('./audit.js');
      context.exitCode = await printAudit(flags, context);
    });
}
