import { formatDuration, parseDuration } from './duration.js';
import { parseToolArgs } from './parse-tool-args.js';
import { InvalidInputError } from '../errors.js';
import { closestNames } from './closest-names.js';
import { describeArgumentIssue } from './describe-argument-issue.js';
import { didYouMean, suggestTargets } from './suggest-targets.js';
import { extractBotOptions } from './extract-bot-options.js';
import { normaliseSlackText } from './normalise-slack-text.js';
import type { Request } from './request.js';
import { parseTargetToken, looksLikeTarget, targetKinds, type TargetRef } from './target.js';
import type { ParsableTool } from './tool-syntax.js';
import { tokenise } from './tokenise.js';
import { hasOwnKey } from './own-entry.js';

/** Slack caps slash command text near this; anything longer is not a command someone typed. */
const maxLength = 4000;
const dns1123Label = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export const generalUsage =
  '/netshoot <tool> <target> [target2] [tool arguments] [--timeout 30s] [-n NAMESPACE]';

/** How each target form is written, for the error when a target is missing or misspelt. */
export const targetForms = Object.keys(targetKinds).map((kind) =>
  kind === 'host' ? 'host' : `${kind}/NAME`,
);

/**
 * Reads `/netshoot` text into a validated Request (SPEC 3): Slack normalisation, shell-style words,
 * the tool, its target(s), the bot's options (anywhere), then the tool's own arguments through its
 * allowlist and schema. Throws InvalidInputError, whose hints carry the usage line and an example,
 * and nothing else for any input. `commands` is the catalogue (commands/index.ts; tests pass their
 * own): handed in, so the grammar never imports the commands it parses.
 */
export function parseRequest(text: string, commands: readonly ParsableTool[]): Request {
  if (text.length > maxLength) {
    throw new InvalidInputError(`the command is ${text.length} characters long; the limit is ${maxLength}`);
  }
  const normalised = normaliseSlackText(text).trim();
  const [toolWord, ...words] = tokenise(normalised);
  if (toolWord === undefined) {
    throw new InvalidInputError('the command is empty: name a tool and a target', [
      `usage: ${generalUsage}`,
      'example: /netshoot dig pod/frontend kubernetes.default',
      'list the tools with: /netshoot help',
    ]);
  }
  const command = findTool(toolWord, commands);
  const hints = usageHints(command);
  try {
    return parseFor(command, words, normalised);
  } catch (error) {
    // Errors from the shared parts (durations, the tool-argument parser) get the usage and example.
    if (error instanceof InvalidInputError && !error.hints.some((hint) => hint.startsWith('usage: '))) {
      throw new InvalidInputError(error.message, [...error.hints, ...hints]);
    }
    throw error;
  }
}

function parseFor(command: ParsableTool, words: readonly string[], text: string): Request {
  const tool = command.name;
  const { options, rest } = extractBotOptions(words, hasOwnKey(command.syntax.flags, '-n'));

  const targetWords = rest.slice(0, command.targets);
  if (command.targets === 0 && rest[0] !== undefined && parseTargetToken(rest[0])) {
    throw new InvalidInputError(`${tool} takes no target: it runs where the worker reaches the datastore`);
  }
  const written = targetWords.map((word, index) => readTarget(command, word, index));
  if (written.length < command.targets) {
    const what = command.targets === 2 ? 'two targets, the server first and then the client' : 'a target';
    throw new InvalidInputError(`${tool} needs ${what}`, [`targets are written ${targetForms.join(', ')}`]);
  }
  if (options.reverse && command.targets !== 2) {
    throw new InvalidInputError(`--reverse only applies to two-party tools such as iperf3, not ${tool}`);
  }
  if (options.pcap && !command.supportsPcap) {
    throw new InvalidInputError(`--pcap only applies to packet captures such as tcpdump, not ${tool}`);
  }
  const targets: TargetRef[] = options.reverse ? [...written].reverse() : written;

  const toolWords = rest.slice(command.targets);
  const raw = parseToolArgs(tool, command.syntax, toolWords);
  const parsed = command.args.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = issue
      ? describeArgumentIssue(tool, command.syntax, raw, toolWords, issue)
      : `${tool}: the arguments are not valid`;
    // A destination with a misspelt kind (`nc pod/a pdo/db 80`) fails as a host name; say what was meant.
    throw new InvalidInputError(message, didYouMean(toolWords.flatMap(misspeltTarget)));
  }
  if (typeof parsed.data !== 'object' || parsed.data === null || Array.isArray(parsed.data)) {
    throw new Error(`${tool}: its args schema must produce an object`);
  }

  return {
    tool,
    targets,
    args: parsed.data as Record<string, unknown>,
    namespace: checkLabel('namespace', options.namespace ?? 'default'),
    cluster: checkLabel('cluster', options.cluster ?? 'default'),
    options: {
      timeoutMs: timeoutFor(command, options.timeout),
      ...(options.grep !== undefined ? { grep: options.grep } : {}),
      raw: options.raw,
      file: options.file,
      pcap: options.pcap,
    },
    text,
  };
}

