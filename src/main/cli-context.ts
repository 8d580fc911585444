import { commands as catalogue } from '../../commands/index.js';
import type { AuditTrail } from '../audit/audit-record.js';
import type { CommandDefinition } from '../catalogue/define-command.js';

/** Where the CLI writes; process.stdout/stderr in production, strings in tests. */
export interface CliStreams {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/**
 * What every CLI command receives from the composition root: its output streams, the environment,
 * the catalogue, and a place to leave the exit status (`main` returns it; nothing calls process.exit,
 * so long-running commands such as `bot` keep the process alive by their open handles).
 */
export class CliContext {
  exitCode = 0;
  constructor(
    readonly streams: CliStreams,
    readonly env: NodeJS.ProcessEnv = process.env,
    readonly commands: readonly CommandDefinition[] = catalogue,
    /** The audit trail `run` writes to instead of the one on Redis: tests read what it wrote. */
    readonly audit?: AuditTrail,
  ) {}

  /** Writes a line to stdout. */
  print(text: string): void {
    this.streams.out(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Writes a line to stderr and records the failure's exit status. */
  fail(text: string, exitCode: number): void {
    this.streams.err(text.endsWith('\n') ? text : `${text}\n`);
    this.exitCode = exitCode;
  }
}

/**
 * Exit statuses of the CLI: 2 is invalid input or usage, as shells and explain's contract expect;
 * 4 is a refusal by the policy or a limit (nothing was run).
 */
export const exitCodes = { ok: 0, failure: 1, invalid: 2, forbidden: 4 } as const;
