import type { CommandDefinition, Privilege } from '../catalogue/define-command.js';
import type { Request } from '../grammar/request.js';
import type { TargetRef } from '../grammar/target.js';

/** What the policy looks at in a request: the tool and its level, where it runs, and its bounds. */
export interface PolicyRequest {
  readonly tool: string;
  readonly privilege: Privilege;
  readonly targets: readonly TargetRef[];
  readonly namespace: string;
  /** The cluster's real name: a door resolves `default` to NETSHOOT_CLUSTER before deciding. */
  readonly cluster: string;
  readonly timeoutMs: number;
  readonly pcap: boolean;
}

export function policyRequestOf(
  request: Request,
  command: CommandDefinition,
  cluster: string,
): PolicyRequest {
  return {
    tool: request.tool,
    privilege: command.privilege,
    targets: request.targets,
    namespace: request.namespace,
    cluster,
    timeoutMs: request.options.timeoutMs,
    pcap: request.options.pcap,
  };
}
