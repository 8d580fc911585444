import type { AuditRecord } from './audit-record.js';

/**
 * One audit record as one line for NETSHOOT_AUDIT_CHANNEL, answer first:
 *   🔒 <@U1> ran tcpdump on pod/web in <#C1>: allowed by sre-captures
 * Only IDs we recognise become mentions (<@U…>, <#C…>); everything a user typed is escaped (&, <, >)
 * and @channel, @here and @everyone are broken with a zero-width space, so a command line cannot ping
 * a channel or forge a link in the security team's channel.
 */
export function describeAuditRecord(record: AuditRecord): string {
  const who = mention(record.subject);
  const what = `${plain(record.tool ?? 'a command')}${whereWords(record)}`;
  const inChannel = record.channel ? ` in ${channelMention(record.channel)}` : '';
  const job = record.jobId ? `#${plain(record.jobId)} ` : '';
  const rule = record.rule ? ` (rule ${plain(record.rule)})` : '';
  const because = record.reason ? `: ${plain(record.reason)}` : '';
  const by = record.by ? mention(record.by) : 'someone';
  switch (record.event) {
    case 'requested':
      return `📝 ${who} asked for ${what}${inChannel}${rule}`;
    case 'refused':
      return `⛔ ${who} was refused ${what}${inChannel}${because}${rule}`;
    case 'approval-asked':
      return `⏳ ${who} asked approval for ${what}${inChannel}${rule}`;
    case 'approved':
      return `✅ ${by} approved ${who}'s ${what}${inChannel}${rule}`;
    case 'approval-denied':
      return `🚫 ${by} denied ${who}'s ${what}${inChannel}${rule}`;
    case 'approval-expired':
      return `⌛ ${who}'s ${what}${inChannel} expired without an approval${rule}`;
    case 'queued':
      return `🔒 ${who} ran ${what}${inChannel}${record.rule ? `: allowed by ${plain(record.rule)}` : ''}${
        record.by ? `, approved by ${by}` : ''
      }${record.jobId ? ` (#${plain(record.jobId)})` : ''}`;
    case 'started':
      return `▶️ ${job}${what} started for ${who}`;
    case 'finished':
      return `🏁 ${job}${what} for ${who} ended ${finishedWords(record)}${because}`;
    case 'canceled':
      return `✋ ${job}${what} for ${who} canceled by ${by}`;
    case 'artifact':
      return record.artifact
        ? `📎 ${job}${what} for ${who}: ${plain(record.artifact.name)}, ${record.artifact.bytes} bytes, sha256 ${plain(record.artifact.sha256)}`
        : `📎 ${job}${what} for ${who}: a file`;
  }
}

function whereWords(record: AuditRecord): string {
  if (record.where) return ` on ${plain(record.where)}`;
  return record.text ? ` (\`${plain(record.text)}\`)` : '';
}

function finishedWords(record: AuditRecord): string {
  const parts = [
    record.status ?? 'finished',
    ...(record.exitStatus === undefined ? [] : [`exit ${record.exitStatus}`]),
    ...(record.durationMs === undefined ? [] : [`${(record.durationMs / 1000).toFixed(1)} s`]),
  ];
  return parts.map(plain).join(', ');
}

/** A Slack user ID as a mention; `operator:NAME` (the command line) in words; anything else as text. */
function mention(subject: string): string {
  if (/^[UW][A-Z0-9]{2,}$/.test(subject)) return `<@${subject}>`;
  if (subject.startsWith('operator:')) return `operator ${plain(subject.slice('operator:'.length))}`;
  return plain(subject);
}

function channelMention(channel: string): string {
  return /^[CGD][A-Z0-9]{2,}$/.test(channel) ? `<#${channel}>` : plain(channel);
}

/** Text as Slack shows it literally: &, <, > escaped, control characters as spaces, no broadcast mentions. */
export function plain(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)\b/gi, '@\u200b$1')
    .replace(/\p{Cc}/gu, ' ');
}
