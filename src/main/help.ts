import type { Command } from 'commander';
import { describeTool, listTools } from '../catalogue/describe-tools.js';
import { InvalidInputError } from '../errors.js';
import { closestNames } from '../grammar/closest-names.js';
import type { CliContext } from './cli-context.js';

/**
 * `netshoot-bot help [tool]`: the tools, or one tool's usage, examples, flags, privilege and limits.
 * `help explain` (a name of this program's own commands) shows that command's options instead.
 */
export function registerHelp(program: Command, context: CliContext): void {
  program
    .command('help')
    .description("list the tools, or show one tool's usage, examples, flags, privilege and timeouts")
    .argument('[tool]', 'a tool name such as dig, or a command of this program such as explain')
    .action((name: string | undefined) => {
      if (name === undefined) {
        context.print(listTools(context.commands));
        context.print('\nnetshoot-bot --help lists the commands of this program.');
        return;
      }
      const command = context.commands.find((candidate) => candidate.name === name.toLowerCase());
      if (command) {
        context.print(describeTool(command));
        return;
      }
      const own = program.commands.find((candidate) => candidate.name() === name);
      if (own) {
        context.print(own.helpInformation());
        return;
      }
      const near = closestNames(
        name,
        context.commands.map((candidate) => candidate.name),
      );
      throw new InvalidInputError(`unknown tool '${name}'`, [
        ...(near.length > 0 ? [`did you mean: ${near.join(', ')}?`] : []),
        'netshoot-bot help lists the tools',
      ]);
    });
}
