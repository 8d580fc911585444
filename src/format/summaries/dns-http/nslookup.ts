import type { Summarizer } from '../summary.js';
import { judgeLookup, readUnanswered, withoutRootDot, type DnsRecord } from './dns-lookup.js';

/** The name nslookup was asked about and the type, from its argv (`nslookup [-opt=value] NAME [SERVER]`). */
function asked(argv: readonly string[]): { name?: string; type?: string } {
  const words = argv.slice(1);
  const name = words.find((word) => !word.startsWith('-'));
  const type = words.map((word) => /^-(?:type|query|q)=(\S+)$/.exec(word)?.[1]).find(Boolean);
  return { ...(name ? { name } : {}), ...(type ? { type: type.toUpperCase() } : {}) };
}

/** Records as nslookup prints them: `Name:`/`Address:` pairs and `name<TAB>canonical name = x.` lines. */
function readRecords(text: string): DnsRecord[] {
  const answers: DnsRecord[] = [];
  let owner: string | undefined;
  // The answers come after the server's own `Address: x#53` line, which is not an answer.
  const body = text
    .split(/\n\s*\n/)
    .slice(1)
    .join('\n');
  for (const line of body.split('\n')) {
    const name = /^Name:\s+(\S+)/.exec(line)?.[1];
    if (name) owner = withoutRootDot(name);
    const address = /^Address:\s+(\S+)$/.exec(line)?.[1];
    if (address && owner)
      answers.push({ name: owner, type: address.includes(':') ? 'AAAA' : 'A', data: address });
    const typed = /^(\S+)\s+(canonical name|mail exchanger|text|nameserver|name) = (.+)$/.exec(line);
    if (typed) {
      const type = {
        'canonical name': 'CNAME',
        'mail exchanger': 'MX',
        text: 'TXT',
        nameserver: 'NS',
        name: 'PTR',
      }[typed[2] as 'canonical name' | 'mail exchanger' | 'text' | 'nameserver' | 'name'];
      answers.push({ name: withoutRootDot(typed[1] ?? ''), type, data: withoutRootDot(typed[3] ?? '') });
    }
  }
  return answers;
}

/**
 * nslookup names its server first (`Server:`, `Address: x#53`), then the answers; without -type it
 * asks A and AAAA, and says `** server can't find NAME: NXDOMAIN` for the one that found nothing.
 */
export const summarizeNslookup: Summarizer = (result) => {
  const text = result.stdout;
  const { name = 'the name', type } = asked(result.argv);
  // nslookup waits 5 s a try unless -timeout= says otherwise.
  const wait = result.argv.map((word) => /^-timeout=(\d+)$/.exec(word)?.[1]).find(Boolean);
  const unanswered = readUnanswered(text, name, wait === undefined ? 5 : Number(wait));
  if (unanswered) return judgeLookup(unanswered);
  const serverLine = /^Address:\s+([^#\s]+)#(\d+)/m.exec(text);
  if (!serverLine) return undefined;
  const server = serverLine[2] === '53' ? serverLine[1] : `${serverLine[1]}#${serverLine[2]}`;
  const answers = readRecords(text);
  const cantFind = /\*\* server can't find \S+: (\w+)/.exec(text)?.[1];
  const noAnswer = /\*\*\* Can't find \S+: No answer/.test(text);
  const common = { name, ...(type ? { type } : {}), ...(server ? { server } : {}) };
  if (!answers.length) {
    if (!cantFind && !noAnswer) return undefined;
    return judgeLookup({ ...common, rcode: cantFind ?? 'NOERROR', answers });
  }
  return judgeLookup({
    ...common,
    rcode: 'NOERROR',
    answers,
    ...(cantFind || noAnswer
      ? {
          otherFailures: [
            `the ${type ? 'other' : 'AAAA'} lookup of ${name} said: ${cantFind ?? 'no answer'}`,
          ],
        }
      : {}),
  });
};
