import type { Argv } from '../../../src/catalogue/define-command.js';
import { argvOf, refusalOf } from './plan-text.js';

export interface CommandTable {
  /** Command line after `/netshoot` -> the argv it must run. */
  readonly accepted: readonly (readonly [string, Argv])[];
  /** Command line -> a pattern the refusal message must match (it names the flag or value). */
  readonly refused: readonly (readonly [string, RegExp])[];
}

/** The table-driven tests of one command: what it accepts and runs, and what it refuses and why. */
export function describeCommand(tool: string, table: CommandTable): void {
  describe(`the ${tool} command`, () => {
    it.each(table.accepted.map(([text, argv]) => [text, argv] as const))(
      'runs "%s" as the expected argv',
      async (text, argv) => {
        expect(await argvOf(text)).toEqual(argv);
      },
    );
    it.each(table.refused.map(([text, pattern]) => [text, pattern] as const))(
      'refuses "%s" with a message that says why',
      async (text, pattern) => {
        expect(await refusalOf(text)).toMatch(pattern);
      },
    );
  });
}
