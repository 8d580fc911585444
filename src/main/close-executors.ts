import type { Logger } from 'pino';
import type { Executor } from '../executors/executor.js';

/** Longer than a toolbox removal or a pod delete takes; short enough to fit the stop's budget. */
export const executorCloseBoundMs = 10_000;

/**
 * The last step of a worker's stop, once every job is reported: each executor closes (Docker removes
 * the toolboxes it holds open, Kubernetes deletes its node pods; ephemeral containers cannot be
 * removed and end with their sleep), then reaps (a toolbox opened while the stop began, labelled
 * with this worker, is not in its sessions). All within `boundMs`, so a slow engine or API server
 * cannot hold the process past its termination grace: what is left carries the labels that the next
 * worker's start-up reap removes (SPEC 4). Returns how many leftovers the reaps removed.
 */
export async function closeExecutors(
  executors: readonly Executor[],
  logger: Logger,
  boundMs = executorCloseBoundMs,
): Promise<number> {
  const closed = await Promise.all(
    executors.map(async (executor) => {
      const log = logger.child({ executor: executor.name });
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), boundMs);
      });
      const closing = (async () => {
        await executor.close();
        return executor.reap();
      })();
      try {
        const result = await Promise.race([closing, late]);
        if (result === 'late') {
          log.warn({ boundMs }, 'toolboxes not all removed in time; the next worker reaps them at start');
          // dropped: the late close goes on in the background until the process exits; said above.
          closing.catch(() => undefined);
          return 0;
        }
        return result;
      } catch (error) {
        log.warn({ err: error }, 'could not close the executor; the next worker reaps what it left');
        return 0;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return closed.reduce((sum, count) => sum + count, 0);
}
