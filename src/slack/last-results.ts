import { createHash } from 'node:crypto';
import type { RedisClient } from '../queue/redis-client.js';
import type { Measure } from '../format/summaries/summary.js';
import type { Request } from '../grammar/request.js';

/** The measures of a command's last completed result in one channel (issue 13, "what changed"). */
export interface LastResult {
  readonly jobId: string;
  /** When it was posted, ISO 8601: the message says "since 14:02". */
  readonly at: string;
  readonly measures: readonly Measure[];
}

/** Where a command ran and what it was: the same command in the same channel of the same cluster. */
export interface CommandPlace {
  readonly teamId: string;
  readonly channelId: string;
  readonly cluster: string;
  readonly request: Request;
}

export interface LastResults {
  read(place: CommandPlace): Promise<LastResult | undefined>;
  write(place: CommandPlace, result: LastResult): Promise<void>;
}

/** "Within a day" (issue 13): an older result is no baseline for today's. */
const daySeconds = 24 * 60 * 60;
/** Bounds on one stored result, so a summary with thousands of routes cannot fill Redis. */
const maxMeasures = 100;
const maxChars = 200;

/**
 * In Redis next to the queue, one key per team, channel, cluster and command, kept a day. The
 * command is its parsed form (tool, targets, namespace, arguments), not its text: `ping host 10.0.0.1
 * -c 3` and `ping host -c 3 10.0.0.1` are one command; the bot's own options (--timeout, --grep,
 * --raw, --file) do not change what the tool finds, so they are left out.
 */
export function createLastResults(
  redis: RedisClient,
  prefix = 'netshoot',
  options: { ttlSeconds?: number } = {},
): LastResults {
  const ttl = options.ttlSeconds ?? daySeconds;
  const keyOf = (place: CommandPlace) =>
    `${prefix}:${place.cluster}:last-result:${place.teamId}:${place.channelId}:${commandDigest(place.request)}`;
  return {
    async read(place) {
      const stored = await redis.get(keyOf(place));
      return stored === null ? undefined : parseLastResult(stored);
    },
    async write(place, result) {
      const bounded: LastResult = {
        jobId: result.jobId,
        at: result.at,
        measures: result.measures.slice(0, maxMeasures).map(boundMeasure),
      };
      await redis.set(keyOf(place), JSON.stringify(bounded), 'EX', ttl);
    },
  };
}

/** The command as parsed, without the bot's options, hashed: a key of fixed length. */
export function commandDigest(request: Request): string {
  const { tool, targets, namespace, args } = request;
  return createHash('sha256')
    .update(stableJson({ tool, targets, namespace, args }))
    .digest('hex')
    .slice(0, 32);
}

/** JSON with object keys sorted: the same arguments give the same text whatever order zod left them. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${stableJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function boundMeasure(measure: Measure): Measure {
  return {
    key: measure.key.slice(0, maxChars),
    label: measure.label.slice(0, maxChars),
    value: typeof measure.value === 'string' ? measure.value.slice(0, maxChars) : measure.value,
    ...(measure.unit === undefined ? {} : { unit: measure.unit.slice(0, maxChars) }),
  };
}

/** What was stored, or undefined for anything else: a bad value is no baseline, never an error. */
function parseLastResult(stored: string): LastResult | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    // dropped: an unreadable value (an older format) only means no comparison this once.
    return undefined;
  }
  const candidate = parsed as Partial<LastResult> | null;
  if (
    typeof candidate?.jobId !== 'string' ||
    typeof candidate.at !== 'string' ||
    !Array.isArray(candidate.measures)
  )
    return undefined;
  const measures = candidate.measures.filter(isMeasure);
  return { jobId: candidate.jobId, at: candidate.at, measures };
}

function isMeasure(value: unknown): value is Measure {
  const measure = value as Partial<Measure> | null;
  return (
    typeof measure?.key === 'string' &&
    typeof measure.label === 'string' &&
    (typeof measure.value === 'string' || typeof measure.value === 'number') &&
    (measure.unit === undefined || typeof measure.unit === 'string')
  );
}
