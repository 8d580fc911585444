import type { Summarizer } from '../summary.js';

/** iputils ping: the loss line and the rtt line of its statistics. */
export const summarizePing: Summarizer = (result) => {
  const text = result.stdout;
  const destination = /^PING (\S+)/m.exec(text)?.[1];
  const counts = /(\d+) packets transmitted, (\d+) received(?:, \+(\d+) errors)?, ([\d.]+)% packet loss/.exec(
    text,
  );
  if (!counts) return undefined;
  const [, sent, received, errors, loss] = counts;
  const rtt = /rtt min\/avg\/max\/mdev = ([\d.]+)\/([\d.]+)\/([\d.]+)\/([\d.]+) ms/.exec(text);
  const headline =
    received === '0'
      ? `${destination ?? 'destination'}: no reply (${sent} sent, ${loss}% loss)`
      : `${destination ?? 'destination'}: ${received}/${sent} replies, ${loss}% loss${rtt ? `, avg ${rtt[2]} ms` : ''}`;
  return {
    tone: received === '0' ? 'broken' : loss === '0' ? 'ok' : 'degraded',
    headline,
    facts: [
      ...(rtt ? [`rtt min ${rtt[1]} / avg ${rtt[2]} / max ${rtt[3]} ms (mdev ${rtt[4]} ms)`] : []),
      ...(errors ? [`${errors} errors`] : []),
    ],
  };
};
