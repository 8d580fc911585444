import type { Measure, PartialOutput, Summarizer, SummaryTone } from '../summary.js';
import { formatMs, formatPercent } from './numbers.js';

// nping's totals: "TCP connection attempts: 3 | Successful connections: 3 | Failed: 0 (0.00%)" in
// --tcp-connect mode, "Raw packets sent: 3 (84B) | Rcvd: 0 (0B) | Lost: 3 (100.00%)" otherwise, and
// "Avg rtt: 0.287ms". What came back decides: a handshake, an RST (refused), nothing (filtered?).

export const summarizeNping: Summarizer = (result) => {
  const text = result.stdout;
  const avg = /Avg rtt: ([\d.]+)ms/.exec(text)?.[1];
  const avgMs = avg !== undefined ? Number(avg) : undefined;
  const rttFact = /Max rtt: ([\d.]+)ms \| Min rtt: ([\d.]+)ms \| Avg rtt: ([\d.]+)ms/.exec(text);
  const facts = rttFact
    ? [
        `rtt min ${formatMs(Number(rttFact[2]))} / avg ${formatMs(Number(rttFact[3]))} / max ${formatMs(Number(rttFact[1]))}`,
      ]
    : [];
  const target =
    /(?:Starting TCP Handshake > |ICMP \[\S+ > |UDP \[\S+ > |TCP \[\S+ > )(\S+?)(?:[\s\]]|$)/.exec(text)?.[1];

  const connect = /TCP connection attempts: (\d+) \| Successful connections: (\d+) \| Failed: (\d+)/.exec(
    text,
  );
  if (connect) {
    const attempts = Number(connect[1]);
    const connected = Number(connect[2]);
    const refused = (text.match(/Connection refused/g) ?? []).length;
    const where = /Starting TCP Handshake > (\S+)/.exec(text)?.[1] ?? target ?? 'the port';
    const port = /:(\d+)$/.exec(where)?.[1];
    const state = connected > 0 ? 'open' : refused > 0 ? 'refused' : 'filtered';
    const tone: SummaryTone = connected === attempts ? 'ok' : connected > 0 ? 'degraded' : 'broken';
    const headline =
      connected === attempts
        ? `${where} open, ${connected} of ${attempts} connected${avgMs !== undefined ? `, avg ${formatMs(avgMs)}` : ''}`
        : connected > 0
          ? `${where}: ${attempts - connected} of ${attempts} connections failed`
          : refused > 0
            ? `${where} refused (${attempts} attempts)`
            : `${where} no answer (filtered?) (${attempts} attempts)`;
    const measures: Measure[] = [
      ...(port ? [{ key: `port.${port}`, label: port, value: state }] : []),
      ...(avgMs !== undefined ? [{ key: 'rtt.avg', label: 'avg RTT', value: avgMs, unit: 'ms' }] : []),
    ];
    return { tone, headline, facts, measures };
  }

  const raw = /Raw packets sent: (\d+) \([^)]*\) \| Rcvd: (\d+) \([^)]*\) \| Lost: (\d+) \(([\d.]+)%\)/.exec(
    text,
  );
  if (!raw) return undefined;
  const sent = Number(raw[1]);
  const received = Number(raw[2]);
  const loss = Number(raw[4]);
  const answers = text.split('\n').filter((line) => line.startsWith('RCVD'));
  const unreachable = answers.find((line) => /unreachable/i.test(line));
  // A raw TCP probe's answer says its port's state: SYN-ACK open, RST closed (the last answer wins).
  const ports = new Map<string, string>();
  for (const line of answers) {
    const tcp = /^RCVD \S+ TCP \S+?:(\d+) > \S+ ([A-Z]+) /.exec(line);
    if (tcp)
      ports.set(
        tcp[1] ?? '',
        tcp[2]?.includes('R') ? 'closed' : tcp[2]?.includes('S') ? 'open' : (tcp[2] ?? ''),
      );
  }
  const states = [...ports.entries()].sort(([a], [b]) => Number(a) - Number(b));
  const open = states.filter(([, state]) => state === 'open').length;
  const tone: SummaryTone =
    received === 0 || unreachable || (states.length > 0 && open === 0)
      ? 'broken'
      : open < states.length || loss > 0
        ? 'degraded'
        : 'ok';
  const byState = ['open', 'closed']
    .map((state) => [state, states.filter(([, own]) => own === state).map(([port]) => port)] as const)
    .filter(([, list]) => list.length > 0)
    .map(([state, list]) => `${list.join(', ')} ${state}`)
    .join('; ');
  const headline =
    received === 0
      ? `no reply from ${target ?? 'the target'} (${sent} sent)`
      : unreachable
        ? `unreachable: ${/\[(.*unreachable[^\]]*)\]/i.exec(unreachable)?.[1] ?? 'ICMP unreachable'}`
        : states.length > 0
          ? `${byState}${loss > 0 ? `, ${formatPercent(loss)} loss` : ''}`
          : `${formatPercent(loss)} loss${avgMs !== undefined ? `, avg ${formatMs(avgMs)}` : ''}`;
  return {
    tone,
    headline,
    facts: [`${received} of ${sent} probes answered`, ...facts],
    measures: [
      { key: 'loss', label: 'loss', value: loss, unit: '%' },
      ...(avgMs !== undefined ? [{ key: 'rtt.avg', label: 'avg RTT', value: avgMs, unit: 'ms' }] : []),
      ...states.map(([port, state]) => ({ key: `port.${port}`, label: port, value: state })),
    ],
  };
};

/** "3 sent, 3 answered" (or "3 refused") from nping's SENT and RCVD lines so far. */
export function npingProgress(partial: PartialOutput): string | undefined {
  const lines = partial.stdout.split('\n');
  const sent = lines.filter((line) => line.startsWith('SENT ')).length;
  if (sent === 0) return undefined;
  const refused = lines.filter((line) => line.startsWith('RCVD ') && /Connection refused/.test(line)).length;
  const answered = lines.filter((line) => line.startsWith('RCVD ')).length - refused;
  return `${sent} sent, ${answered} answered${refused ? `, ${refused} refused` : ''}`;
}
