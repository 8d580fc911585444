import type { Summarizer } from '../summary.js';
import { judgeLookup, parseRecords, readUnanswered, withoutRootDot, type DnsLookup } from './dns-lookup.js';

/** dig's timeout per try and its tries (+time=5 +tries=3): the catalogue lets neither be changed. */
const digPerTrySeconds = 5;

/** `198.18.0.2#53(198.18.0.2)` to `198.18.0.2`, and to `198.18.0.2#5353` off port 53. */
function serverOf(text: string): string | undefined {
  const found = /^;; SERVER: ([^#\s(]+)#(\d+)/m.exec(text);
  if (!found) return undefined;
  return found[2] === '53' ? found[1] : `${found[1]}#${found[2]}`;
}

/** The name dig was asked about, from its argv: the word that is neither a flag, a server nor a type. */
function askedName(argv: readonly string[]): string | undefined {
  const words = argv.slice(1);
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    if (word === '-p' || word === '-t' || word === '-x') {
      if (word === '-x') return words[index + 1];
      index += 1;
    } else if (!/^[-+@]/.test(word)) return word;
  }
  return undefined;
}

/** dig's full output: the header's status, the answer section, the server and the query time. */
function readFull(text: string): DnsLookup | undefined {
  const status = /->>HEADER<<-.*status: ([A-Z]+)/.exec(text)?.[1];
  if (!status) return undefined;
  const question = /;; QUESTION SECTION:\n;(\S+)\s+\S+\s+(\S+)/.exec(text);
  const answerSection = /;; ANSWER SECTION:\n([\s\S]*?)(?:\n\n|$)/.exec(text)?.[1] ?? '';
  const queryMs = /;; Query time: (\d+) msec/.exec(text)?.[1];
  const server = serverOf(text);
  return {
    name: withoutRootDot(question?.[1] ?? 'the name'),
    ...(question?.[2] ? { type: question[2] } : {}),
    rcode: status,
    answers: parseRecords(answerSection),
    ...(server ? { server } : {}),
    ...(queryMs === undefined ? {} : { queryMs: Number(queryMs) }),
    authoritative: /;; flags:[^;]*\baa\b/.test(text),
  };
}

/**
 * dig's full output: the status from the header, the answer records, the server and query time.
 * `+short` output is one answer per line.
 */
export const summarizeDig: Summarizer = (result) => {
  const text = result.stdout;
  const full = readFull(text) ?? readUnanswered(text, askedName(result.argv) ?? 'the name', digPerTrySeconds);
  if (full) return judgeLookup(full);
  const answers = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  // +short, +trace and the rest print no header: only +short's one answer a line is read.
  if (result.exitCode !== 0 || answers.some((line) => line.startsWith(';'))) return undefined;
  const name = askedName(result.argv) ?? 'the name';
  if (!answers.length) return { tone: 'degraded', headline: `${name}: no answer (+short)`, facts: [] };
  return {
    tone: 'ok',
    headline: `${name} → ${answers.map(withoutRootDot).join(', ')}`,
    facts: [],
    measures: [{ key: 'answer', label: 'answer', value: [...answers].sort().join(', ') }],
  };
};
