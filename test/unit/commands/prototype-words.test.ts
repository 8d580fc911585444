import { commands } from '../../../commands/index.js';
import type { Plan } from '../../../src/catalogue/plan.js';
import { quoteForDisplay, tokenise } from '../../../src/grammar/tokenise.js';
import { planText } from './plan-text.js';

/**
 * Issue 12: words that are names of Object.prototype (`constructor`, `toString`, `__proto__`, ...)
 * were looked up in plain-object tables, which answered with what they inherit: a word was dropped,
 * or `null` went into an argv. Every such name, at every word position of every example line of every
 * tool (put in before the word there, and in its place), must be refused with a UserError, or planned
 * into an argv of strings that still carries it. Never a crash, never silently dropped.
 */
const prototypeNames = Object.getOwnPropertyNames(Object.prototype);

function variants(example: string, word: string): string[] {
  const words = tokenise(example);
  const lines: string[] = [];
  for (let position = 0; position <= words.length; position += 1) {
    lines.push([...words.slice(0, position), word, ...words.slice(position)].map(quoteForDisplay).join(' '));
    if (position < words.length) {
      const replaced = [...words];
      replaced[position] = word;
      lines.push(replaced.map(quoteForDisplay).join(' '));
    }
  }
  return lines;
}

function argvsOf(plan: Plan): readonly unknown[][] {
  return plan.kind === 'single' ? [[...plan.argv]] : [[...plan.server], [...plan.client]];
}

/** What went wrong with one line, or undefined when it was refused properly or planned with the word. */
async function fault(line: string, word: string): Promise<string | undefined> {
  let plan: Plan;
  try {
    plan = await planText(line);
  } catch (error) {
    if (error instanceof Error && error.name === 'UserError') return undefined;
    return `crashed: ${error instanceof Error ? error.stack : String(error)}`;
  }
  const argvs = argvsOf(plan);
  const notStrings = argvs.flat().filter((item) => typeof item !== 'string');
  if (notStrings.length > 0) return `argv holds a non-string: ${JSON.stringify(argvs)}`;
  const carried = argvs.flat().some((item) => (item as string).includes(word));
  return carried ? undefined : `'${word}' was dropped: ${JSON.stringify(argvs)}`;
}

describe('names of Object.prototype as words', () => {
  it('covers the names the review named', () => {
    expect(prototypeNames).toEqual(
      expect.arrayContaining(['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty']),
    );
  });

  it.each(commands.map((command) => [command.name, command.examples] as const))(
    '%s refuses each or keeps it in the argv, at every position of every example',
    async (_tool, examples) => {
      const faults: string[] = [];
      for (const example of examples) {
        for (const word of prototypeNames) {
          for (const line of variants(example, word)) {
            const found = await fault(line, word);
            if (found !== undefined) faults.push(`${line}\n  ${found}`);
          }
        }
      }
      expect(faults).toEqual([]);
    },
    // Hundreds of lines a tool: bounded generously for a busy machine.
    120_000,
  );

  it.each([
    ['ip pod/x -- constructor'],
    ['ping pod/x -n constructor 10.0.0.1'],
    ['ping pod/x -c 1 valueOf 10.0.0.1'],
    ['dig pod/x __proto__ +short toString'],
  ])('refuses "%s" with a message, not a stack', async (line) => {
    await expect(planText(line)).rejects.toMatchObject({ name: 'UserError' });
  });
});
