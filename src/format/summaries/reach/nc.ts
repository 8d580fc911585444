import type { Measure, Summarizer, SummaryTone, TextTable } from '../summary.js';

// netcat-openbsd `-z -v`: one line per port on stderr. The exit status says only whether any port
// connected (a range with one open port exits 0), so each port's line is read.

type PortState = 'open' | 'refused' | 'filtered' | 'unreachable' | 'failed';

interface PortVerdict {
  readonly host: string;
  readonly port: string;
  readonly protocol: string;
  readonly state: PortState;
  /** nc's own words for anything but open. */
  readonly detail?: string;
}

/** What nc's error text means for a port, in the words of someone on call. */
function stateOf(error: string): PortState {
  if (/refused/i.test(error)) return 'refused';
  if (/unreachable|no route/i.test(error)) return 'unreachable';
  return 'failed';
}

function verdictOf(line: string): PortVerdict | undefined {
  const open = /^Connection to (\S+) (\d+) port \[(\w+)\/[^\]]*\] succeeded!/.exec(line);
  if (open) return { host: open[1] ?? '', port: open[2] ?? '', protocol: open[3] ?? '', state: 'open' };
  const failed = /^nc: connect to (\S+) port (\d+) \((\w+)\) failed: (.+)$/.exec(line);
  if (failed) {
    const detail = failed[4] ?? '';
    return {
      host: failed[1] ?? '',
      port: failed[2] ?? '',
      protocol: failed[3] ?? '',
      state: stateOf(detail),
      detail,
    };
  }
  // -w ran out with no SYN-ACK and no RST: something dropped the SYN (a firewall) or the host is gone.
  const timedOut = /^nc: connect to (\S+) port (\d+) \((\w+)\) timed out/.exec(line);
  if (timedOut)
    return {
      host: timedOut[1] ?? '',
      port: timedOut[2] ?? '',
      protocol: timedOut[3] ?? '',
      state: 'filtered',
      detail: 'no answer',
    };
  return undefined;
}

/** "open", "refused", "no answer (filtered?)": how a port's state reads in a sentence. */
function said(verdict: PortVerdict): string {
  switch (verdict.state) {
    case 'filtered':
      return 'no answer (filtered?)';
    case 'failed':
      return verdict.detail ?? 'failed';
    default:
      return verdict.state;
  }
}

export const summarizeNc: Summarizer = (result) => {
  const text = `${result.stderr}\n${result.stdout}`;
  const unresolved = /^nc: getaddrinfo for host "([^"]+)" port \S+: (.+)$/m.exec(text);
  if (unresolved)
    return { tone: 'broken', headline: `cannot resolve ${unresolved[1]}`, facts: [unresolved[2] ?? ''] };
  const verdicts = text
    .split('\n')
    .map(verdictOf)
    .filter((verdict) => verdict !== undefined);
  const first = verdicts[0];
  if (!first) return undefined;
  const open = verdicts.filter((verdict) => verdict.state === 'open').length;
  const tone: SummaryTone = open === verdicts.length ? 'ok' : open > 0 ? 'degraded' : 'broken';
  const measures: Measure[] = verdicts.map((verdict) => ({
    key: `port.${verdict.port}${verdict.protocol === 'udp' ? '/udp' : ''}`,
    label: verdict.protocol === 'udp' ? `${verdict.port}/udp` : verdict.port,
    value: verdict.state,
  }));
  if (verdicts.length === 1)
    return {
      tone,
      headline: `${first.host}:${first.port} ${said(first)}`,
      facts: [
        ...(first.protocol === 'udp' && first.state === 'open'
          ? ['udp: no ICMP port unreachable came back, which is all nc can tell']
          : []),
        ...(first.state === 'unreachable' && first.detail ? [`nc: ${first.detail}`] : []),
      ],
      measures,
    };
  const states = (['open', 'refused', 'filtered', 'unreachable', 'failed'] as const)
    .map((state) => [state, verdicts.filter((verdict) => verdict.state === state).length] as const)
    .filter(([, count]) => count > 0)
    .map(([state, count]) => `${count} ${state}`);
  const table: TextTable = {
    columns: ['PORT', 'STATE', 'DETAIL'],
    rows: verdicts.map((verdict) => [
      `${verdict.host}:${verdict.port}/${verdict.protocol}`,
      verdict.state,
      verdict.detail ?? '',
    ]),
  };
  return {
    tone,
    headline: `${states.join(', ')} of ${verdicts.length} ports on ${first.host}`,
    facts: verdicts.map((verdict) => `${verdict.port}/${verdict.protocol} ${said(verdict)}`),
    tables: [table],
    measures,
  };
};
