import type { Command } from 'commander';
import type { CliContext } from './cli-context.js';
import { lineFromWords } from './line-from-words.js';

/**
 * `netshoot-bot run "<line>"` (SPEC 2): declared here, built in run.ts, which is imported only when the
 * command runs, so that `--help` and `help run` do not load BullMQ and the executors' clients.
 */
export function registerRun(program: Command, context: CliContext): void {
  program
    .command('run')
    .description('enqueue a command line, wait, print the result, exit with its status')
    .argument('<line...>', 'the command line as typed after /netshoot, quoted as one argument or as words')
    .option(
      '--remote',
      "queue on the cluster's queue for separate `netshoot-bot worker`s instead of running in-process",
    )
    .option('--output-dir <dir>', 'where files such as pcaps are saved (default: a new temporary directory)')
    .option(
      '--as <name>',
      'the operator the policy decides for (default: NETSHOOT_OPERATOR, else your OS user name)',
    )
    // The tool's own flags (-c 1, -tulpn) belong to the line.
    .allowUnknownOption()
    .action(async (words: string[], flags: { remote?: boolean; outputDir?: string; as?: string }) => {
      const { runLine } = await import('./run.js');
      context.exitCode = await runLine(lineFromWords(words), flags, context);
    });
}
