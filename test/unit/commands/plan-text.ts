import { commands } from '../../../commands/index.js';
import { planRequest, type Plan } from '../../../src/catalogue/plan.js';
import type { Argv } from '../../../src/catalogue/define-command.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { TargetNotFoundError } from '../../../src/errors.js';

/**
 * Test helper: a command line as typed after `/netshoot` -> its plan, the way the product goes
 * (grammar, the tool's allowlist and schema, the planner, the argv builders). Every target written as
 * a destination resolves to `resolvedAddress`; a Service port name to its number in `servicePorts`;
 * a two-party client reaches `serverAddress`; `--pcap` captures to `pcapFile`.
 */
export const resolvedAddress = '198.18.0.10';
export const servicePorts: Readonly<Record<string, number>> = { pg: 5432, https: 8443 };
export const serverAddress = '198.18.0.20';
export const pcapFile = '/artifacts/capture.pcap';

export async function planText(text: string): Promise<Plan> {
  const request = parseRequest(text, commands);
  return planRequest(request, {
    commands,
    resolve: () => resolvedAddress,
    resolvePort: ({ portName }) => {
      // As the Kubernetes executor does: a name that is not one of the Service's ports is the user's error.
      if (!Object.hasOwn(servicePorts, portName)) {
        throw new TargetNotFoundError(`the test Service has no port named ${portName}`);
      }
      return servicePorts[portName]!;
    },
    serverAddress,
    context: request.options.pcap ? { pcapFile } : {},
  });
}

/** The argv of a single-target command line. */
export async function argvOf(text: string): Promise<Argv> {
  const plan = await planText(text);
  if (plan.kind !== 'single') throw new Error(`${text} is a two-party command`);
  return plan.argv;
}

/** The message a refused command line gets, or a failure when it is accepted. */
export async function refusalOf(text: string): Promise<string> {
  try {
    await planText(text);
  } catch (error) {
    if (error instanceof Error && error.name === 'UserError') return error.message;
    throw error;
  }
  throw new Error(`'${text}' was accepted`);
}
