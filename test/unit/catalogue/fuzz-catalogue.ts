import fc from 'fast-check';
import { isTwoParty, type CommandDefinition } from '../../../src/catalogue/define-command.js';
import { parseToolArgs } from '../../../src/grammar/parse-tool-args.js';
import { planRequest, type Plan } from '../../../src/catalogue/plan.js';
import { isUserError } from '../../../src/errors.js';
import { extractBotOptions } from '../../../src/grammar/extract-bot-options.js';
import { normaliseSlackText } from '../../../src/grammar/normalise-slack-text.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { requestSchema, type Request } from '../../../src/grammar/request.js';
import { quoteForDisplay, tokenise } from '../../../src/grammar/tokenise.js';

/**
 * The property tests' machinery, shared by the catalogue's and the grammar's own fuzzing: inputs
 * (arbitrary text, and valid example lines with words inserted, replaced, dropped, quoted), and the
 * oracle that judges what parseRequest and planRequest did with them.
 */

export const numRuns =
  Number(process.env.FC_NUM_RUNS) ||
  (process.env.CI === 'true' || process.env.REQUIRE_INTEGRATION === '1' ? 10_000 : 2_000);

/** Words an attacker or a clumsy hand would add: every tool's flags, the dangerous ones, the shell's. */
export function hostileWords(commands: readonly CommandDefinition[]): string[] {
  const declared = commands.flatMap((command) => [
    ...Object.keys(command.syntax.flags),
    ...Object.keys(command.syntax.denied ?? {}),
    ...Object.keys(command.syntax.prefixes ?? {}).map((prefix) => `${prefix}-x`),
  ]);
  return [
    ...new Set([
      ...declared,
      ...['-o', '-oN', '-oX', '-oG', '-iL', '--script', '--script=vuln', '-z', '-r', '-w', '-Z', '-K'],
      ...['-e', '-c', '-x', '-O', '--output', '--config', '-F', '--data', '-d', '-T', '--upload-file'],
      ...['/tmp/x', 'file:///etc/passwd', '@/etc/passwd', '-o/tmp/x', '-w/tmp/x', '--output=/tmp/x'],
      ...['$(id)', '`id`', ';', '|', '&&', '>', '>/tmp/x', '*', '~', '$HOME', '\\', '"', "'", '--', '-'],
      ...['-1', '--help', '-h', '-v', '-vvvv', '-', '+trace', '+short', '@198.18.0.1', '@-c'],
      ...[
        '\u2014timeout',
        '\u2013',
        '\u00e9',
        '\u202E',
        '\u0000',
        '\uFEFF',
        '\u{1D54F}',
        '\u00A0',
        '\u201Cx\u201D',
      ],
      ...['pod/x', 'svc/db', 'host', 'node/n1', 'container/c', 'pod/-x', 'deploy/', 'netns/../x', 'HOST'],
      ...['--timeout', '5s', '999h', '0s', '--grep', '--raw', '--file', '--pcap', '--reverse', '-n', 'prod'],
      ...['--namespace', 'Prod', '--cluster', '--timeout=-1', '--namespace=-x', '<http://x|x>', '&amp;&lt;'],
      ...['0', '1', '65536', '99999999999', '1-65535', '80,443', 'eth0', 'any', '198.18.0.1', '::1'],
      ...['http://198.18.0.1/', 'ftp://x/', 'A', 'MX', 'ANY', 'AXFR', 'port 80', 'tcp', 'and', 'not'],
    ]),
  ];
}

type Mutation =
  | { kind: 'insert'; at: number; word: string }
  | { kind: 'replace'; at: number; word: string }
  | { kind: 'delete'; at: number }
  | { kind: 'glue'; at: number; word: string };

/** A valid example line of some command, mutated a few times, joined back into text. */
export function mutatedLine(commands: readonly CommandDefinition[]): fc.Arbitrary<string> {
  const examples = commands.flatMap((command) => command.examples);
  const word = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...hostileWords(commands)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  );
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), word }),
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), word }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('glue' as const), at: fc.nat(), word }),
  );
  return fc
    .record({
      example: fc.constantFrom(...examples),
      mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
      quoting: fc.constantFrom('plain', 'shell', 'double'),
    })
    .map(({ example, mutations, quoting }) => {
      const words = tokenise(example);
      for (const change of mutations) {
        // Index 0 is the tool name: keep it, so most lines reach the tool's own parser.
        const at = 1 + (change.at % Math.max(1, words.length));
        if (change.kind === 'insert') words.splice(at, 0, change.word);
        else if (change.kind === 'replace') words.splice(at, 1, change.word);
        else if (change.kind === 'delete') words.splice(at, 1);
        else words.splice(at, 1, `${words[at] ?? ''}=${change.word}`);
      }
      if (quoting === 'shell') return words.map(quoteForDisplay).join(' ');
      if (quoting === 'double') return words.map((w) => (/\s/.test(w) ? `"${w}"` : w)).join(' ');
      return words.join(' ');
    });
}

/** Resolves every destination to a test address, as a worker would to a real one. */
const resolve = () => '198.18.0.7';
/** Resolves every Service port name (`svc/db pg`) to a test port, as a worker would to the real one. */
const resolvePort = () => 5432;
/** Where the executor would have tcpdump --pcap write: the builder adds `-w` with it. */
const pcapFile = '/artifacts/capture.pcap';

/**
 * The oracle. parseRequest either refuses with a UserError or returns a valid Request; planning an
 * accepted Request gives argv in which
 * - no value that the user wrote and that starts with `-` survived the schema unchanged, and
 * - every word starting with `-` that the user also wrote is a flag the tool's allowlist declares
 *   (flags the argv builder adds on its own, such as iperf3's -J, are not the user's words).
 * Returns a description of the violation, or undefined when all is well.
 */
