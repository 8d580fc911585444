import { formatDuration } from '../grammar/duration.js';
import { formatBytes } from './artifact-store.js';
import type { ArtifactRef } from '../results/job-outcome.js';

/**
 * Why a file named in a result cannot be had, in words a user acts on: it was over the job's bound, or
 * it waited in Redis longer than it is kept (a reporter or `run` that came too late).
 */
export function describeMissingArtifact(ref: ArtifactRef): string {
  const what = `${ref.name} (${formatBytes(ref.size)})`;
  if (ref.omitted)
    return `${what} was not kept: ${ref.omitted}; capture less (-c, a filter) and run it again`;
  const kept = ref.keptForMs === undefined ? '' : ` (files wait ${formatDuration(ref.keptForMs)})`;
  return `${what} expired before it could be fetched${kept}; run the job again to get it`;
}