function findTool(word: string, commands: readonly ParsableTool[]): ParsableTool {
  const name = word.toLowerCase();
  const command = commands.find((candidate) => candidate.name === name);
  if (command) return command;
  if (word.startsWith('-')) {
    throw new InvalidInputError(
      `start with the tool's name, then the target; options such as ${word} come after`,
      [`usage: ${generalUsage}`, 'example: /netshoot dig pod/frontend kubernetes.default --timeout 30s'],
    );
  }
  const near = closestNames(
    name,
    commands.map((candidate) => candidate.name),
  );
  throw new InvalidInputError(`unknown tool '${word.length > 40 ? `${word.slice(0, 37)}...` : word}'`, [
    ...(near.length > 0 ? [`did you mean: ${near.join(', ')}?`] : []),
    'list the tools with: /netshoot help',
  ]);
}

function readTarget(command: ParsableTool, word: string, index: number): TargetRef {
  const target = parseTargetToken(word);
  if (target) return target;
  const which =
    command.targets === 2 ? (index === 0 ? 'the server target' : 'the client target') : 'a target';
  const forms = `targets are written ${targetForms.join(', ')}`;
  if (looksLikeTarget(word)) {
    throw new InvalidInputError(
      `'${word}' is not a valid target name: names are letters, digits, '.', '_' and '-', starting with a letter or digit`,
      [forms],
    );
  }
  const slash = word.indexOf('/');
  if (slash > 0) {
    const kind = word.slice(0, slash);
    throw new InvalidInputError(`'${shorten(kind)}' in '${shorten(word)}' is not a kind of target`, [
      ...didYouMean(suggestTargets(word)),
      forms,
    ]);
  }
  throw new InvalidInputError(
    `${command.name} needs ${which} ${index === 0 ? 'right after its name' : 'after the first one'}, not '${shorten(word)}'`,
    [...didYouMean(suggestTargets(word)), forms],
  );
}

/** A word as quoted back to the user: whole when short, cut when someone pasted a page. */
function shorten(word: string): string {
  return word.length > 40 ? `${word.slice(0, 37)}...` : word;
}

/** `pdo/db` -> `pod/db`: a tool word written as `kind/name` whose kind is none of the target kinds. */
function misspeltTarget(word: string): string[] {
  const slash = word.indexOf('/');
  if (slash <= 0 || looksLikeTarget(word) || word.includes('://')) return [];
  return suggestTargets(word).slice(0, 1);
}

function timeoutFor(command: ParsableTool, written: string | undefined): number {
  const max = parseDuration(command.timeout.max);
  if (written === undefined) return parseDuration(command.timeout.default);
  const ms = parseDuration(written);
  if (ms > max) {
    throw new InvalidInputError(
      `--timeout ${written} is above ${command.name}'s maximum of ${formatDuration(max)}`,
    );
  }
  return ms;
}

function checkLabel(what: 'namespace' | 'cluster', value: string): string {
  if (dns1123Label.test(value)) return value;
  throw new InvalidInputError(
    `'${value.length > 70 ? `${value.slice(0, 67)}...` : value}' is not a valid ${what} name: lower-case letters, digits and '-', at most 63 characters`,
  );
}

function usageHints(command: ParsableTool): string[] {
  const example = command.examples[0];
  return [
    `usage: /netshoot ${command.usage}`,
    ...(example !== undefined ? [`example: /netshoot ${example}`] : []),
  ];
}
