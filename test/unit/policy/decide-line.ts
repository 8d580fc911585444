import { commands } from '../../../commands/index.js';
import type { CommandDefinition } from '../../../src/catalogue/define-command.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { decide } from '../../../src/policy/decide.js';
import type { Decision } from '../../../src/policy/decision.js';
import type { Policy } from '../../../src/policy/policy-schema.js';
import { policyRequestOf } from '../../../src/policy/policy-request.js';
import type { Subject } from '../../../src/policy/subject.js';

/** The decision for a command line as typed after /netshoot, parsed by the grammar and the real catalogue. */
export function decideLine(policy: Policy, subject: Subject, line: string): Decision {
  const request = parseRequest(line, commands);
  const command = commands.find((candidate) => candidate.name === request.tool) as CommandDefinition;
  return decide(policy, policyRequestOf(request, command, request.cluster), subject);
}

export const slackUser = (
  userId: string,
  channelId: string,
  channelName?: string,
  groupIds: string[] = [],
): Subject => ({
  kind: 'slack',
  userId,
  channelId,
  ...(channelName === undefined ? {} : { channelName }),
  groupIds,
});

export const operator = (name: string): Subject => ({ kind: 'operator', name });
