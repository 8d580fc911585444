import { InvalidInputError } from '../errors.js';

const unitMs: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** '30s', '1500ms', '2m', '1h', or a bare number of seconds ('30'), as people type a timeout. */
export function parseDuration(text: string): number {
  const match = /^(\d{1,7})(ms|s|m|h)?$/.exec(text.trim());
  if (!match) {
    throw new InvalidInputError(`'${text}' is not a duration`, ['write it like 30s, 1500ms or 2m']);
  }
  // own-key: the unit matched (ms|s|m|h) above
  const ms = Number(match[1]) * unitMs[match[2] ?? 's']!;
  if (ms <= 0) throw new InvalidInputError(`a duration must be more than zero, not '${text}'`);
  return ms;
}

/** 1500 -> '1.5s', 120000 -> '2m': the way durations are shown back to users. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s`;
  if (ms < 3_600_000) return `${Number((ms / 60_000).toFixed(1))}m`;
  return `${Number((ms / 3_600_000).toFixed(1))}h`;
}
