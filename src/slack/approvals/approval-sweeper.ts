import type { ApprovalDependencies } from './approval-dependencies.js';
import { expireApproval } from './settle-approval.js';

export interface ApprovalSweeper {
  /** Stops the timer and waits for a sweep under way. */
  stop(): Promise<void>;
}

/**
 * Posts the expiry of requests nobody approved in time. One timer per bot, unref'd (it never keeps
 * the process alive), one sweep at a time, at most `batch` requests a sweep; every replica may run
 * one, since each request is claimed atomically and so expires exactly once.
 */
export function startApprovalSweeper(
  deps: ApprovalDependencies,
  options: { everyMs?: number; batch?: number } = {},
): ApprovalSweeper {
  const batch = options.batch ?? 25;
  const now = deps.now ?? Date.now;
  let sweeping: Promise<void> | undefined;

  async function sweep(): Promise<void> {
    try {
      for (const pending of await deps.approvals.claimExpired(now(), batch)) {
        await expireApproval(deps, pending);
      }
    } catch (error) {
      // The next tick tries again; an expired request stays in Redis until one succeeds.
      deps.logger.warn({ err: error }, 'the approval sweep failed');
    }
  }

  const timer = setInterval(() => {
    if (sweeping) return;
    sweeping = sweep().finally(() => {
      sweeping = undefined;
    });
  }, options.everyMs ?? 5000);
  timer.unref();

  return {
    async stop() {
      clearInterval(timer);
      await sweeping;
    },
  };
}
