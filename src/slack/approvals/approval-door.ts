import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { ApprovalDependencies } from './approval-dependencies.js';
import { registerApprovalActions } from './approval-actions.js';
import { startApprovalSweeper, type ApprovalSweeper } from './approval-sweeper.js';
import { askForApproval, type ApprovalAsk, type AskedApproval } from './ask-for-approval.js';

export interface ApprovalDoor {
  /** For the doors: a needs-approval decision becomes a request in the channel (ask-for-approval.ts). */
  ask(ask: ApprovalAsk): Promise<AskedApproval>;
  /** Starts the expiry sweeper: with the app, so a bot that failed to start leaves no timer. */
  start(): void;
  stop(): Promise<void>;
}

/**
 * Everything of approvals one Bolt app needs, in one place for src/slack/create-slack-app.ts: the
 * Approve and Deny listeners (registered now, before the app starts), the sweeper, and `ask`.
 */
export function createApprovalDoor(
  app: App,
  deps: Omit<ApprovalDependencies, 'client'> & { readonly client?: WebClient },
  options: { readonly sweepEveryMs?: number } = {},
): ApprovalDoor {
  const withClient: ApprovalDependencies = { ...deps, client: deps.client ?? app.client };
  registerApprovalActions(app, withClient);
  let sweeper: ApprovalSweeper | undefined;
  return {
    ask: (ask) => askForApproval(withClient, ask),
    start() {
      sweeper ??= startApprovalSweeper(
        withClient,
        options.sweepEveryMs === undefined ? {} : { everyMs: options.sweepEveryMs },
      );
    },
    async stop() {
      await sweeper?.stop();
      sweeper = undefined;
    },
  };
}
