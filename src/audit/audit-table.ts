import type { AuditRecord } from './audit-record.js';

/**
 * `netshoot-bot audit` as text: one line per record, answer first, columns aligned:
 *   2026-11-30T14:02:11  U123  tcpdump  pod/web (ns default)  refused  rule default: no rule allows…
 * Time in local ISO (who reads an audit in a terminal reads it in their own time zone), who, what,
 * where, the event, then what decided it or how it ended.
 */
export function renderAuditTable(records: readonly AuditRecord[]): string {
  const rows = records.map((record) => [
    localIso(record.at),
    record.subject,
    record.tool ?? '-',
    record.where ?? record.text ?? '-',
    record.event,
    detailOf(record),
  ]);
  const widths = rows.reduce<number[]>(
    (most, row) => row.map((cell, index) => Math.max(most[index] ?? 0, terminalText(cell).length)),
    [],
  );
  return rows
    .map((row) =>
      row
        .map((cell, index) =>
          index === row.length - 1 ? terminalText(cell) : terminalText(cell).padEnd(widths[index] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function detailOf(record: AuditRecord): string {
  const parts: string[] = [];
  if (record.jobId) parts.push(`#${record.jobId}`);
  if (record.event === 'finished') {
    parts.push(
      [
        record.status ?? 'finished',
        ...(record.exitStatus === undefined ? [] : [`exit ${record.exitStatus}`]),
        ...(record.durationMs === undefined ? [] : [`${(record.durationMs / 1000).toFixed(1)}s`]),
      ].join(', '),
    );
  }
  if (record.artifact) {
    parts.push(`${record.artifact.name} ${record.artifact.bytes} bytes sha256 ${record.artifact.sha256}`);
  }
  if (record.by) parts.push(`by ${record.by}`);
  if (record.rule && record.event !== 'started' && record.event !== 'artifact') {
    parts.push(record.reason ? `rule ${record.rule}: ${record.reason}` : `rule ${record.rule}`);
  } else if (record.reason) {
    parts.push(record.reason);
  }
  return parts.join('  ');
}

/** `2026-11-30T14:02:11` in the local time zone; the stored text itself if it is not a time. */
function localIso(at: string): string {
  const time = new Date(at);
  if (Number.isNaN(time.getTime())) return at;
  const two = (value: number) => String(value).padStart(2, '0');
  return `${time.getFullYear()}-${two(time.getMonth() + 1)}-${two(time.getDate())}T${two(time.getHours())}:${two(time.getMinutes())}:${two(time.getSeconds())}`;
}

/** Records hold what people typed: control characters would move the cursor or recolour the terminal. */
function terminalText(text: string): string {
  return text.replace(/\p{Cc}/gu, '?');
}
