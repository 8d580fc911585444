import type { CommandDefinition } from '../src/catalogue/define-command.js';

/**
 * The catalogue: every tool of SPEC 3, one file each. Filled by the catalogue work; parsers, docs and
 * tests all read this list.
 */
export const commands: readonly CommandDefinition[] = [];

const byName = new Map(commands.map((command) => [command.name, command]));

export function findCommand(name: string): CommandDefinition | undefined {
  return byName.get(name);
}
