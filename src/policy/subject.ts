/**
 * Who asks. A Slack person in a channel (group memberships resolved before deciding, so the decision
 * stays pure), or a command-line operator (`run --as NAME`), which the policy must name.
 */
export type Subject =
  | {
      readonly kind: 'slack';
      readonly userId: string;
      readonly channelId: string;
      /** Without `#`; Slack sends it with slash commands, buttons may not. */
      readonly channelName?: string;
      /** IDs (S…) of the user groups the person belongs to, among those the policy names. */
      readonly groupIds: readonly string[];
    }
  | { readonly kind: 'operator'; readonly name: string };

/** `<@U123>` or `operator ops`: how a subject is named in messages and the audit trail. */
export function describeSubject(subject: Subject): string {
  return subject.kind === 'slack' ? `<@${subject.userId}>` : `operator ${subject.name}`;
}
