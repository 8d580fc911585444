import type { Command } from 'commander';
import type { CliContext } from './cli-context.js';
import { lineFromWords } from './line-from-words.js';

/**
 * `netshoot-bot policy check FILE` and `netshoot-bot policy explain ... "<line>"` (SPEC 6,
 * docs/policy.md): declared here, built in policy.ts, imported only when one of them runs.
 */
export function registerPolicy(program: Command, context: CliContext): void {
  const policy = program
    .command('policy')
    .description('check a policy file, or show what the policy decides for a person and a command line');

  policy
    .command('check')
    .description('validate a policy file: exit 0 with a summary, or 2 with every problem as FILE:LINE')
    .argument('<file>', 'the policy YAML file')
    .action(async (file: string) => {
      const { checkPolicy } = await import('./policy.js');
      context.exitCode = await checkPolicy(file, context);
    });

  policy
    .command('explain')
    .description(
      'decide a command line for a Slack user in a channel, or for an operator; exit 0 allow, 3 needs approval, 4 deny, 2 bad input',
    )
    .argument('<line...>', 'the command line as typed after /netshoot, quoted as one argument or as words')
    .option('--policy <file>', 'the policy file (default: NETSHOOT_POLICY, else the built-in policy)')
    .option('--user <id>', 'the Slack user ID asking, such as U024BE7LH')
    .option('--channel <id>', 'the Slack channel ID asked in, such as C024BE91L')
    .option('--channel-name <name>', 'the channel name, for rules that name channels by #name')
    .option(
      '--group <name-or-id>',
      "a user group the person is in, by the policy's name or its Slack ID (repeatable)",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--operator <name>', 'decide for a command-line operator (run --as NAME) instead of a Slack user')
    .option('--json', 'print the decision as JSON')
    // The tool's own flags (-c 1, -tulpn) belong to the line.
    .allowUnknownOption()
    .action(async (words: string[], flags: ExplainFlags) => {
      const { explainPolicy } = await import('./policy.js');
      context.exitCode = await explainPolicy(lineFromWords(words), flags, context);
    });
}

export interface ExplainFlags {
  readonly policy?: string;
  readonly user?: string;
  readonly channel?: string;
  readonly channelName?: string;
  readonly group: readonly string[];
  readonly operator?: string;
  readonly json?: boolean;
}
