import type { CommandDefinition } from '../catalogue/define-command.js';
import { ForbiddenError } from '../errors.js';

/**
 * SPEC 6 without a policy file: `read` tools are open to everyone, `privileged` ones (they see other
 * people's traffic or the node's firewall) are refused with the way to enable them. With a policy
 * file the policy decides; until the policy engine lands, a configured file is taken as the
 * operator's decision to allow privileged tools.
 */
export function refusePrivilegedWithoutPolicy(
  command: CommandDefinition,
  policyPath: string | undefined,
): void {
  if (command.privilege !== 'privileged' || policyPath !== undefined) return;
  throw new ForbiddenError(
    `\`${command.name}\` is a privileged tool (it can see other people's traffic or the node's firewall), and this bot has no policy file, so only read tools are open`,
    [
      'to enable it, write a policy file that grants it to the people who need it and set NETSHOOT_POLICY to its path (docs/slack.md, "Privileged tools")',
      'read tools such as dig, ping, curl, nc and ss work without one',
    ],
  );
}
