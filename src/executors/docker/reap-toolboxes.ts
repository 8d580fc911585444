import type Docker from 'dockerode';
import type { Logger } from 'pino';
import { isGone } from './docker-errors.js';
import { expiresAtLabel, managedFilter, workerLabel } from './labels.js';

export interface ReapScope {
  /** This worker: its own labelled toolboxes that it does not hold open are an earlier life's. */
  readonly workerId: string;
  /** Toolbox ids this worker holds open now. */
  readonly keep: ReadonlySet<string>;
  readonly now?: Date;
  /** Where a toolbox that could not be removed is said (it is tried again on the next reap). */
  readonly logger?: Logger;
}

/**
 * Removes the toolboxes nobody will use again: those of this worker that it no longer holds (left by a
 * crash or kill of an earlier process with the same worker id), and anyone's that stopped or outlived
 * their expiry label. Other live workers' sessions on the same engine are left alone. Returns how many
 * were removed.
 */
export async function reapToolboxes(docker: Docker, scope: ReapScope): Promise<number> {
  const now = (scope.now ?? new Date()).getTime();
  const toolboxes = await docker.listContainers({ all: true, filters: managedFilter });
  const leftovers = toolboxes.filter((toolbox) => {
    if (scope.keep.has(toolbox.Id)) return false;
    if (toolbox.Labels[workerLabel] === scope.workerId) return true;
    if (toolbox.State !== 'running') return true;
    const expiresAt = Date.parse(toolbox.Labels[expiresAtLabel] ?? '');
    return !Number.isNaN(expiresAt) && expiresAt <= now;
  });
  const removed = await Promise.all(
    leftovers.map((toolbox) =>
      docker
        .getContainer(toolbox.Id)
        .remove({ force: true })
        .then(() => 1)
        .catch((error: unknown) => {
          // Gone already (its sleep ended, AutoRemove): not ours to count. Else the next reap tries again.
          if (!isGone(error))
            scope.logger?.warn({ err: error, toolbox: toolbox.Id }, 'could not reap a toolbox');
          return 0;
        }),
    ),
  );
  return removed.reduce<number>((sum, count) => sum + count, 0);
}
