import { commands } from '../../../commands/index.js';
import { botOptionNames } from '../../../src/grammar/extract-bot-options.js';
import { tokenise } from '../../../src/grammar/tokenise.js';
import { runCli } from './run-cli.js';

/**
 * Issue 2's "done when", over the whole catalogue: explain accepts every example a command shows and
 * refuses every flag it denies with a message that names it. New commands are covered automatically.
 */
describe('explain over the catalogue', () => {
  it('has commands to check', () => {
    expect(commands.length).toBeGreaterThan(0);
  });

  for (const command of commands) {
    it(`accepts every example of ${command.name}`, async () => {
      expect(command.examples.length).toBeGreaterThan(0);
      for (const example of command.examples) {
        const { code, stdout, stderr } = await runCli(['explain', '--json', example]);
        expect({ example, code, stderr }).toEqual({ example, code: 0, stderr: '' });
        expect(JSON.parse(stdout)).toMatchObject({ tool: command.name, privilege: command.privilege });
      }
    });

    // A denied flag the bot takes for itself (curl -n is the namespace, --file the bot's) never reaches the tool.
    const botTakes = (flag: string) =>
      botOptionNames.includes(flag) || (flag === '-n' && !('-n' in command.syntax.flags));
    const denied = Object.keys(command.syntax.denied ?? {}).filter((flag) => !botTakes(flag));
    if (denied.length > 0) {
      it(`refuses every flag ${command.name} denies, naming it`, async () => {
        const example = command.examples[0] as string;
        const words = tokenise(example);
        for (const flag of denied) {
          // Right after the target(s), where a tool's flags go.
          const line = [
            ...words.slice(0, 1 + command.targets),
            flag,
            'x',
            ...words.slice(1 + command.targets),
          ].join(' ');
          const { code, stderr } = await runCli(['explain', line]);
          expect({ line, code }).toEqual({ line, code: 2 });
          // `-batch` may be refused as its denied short form `-b`, which the message then names.
          const shortForm = flag.slice(0, 2);
          const named = shortForm in (command.syntax.denied ?? {}) ? [flag, shortForm] : [flag];
          expect(named.some((name) => stderr.split('\n')[0]?.includes(name))).toBe(true);
        }
      });
    }
  }
});
