/**
 * What the policy decided, with the rule that decided and the reason in words. `rule` is a rule's
 * name, or `default` when no rule matched (a deny: nothing is allowed that no rule allows).
 */
export type Decision =
  | { readonly effect: 'allow'; readonly rule: string; readonly reason: string }
  | {
      readonly effect: 'deny';
      readonly rule: string;
      readonly reason: string;
      /** What the person can do about it: ask for a rule, shorten --timeout, see docs/policy.md. */
      readonly fix: string;
    }
  | {
      readonly effect: 'needs-approval';
      readonly rule: string;
      readonly reason: string;
      /** The approving group: its name in the policy and its Slack ID (for `<!subteam^ID>`). */
      readonly approvers: { readonly group: string; readonly groupId: string };
      readonly expiresAfterMs: number;
    };

export const defaultApprovalExpiryMs = 15 * 60_000;
