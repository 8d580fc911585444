import type { Summarizer } from '../summary.js';

/**
 * dig's full output: the status from the header, the answer records, the server and query time.
 * `+short` output is one answer per line.
 */
export const summarizeDig: Summarizer = (result) => {
  const text = result.stdout;
  const status = /->>HEADER<<-.*status: ([A-Z]+)/.exec(text)?.[1];
  if (!status) {
    const answers = text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    if (result.exitCode !== 0 || answers.some((line) => line.startsWith(';'))) return undefined;
    return {
      tone: answers.length ? 'ok' : 'broken',
      headline: answers.length ? answers.join(', ') : 'no answer',
      facts: [],
    };
  }
  const answerSection = /;; ANSWER SECTION:\n([\s\S]*?)(?:\n\n|$)/.exec(text)?.[1] ?? '';
  const answers = answerSection
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(/\s+/))
    .map((fields) => ({
      name: fields[0]?.replace(/\.$/, ''),
      type: fields[3],
      data: fields.slice(4).join(' '),
    }));
  const question = /;; QUESTION SECTION:\n;(\S+)\s+\S+\s+(\S+)/.exec(text);
  const name = question?.[1]?.replace(/\.$/, '') ?? 'the name';
  const queryTime = /;; Query time: (\d+ \w+)/.exec(text)?.[1];
  const server = /;; SERVER: ([^\s(]+)/.exec(text)?.[1]?.replace('#53', '');
  const headline =
    status !== 'NOERROR'
      ? `${name}: ${status}`
      : answers.length === 0
        ? `${name}: no ${question?.[2] ?? ''} record (NOERROR)`.replace('  ', ' ')
        : `${name} -> ${answers.map((answer) => answer.data).join(', ')}`;
  return {
    tone: status === 'NOERROR' && answers.length > 0 ? 'ok' : 'broken',
    headline,
    facts: [
      ...answers.map((answer) => `${answer.type} ${answer.data}`),
      ...(server ? [`answered by ${server}${queryTime ? ` in ${queryTime}` : ''}`] : []),
    ],
  };
};
