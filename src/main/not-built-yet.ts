import type { Command } from 'commander';
import { exitCodes, type CliContext } from './cli-context.js';

/**
 * A placeholder for a command whose own file is not written yet, so the CLI's shape (SPEC 2) is
 * visible from the start. Its owner replaces the stub's line in cli.ts with a real registration.
 */
export function registerNotBuiltYet(
  program: Command,
  context: CliContext,
  name: string,
  description: string,
): void {
  program
    .command(name)
    .description(`${description} (not built yet)`)
    .argument('[words...]')
    .allowUnknownOption()
    .action(() => {
      context.fail(`netshoot-bot ${name} is not built yet`, exitCodes.failure);
    });
}
