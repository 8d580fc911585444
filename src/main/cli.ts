import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/env.js';
import { isUserError } from '../errors.js';
import { CliContext, exitCodes, type CliStreams } from './cli-context.js';
import { registerExplain } from './explain.js';
import { registerHelp } from './help.js';
// Light declarations only: each command's own composition root is imported when that command runs.
import { registerAll } from './all-command.js';
import { registerAudit } from './audit-command.js';
import { registerBot } from './bot-command.js';
import { registerPolicy } from './policy-command.js';
import { registerRun } from './run-command.js';
import { registerWorker } from './worker-command.js';

/**
 * The composition root of the `netshoot-bot` executable (SPEC 2). Each command lives in its own file
 * under src/main/ and exports `register<Name>(program, context)`; adding one is one line below. A
 * command that needs Slack, Redis or an executor declares itself in `<name>-command.ts` and imports its
 * `<name>.ts` inside the action, so `explain` and `help` start in a few times `node -e 0` (SPEC 8).
 */
export function buildProgram(context: CliContext): Command {
  const program = new Command('netshoot-bot')
    .description('The netshoot network toolbox driven from Slack, and the same grammar from a terminal.')
    .configureOutput({ writeOut: context.streams.out, writeErr: context.streams.err })
    // Errors come back to main() instead of exiting, so tests and callers get the status.
    .exitOverride()
    // `help [tool]` is ours: it knows the tools, not only this program's commands.
    .helpCommand(false)
    .showSuggestionAfterError(true);

  registerExplain(program, context);
  registerHelp(program, context);
  registerRun(program, context);
  registerWorker(program, context);
  registerBot(program, context);
  registerAll(program, context);
  registerPolicy(program, context);
  registerAudit(program, context);
  return program;
}

/**
 * Runs the CLI with `argv` (without node and the script) and returns the exit status: 0 done, 2 invalid
 * input or usage, 1 anything else. Invalid input prints its message and hints, never a stack trace.
 */
export async function main(
  argv: readonly string[],
  context = new CliContext(processStreams),
): Promise<number> {
  const program = buildProgram(context);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already written its message; --help and --version end with 0.
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.invalid;
    }
    if (isUserError(error)) {
      context.fail(error.describe(), exitCodes.invalid);
      return context.exitCode;
    }
    if (error instanceof ConfigError) {
      context.fail(`configuration error:\n${error.message}\n${whereConfigLives}`, exitCodes.failure);
      return context.exitCode;
    }
    context.fail(
      `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      exitCodes.failure,
    );
    return context.exitCode;
  }
}

/** The last line of a configuration error: where the variables are set, for a first start with compose. */
const whereConfigLives =
  'Set these in the environment; with docker compose, in .env beside docker-compose.yml (cp .env.example .env, then fill it in; docs/docker.md).';

const processStreams: CliStreams = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** True when this file is the program itself (`tsx src/main/cli.ts`), not imported by bin/ or a test. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    // dropped: a script path that cannot be resolved is not this file, so this is not the entry point.
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await main(process.argv.slice(2));
}
