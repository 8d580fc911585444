import { formatDuration } from '../grammar/duration.js';
import type { LimitRefusal } from './admission.js';

/**
 * What a person reads when a limit refuses them: which limit, how far they are, and when it frees.
 * Pure, so the words are tested apart from Redis.
 */

const listJobs = '`/netshoot jobs`';

/** "14 s": whole seconds, rounded up, so "try again in" is never too early. */
function secondsFrom(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 1000))} s`;
}

export function userRateRefusal(limit: number, retryInMs: number): LimitRefusal {
  return {
    limit: 'user-rate',
    message: `you ran ${limit} commands in the last minute; the limit is ${limit}; try again in ${secondsFrom(retryInMs)}`,
  };
}

export function channelRateRefusal(limit: number, retryInMs: number): LimitRefusal {
  return {
    limit: 'channel-rate',
    message: `this channel ran ${limit} commands in the last minute; the limit is ${limit}; try again in ${secondsFrom(retryInMs)}`,
  };
}

export function userRunningRefusal(running: number, limit: number): LimitRefusal {
  return {
    limit: 'user-running',
    message: `you have ${jobs(running)} running; the limit is ${limit} (one frees when a job ends: ${listJobs})`,
  };
}

export function channelRunningRefusal(running: number, limit: number): LimitRefusal {
  return {
    limit: 'channel-running',
    message: `this channel has ${jobs(running)} running; the limit is ${limit} (one frees when a job ends: ${listJobs})`,
  };
}

export interface CaptureHolder {
  /** The tool of the capture that holds the target, when its ticket is still on record. */
  readonly tool?: string;
  /** Whether the person refused started it themselves. */
  readonly byRequester: boolean;
}

/**
 * `captureTarget` is `cluster/namespace/kind/name`; people wrote `pod/web` (and `-n prod` when not
 * in the default namespace), so that is how it is shown back.
 */
export function captureRefusal(
  captureTarget: string,
  holders: number,
  limit: number,
  freesInMs: number,
  holder: CaptureHolder,
): LimitRefusal {
  const target = describeCaptureTarget(captureTarget);
  const who = holder.byRequester ? 'job started by you' : 'job started by someone else';
  const busy =
    limit === 1
      ? `${holder.tool ?? 'a capture'} is already capturing on ${target} (${who})`
      : `${holders} captures are already running on ${target}`;
  const rule = limit === 1 ? 'one capture per target at a time' : `${limit} captures per target at a time`;
  const ends = limit === 1 ? 'when it ends' : 'when one ends';
  const atMost = formatDuration(Math.max(1, Math.ceil(freesInMs / 1000)) * 1000);
  return {
    limit: 'capture-per-target',
    message: `${busy}; ${rule}: try again ${ends} (at most ${atMost})`,
  };
}

export function describeCaptureTarget(captureTarget: string): string {
  const [, namespace, kind, ...name] = captureTarget.split('/');
  if (kind === 'host') return 'host';
  const written = `${kind ?? '?'}/${name.join('/')}`;
  return namespace && namespace !== 'default' ? `${written} -n ${namespace}` : written;
}

function jobs(count: number): string {
  return count === 1 ? '1 job' : `${count} jobs`;
}