export async function judge(
  line: string,
  commands: readonly CommandDefinition[],
): Promise<string | undefined> {
  let request: Request;
  try {
    request = parseRequest(line, commands);
  } catch (error) {
    return isUserError(error) ? undefined : `threw ${String((error as Error).stack ?? error)}`;
  }
  if (!requestSchema.safeParse(request).success) return 'returned a Request that fails its schema';
  const command = commands.find((candidate) => candidate.name === request.tool) as CommandDefinition;

  const userWords = tokenise(normaliseSlackText(line).trim()).slice(1);
  const dashValue = dashValueKept(command, userWords, request.args);
  if (dashValue !== undefined) return `the schema kept the value '${dashValue}'`;

  let plan: Plan;
  try {
    plan = await planRequest(request, {
      resolve,
      resolvePort,
      commands,
      context: { pcapFile },
    });
  } catch (error) {
    return isUserError(error) ? undefined : `planning threw ${String((error as Error).stack ?? error)}`;
  }
  const argvs = plan.kind === 'single' ? [plan.argv] : [plan.server, plan.client];
  if (isTwoParty(command) !== (plan.kind === 'two-party')) return 'planned the wrong shape';
  // A whole word that is a declared switch (ipvsadm's --timeouts) is the allowlist's, even when the
  // builder spells it differently in the argv (--timeout): only the other words can smuggle a flag.
  // The bot's own options (--raw, --file, --timeout 5s, ...) are not the tool's words: a builder may
  // spell one of its own flags the same (mtr's --raw stream) without the user having smuggled it.
  const toolWords = extractBotOptions(userWords, Object.hasOwn(command.syntax.flags, '-n')).rest;
  const userText = toolWords
    .filter(
      (word) =>
        !(Object.hasOwn(command.syntax.flags, word) && command.syntax.flags[word]?.kind === 'boolean'),
    )
    .join(' ');
  for (const argv of argvs) {
    for (const [index, element] of argv.entries()) {
      if (typeof element !== 'string') return `argv holds a ${typeof element}`;
      if (element.includes('\0')) return 'argv holds a NUL character';
      const flagLike = element.startsWith('-') && element !== '-' && element !== '--';
      // `-w <pcapFile>` is the builder's own, from the executor's context, whatever the user typed.
      const writesPcap = element === '-w' && argv[index + 1] === pcapFile;
      if (
        flagLike &&
        !writesPcap &&
        !declaredFlag(command, element) &&
        writtenAsWordStart(userText, element) &&
        !(await builderEmitsAsOften(line, element, argvs, commands))
      ) {
        return `argv holds '${element}', which the user wrote and the allowlist does not declare`;
      }
    }
  }
  return undefined;
}

/**
 * Whether the argv builder puts `element` in the argv on its own as often as it is there now: the
 * same line with the user's copies of it replaced by a plain word still plans to as many. Then the
 * user's text only happened to hold it (curl's own `-q` and a URL ending in `=-q`).
 */
async function builderEmitsAsOften(
  line: string,
  element: string,
  argvs: readonly (readonly string[])[],
  commands: readonly CommandDefinition[],
): Promise<boolean> {
  const count = (all: readonly (readonly string[])[]) =>
    all.flat().filter((candidate) => candidate === element).length;
  try {
    const request = parseRequest(line.split(element).join('zz'), commands);
    const plan = await planRequest(request, { resolve, resolvePort, commands, context: { pcapFile } });
    const plain = plan.kind === 'single' ? [plan.argv] : [plan.server, plan.client];
    return count(plain) >= count(argvs);
  } catch (error) {
    // dropped: a line that no longer parses proves nothing; the element stays suspect.
    void error;
    return false;
  }
}

/**
 * An argv word made only of the tool's declared flags, as the user could have written it: `-c`,
 * a bundle of declared short flags (`-nn`, `-vz`), or a declared value flag with its value attached
 * (`-c5`, `--count=5`).
 */
function declaredFlag(command: CommandDefinition, element: string): boolean {
  const flags = command.syntax.flags;
  if (element in flags) return true;
  const valueFlag = Object.entries(flags).some(
    ([flag, spec]) =>
      spec.kind === 'value' &&
      (element.startsWith(`${flag}=`) || (/^-[^-]$/.test(flag) && element.startsWith(flag))),
  );
  if (valueFlag) return true;
  return /^-[^-]+$/.test(element) && [...element.slice(1)].every((letter) => `-${letter}` in flags);
}

/**
 * Whether the user's text holds `element` where a word or a list item begins (`-x`, `a,-x`, `p=-x`):
 * then the user could have put it in the argv. A flag the builder adds on its own is not in the
 * user's text at such a place, unless the user also typed it, which the allowlist then judged.
 */
function writtenAsWordStart(userText: string, element: string): boolean {
  const escaped = element.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[\\s,=:;'"])${escaped}`).test(userText);
}

/** A string the tool-argument parser collected from the user that starts with `-` and is still in args. */
function dashValueKept(
  command: CommandDefinition,
  userWords: readonly string[],
  args: Record<string, unknown>,
): string | undefined {
  const { rest } = extractBotOptions(userWords, '-n' in command.syntax.flags);
  const raw = parseToolArgs(command.name, command.syntax, rest.slice(command.targets));
  const strings = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(strings) : [];
  for (const [key, value] of Object.entries(raw)) {
    const kept = new Set(strings(args[key]));
    const found = strings(value).find((text) => text.startsWith('-') && kept.has(text));
    if (found !== undefined) return found;
  }
  return undefined;
}
