import type { Summarizer } from '../summary.js';
import { judgeLookup, parseRecords, withoutRootDot } from './dns-lookup.js';

/** The name and the server drill was asked about, from its argv (`drill [flags] NAME [@server] [TYPE]`). */
function asked(argv: readonly string[]): { name?: string; server?: string } {
  const valued = new Set(['-V', '-p']);
  let name: string | undefined;
  let server: string | undefined;
  const words = argv.slice(1);
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    if (valued.has(word)) index += 1;
    else if (word.startsWith('@')) server = word.slice(1);
    else if (!word.startsWith('-') && name === undefined) name = word;
  }
  return { ...(name ? { name } : {}), ...(server ? { server } : {}) };
}

/**
 * drill prints dig's sections with its own header (`rcode:` rather than `status:`) and says
 * `Error: error sending query: ...` when no server answered.
 */
export const summarizeDrill: Summarizer = (result) => {
  const text = result.stdout;
  const rcode = /->>HEADER<<-.*rcode: ([A-Z]+)/.exec(text)?.[1];
  if (!rcode) {
    const error = /Error: error sending query: (.+)/.exec(`${result.stderr}\n${text}`)?.[1]?.trim();
    if (!error) return undefined;
    const { name, server } = asked(result.argv);
    return judgeLookup({
      name: name ?? 'the name',
      answers: [],
      ...(server ? { server } : {}),
      unanswered: { reason: error.replace(/\.$/, '').replace(/^Could not/, 'could not') },
    });
  }
  const question = /;; QUESTION SECTION:\n;; (\S+)\s+\S+\s+(\S+)/.exec(text);
  const answerSection = /;; ANSWER SECTION:\n([\s\S]*?)(?:\n\n|$)/.exec(text)?.[1] ?? '';
  const queryMs = /;; Query time: (\d+) msec/.exec(text)?.[1];
  const server = /^;; SERVER: (\S+)/m.exec(text)?.[1];
  return judgeLookup({
    name: withoutRootDot(question?.[1] ?? 'the name'),
    ...(question?.[2] ? { type: question[2] } : {}),
    rcode,
    answers: parseRecords(answerSection),
    ...(server ? { server } : {}),
    ...(queryMs === undefined ? {} : { queryMs: Number(queryMs) }),
    authoritative: /;; flags:[^;]*\baa\b/.test(text),
  });
};
