import type { Summarizer } from '../summary.js';
import { judgeLookup, parseRecords, readUnanswered, withoutRootDot, type DnsRecord } from './dns-lookup.js';

/** host's sentences, one record each, and the record type each stands for. */
const sentences: readonly (readonly [RegExp, string])[] = [
  [/^(\S+) has address (\S+)$/, 'A'],
  [/^(\S+) has IPv6 address (\S+)$/, 'AAAA'],
  [/^(\S+) is an alias for (\S+)$/, 'CNAME'],
  [/^(\S+) mail is handled by (.+)$/, 'MX'],
  [/^(\S+) domain name pointer (\S+)$/, 'PTR'],
  [/^(\S+) descriptive text (.+)$/, 'TXT'],
  [/^(\S+) has SRV record (.+)$/, 'SRV'],
  [/^(\S+) name server (\S+)$/, 'NS'],
];

/** The name and the server host was asked about, from its argv (`host [flags] NAME [SERVER]`). */
function asked(argv: readonly string[]): { name?: string; server?: string; type?: string } {
  const valued = new Set(['-t', '-W', '-R']);
  const positionals: string[] = [];
  let type: string | undefined;
  const words = argv.slice(1);
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    if (word === '-t') type = words[index + 1];
    if (valued.has(word)) index += 1;
    else if (!word.startsWith('-')) positionals.push(word);
  }
  const [name, server] = positionals;
  return { ...(name ? { name } : {}), ...(server ? { server } : {}), ...(type ? { type } : {}) };
}

/**
 * host answers in sentences ("db has address 10.0.0.5") and, without -t, asks A, AAAA and MX in
 * turn: one lookup's "not found" beside another's answer is reported as a fact, not a failure.
 */
export const summarizeHost: Summarizer = (result) => {
  const text = result.stdout;
  const { name = 'the name', server, type } = asked(result.argv);
  // host waits 5 s a try unless -W says otherwise.
  const waitWord = result.argv[result.argv.indexOf('-W') + 1];
  const unanswered = readUnanswered(text, name, result.argv.includes('-W') ? Number(waitWord) : 5);
  if (unanswered) return judgeLookup({ ...unanswered, ...(server && !unanswered.server ? { server } : {}) });
  const answers: DnsRecord[] = [];
  const failures: string[] = [];
  for (const line of text.split('\n').map((each) => each.trim())) {
    const sentence = sentences.find(([pattern]) => pattern.test(line));
    if (sentence) {
      const [, owner = '', data = ''] = sentence[0].exec(line) ?? [];
      answers.push({ name: withoutRootDot(owner), type: sentence[1], data: withoutRootDot(data) });
      continue;
    }
    const notFound = /^Host \S+ not found: \d+\((\w+)\)/.exec(line)?.[1];
    if (notFound) failures.push(notFound);
    const noRecord = /^\S+ has no (\S+) record$/.exec(line)?.[1];
    if (noRecord) failures.push(`no ${noRecord} record`);
  }
  // -v and -a print dig's sections instead of sentences, and who answered in how long.
  for (const section of text.matchAll(/;; ANSWER SECTION:\n([\s\S]*?)(?:\n\n|$)/g))
    answers.push(...parseRecords(section[1] ?? ''));
  for (const header of text.matchAll(/->>HEADER<<-.*status: ([A-Z]+)/g))
    if (header[1] !== 'NOERROR') failures.push(header[1] ?? '');
  const received = /^Received \d+ bytes from ([^#\s]+)#(\d+) in (\d+) ms/m.exec(text);
  if (!answers.length && !failures.length) return undefined;
  const answeredBy = received
    ? received[2] === '53'
      ? received[1]
      : `${received[1]}#${received[2]}`
    : server;
  const serverFact = {
    ...(answeredBy ? { server: answeredBy } : {}),
    ...(received ? { queryMs: Number(received[3]) } : {}),
  };
  if (!answers.length) {
    const rcode = failures.find((failure) => !failure.startsWith('no ')) ?? 'NOERROR';
    return judgeLookup({ name, ...(type ? { type } : {}), rcode, answers, ...serverFact });
  }
  return judgeLookup({
    name,
    ...(type ? { type } : {}),
    rcode: 'NOERROR',
    answers,
    ...serverFact,
    ...(failures.length
      ? {
          otherFailures: [
            `the other lookups of ${name}${type ? '' : ' (AAAA, MX)'} said: ${[...new Set(failures)].join(', ')}`,
          ],
        }
      : {}),
  });
};
