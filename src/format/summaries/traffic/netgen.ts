import type { PartialOutput, RunOutput, Summary } from '../summary.js';
import { countBy, plural } from './top-pairs.js';

// The image's netgen (image/netgen): the sender prints a line per attempt, the listener a line per
// message it received and a count when it stops.

const sentLine = /^Sent \d+ messages to (\S+)$/gm;
const failedLine = /^Could not send to (\S+): (.+)$/gm;
const receivedLine = /^Received message \d+ from (\S+): /gm;

/** netgen: what the sender got through (or why not), or what the listener received. */
export function summarizeNetgen(result: RunOutput): Summary | undefined {
  const text = result.stdout;
  const sent = [...text.matchAll(sentLine)];
  const failed = [...text.matchAll(failedLine)];
  const received = [...text.matchAll(receivedLine)];
  const destination = /^Sending traffic to (\S+) on port (\d+)/m.exec(text);
  if (destination) {
    const where = `${destination[1]}:${destination[2]}`;
    const attempts = sent.length + failed.length;
    const reasons = countBy(failed, (match) => match[2] ?? '');
    return {
      tone:
        failed.length === 0 ? (attempts > 0 ? 'ok' : 'degraded') : sent.length === 0 ? 'broken' : 'degraded',
      headline:
        sent.length === 0 && reasons[0]
          ? `${where}: ${reasons[0][0].toLowerCase()} (${plural(attempts, 'message')} not sent)`
          : `${sent.length}/${plural(attempts, 'message')} sent to ${where}`,
      facts: reasons.map(([reason, count]) => `${plural(count, 'message')} not sent: ${reason}`),
      measures: [
        { key: 'messages.sent', label: 'messages sent', value: sent.length },
        { key: 'messages.failed', label: 'messages not sent', value: failed.length },
      ],
    };
  }
  const listening = /^Listener started on port (\d+)/m.exec(text);
  if (!listening) return undefined;
  const senders = countBy(received, (match) => match[1] ?? '');
  return {
    tone: received.length > 0 ? 'ok' : 'degraded',
    headline: `${plural(received.length, 'message')} received on port ${listening[1]}`,
    facts: senders.map(([sender, count]) => `${plural(count, 'message')} from ${sender}`),
    measures: [{ key: 'messages.received', label: 'messages received', value: received.length }],
  };
}

/** The running line: "2 sent", "2 sent, 1 not sent", "3 received". */
export function netgenProgress(partial: PartialOutput): string | undefined {
  const text = partial.stdout;
  const sent = [...text.matchAll(sentLine)].length;
  const failed = [...text.matchAll(failedLine)].length;
  const received = [...text.matchAll(receivedLine)].length;
  if (received > 0) return `${received} received`;
  if (sent + failed === 0) return undefined;
  return failed > 0 ? `${sent} sent, ${failed} not sent` : `${sent} sent`;
}
