import { readFileSync } from 'node:fs';
import { commands } from '../../../commands/index.js';
import { renderCommandsDoc } from '../../../src/catalogue/render-commands-doc.js';

const committed = readFileSync(new URL('../../../docs/commands.md', import.meta.url), 'utf8');

describe('docs/commands.md', () => {
  it('is what npm run docs makes from the catalogue today (run `npm run docs` when this fails)', () => {
    expect(committed).toBe(renderCommandsDoc(commands));
  });

  it.each(commands.map((command) => [command.name, command] as const))(
    'documents %s: usage, every example, privilege, limits, every allowed and refused flag',
    (name, command) => {
      const section = committed.split(/^## /m).find((part) => part.startsWith(`${name}\n`)) ?? '';
      expect(section).toContain(`/netshoot ${command.usage}`);
      for (const example of command.examples) expect(section).toContain(`/netshoot ${example}`);
      expect(section).toContain(`**Privilege:** ${command.privilege}`);
      expect(section).toContain(`at most ${command.timeout.max}`);
      for (const flag of Object.keys(command.syntax.flags)) expect(section).toContain(`\`${flag}\``);
      for (const flag of Object.keys(command.syntax.denied ?? {}))
        expect(section).toContain(`| \`${flag}\` |`);
    },
  );

  it('shows the limits a schema sets, such as ping’s count bound and default', () => {
    const ping = committed.split(/^## /m).find((part) => part.startsWith('ping\n')) ?? '';
    expect(ping).toContain('| `-c` | a whole number from 1 to 100; default 4 |');
  });
});
