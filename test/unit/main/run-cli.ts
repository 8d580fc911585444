import type { CommandDefinition } from '../../../src/catalogue/define-command.js';
import { CliContext } from '../../../src/main/cli-context.js';
import { main } from '../../../src/main/cli.js';

/** Runs the CLI in-process against a catalogue and returns what it printed and its exit status. */
export async function runCli(
  argv: readonly string[],
  commands?: readonly CommandDefinition[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const context = new CliContext(
    { out: (text) => void (stdout += text), err: (text) => void (stderr += text) },
    {},
    commands,
  );
  const code = await main(argv, context);
  return { code, stdout, stderr };
}
