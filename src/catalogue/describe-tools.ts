import { formatDuration, parseDuration } from '../grammar/duration.js';
import { isTwoParty, type CommandDefinition } from './define-command.js';

/**
 * Plain-text help about the catalogue, shared by `netshoot-bot help` and Slack's `/netshoot help`
 * (which wraps it in a code block). Everything comes from the definitions, so help cannot drift.
 */
export function listTools(commands: readonly CommandDefinition[]): string {
  const width = Math.max(...commands.map((command) => command.name.length), 4);
  const lines = [...commands]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((command) => {
      const mark = command.privilege === 'privileged' ? ' (privileged)' : '';
      return `${command.name.padEnd(width)}  ${command.summary}${mark}`;
    });
  return [...lines, '', 'help TOOL shows its usage, examples, flags and limits.'].join('\n');
}

export function describeTool(command: CommandDefinition): string {
  const { syntax } = command;
  const flags = [
    ...Object.keys(syntax.flags).sort(),
    ...Object.entries(syntax.prefixes ?? {}).map(([prefix, key]) => `${prefix}${key}`),
  ];
  const refused = Object.entries(syntax.denied ?? {}).map(([flag, why]) => `  ${flag}: ${why}`);
  const botOptions = [
    '--timeout DURATION',
    '--grep TEXT',
    '--raw',
    '--file',
    ...(command.supportsPcap ? ['--pcap'] : []),
    ...(isTwoParty(command) ? ['--reverse'] : []),
    ...(command.targets > 0 ? ['-n/--namespace NS'] : []),
    '--cluster NAME',
  ];
  return [
    `${command.name}: ${command.summary}`,
    `usage:      /netshoot ${command.usage}`,
    `targets:    ${targetsText(command)}`,
    `privilege:  ${command.privilege}`,
    `timeout:    ${formatDuration(parseDuration(command.timeout.default))} by default, at most ${formatDuration(parseDuration(command.timeout.max))}`,
    `flags:      ${flags.length > 0 ? flags.join(' ') : 'none'}`,
    `options:    ${botOptions.join(' ')}`,
    ...(refused.length > 0 ? ['refused:', ...refused] : []),
    'examples:',
    ...command.examples.map((example) => `  /netshoot ${example}`),
  ].join('\n');
}

function targetsText(command: CommandDefinition): string {
  switch (command.targets) {
    case 0:
      return 'none: it runs where the worker reaches its datastore';
    case 1:
      return 'one: where it runs';
    case 2:
      return 'two: the server, then the client (--reverse swaps them)';
  }
}
