import { InvalidInputError } from '../errors.js';

/** The bot's own options as written, before they are checked against the tool. */
export interface WrittenBotOptions {
  timeout?: string;
  grep?: string;
  raw: boolean;
  file: boolean;
  pcap: boolean;
  namespace?: string;
  cluster?: string;
  reverse: boolean;
}

type ValueOption = 'timeout' | 'grep' | 'namespace' | 'cluster';
type SwitchOption = 'raw' | 'file' | 'pcap' | 'reverse';

// Maps, as the words looked up here are the user's (`constructor` is no option: issue 12).
const valueOptions: ReadonlyMap<string, ValueOption> = new Map([
  ['--timeout', 'timeout'],
  ['--grep', 'grep'],
  ['--namespace', 'namespace'],
  ['--cluster', 'cluster'],
]);
const switchOptions: ReadonlyMap<string, SwitchOption> = new Map([
  ['--raw', 'raw'],
  ['--file', 'file'],
  ['--pcap', 'pcap'],
  ['--reverse', 'reverse'],
]);
const valueExamples: Readonly<Record<ValueOption, string>> = {
  timeout: '--timeout 30s',
  grep: '--grep ERROR',
  namespace: '--namespace prod',
  cluster: '--cluster eu-west',
};

/** Every token the bot takes for itself, whatever the tool; `-n` only when the tool has no `-n`. */
export const botOptionNames: readonly string[] = [...valueOptions.keys(), ...switchOptions.keys()];

/**
 * Takes the bot's options out of the words after the tool name, wherever they are, and returns the
 * rest for the tool (SPEC 3). `--` ends the bot's options too: what follows is the tool's, verbatim.
 * `-n NS` is the namespace when the tool has no `-n` of its own; when it has one (tcpdump -n,
 * netstat -n), `-n NS` is the namespace only as the very first word after the tool name.
 */
export function extractBotOptions(
  words: readonly string[],
  toolHasShortN: boolean,
): { options: WrittenBotOptions; rest: string[] } {
  const options: WrittenBotOptions = { raw: false, file: false, pcap: false, reverse: false };
  const rest: string[] = [];

  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] as string;
    if (word === '--') {
      rest.push(...words.slice(index));
      break;
    }
    const switchName = switchOptions.get(word);
    if (switchName) {
      // own-key: a key of this file's own tables, never the user's word
      options[switchName] = true;
      continue;
    }
    const equals = word.indexOf('=');
    const flag = word.startsWith('--') && equals > 0 ? word.slice(0, equals) : word;
    const namespaceShort = word === '-n' && (!toolHasShortN || index === 0);
    const valueName = namespaceShort ? 'namespace' : valueOptions.get(flag);
    if (!valueName) {
      rest.push(word);
      continue;
    }
    let value: string | undefined;
    if (flag !== word) {
      value = word.slice(equals + 1);
    } else {
      value = words[index + 1];
      index += 1;
    }
    if (value === undefined || value === '') {
      // own-key: a key of this file's own tables, never the user's word
      throw new InvalidInputError(`${flag} needs a value, as in ${valueExamples[valueName]}`);
    }
    // own-key: a key of this file's own tables, never the user's word
    if (options[valueName] !== undefined) {
      throw new InvalidInputError(`the ${valueName} is given more than once`, [
        // own-key: a key of this file's own tables, never the user's word
        `keep one: ${valueExamples[valueName]}`,
      ]);
    }
    // own-key: a key of this file's own tables, never the user's word
    options[valueName] = value;
  }
  return { options, rest };
}
