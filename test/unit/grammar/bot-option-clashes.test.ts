import { commands } from '../../../commands/index.js';
import { botOptionNames } from '../../../src/grammar/extract-bot-options.js';

/** The bot's options are taken wherever they appear (docs/grammar.md), so a tool flag spelt the same is unreachable. */
describe('the bot options and the catalogue', () => {
  it('has no command that declares a flag the bot takes for itself', () => {
    const clashes = commands.flatMap((command) =>
      Object.keys(command.syntax.flags)
        .filter((flag) => botOptionNames.includes(flag))
        .map((flag) => `${command.name} ${flag}`),
    );
    expect(clashes).toEqual([]);
  });
});
