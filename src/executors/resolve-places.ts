import type { JobPlan, Places } from '../catalogue/plan.js';
import { InvalidInputError } from '../errors.js';
import { formatTarget, type TargetRef } from '../grammar/target.js';
import type { ExecutorSelector } from './select-executor.js';

export interface ResolveOptions {
  readonly selectExecutor: ExecutorSelector;
  readonly namespace: string;
  /** The target the tool runs in: a destination resolves to the address reachable from there. */
  readonly from: TargetRef;
  /** Two-party tools: where the client reaches the server, as the server's session told it. */
  readonly serverAddress?: string;
}

/**
 * The resolve stage: the references a plan lists (src/catalogue/plan.ts) become places, each by the
 * executor that serves it. Service port names are looked up before any address, as a Service's name
 * alone does not say which port.
 */
export async function resolvePlaces(plan: JobPlan, options: ResolveOptions): Promise<Places> {
  const { selectExecutor, namespace, from } = options;
  const ports = await Promise.all(
    plan.servicePorts.map(async (ref) => {
      const executor = selectExecutor(ref.service);
      if (!executor.resolveServicePort) {
        throw new InvalidInputError(
          `the ${executor.name} executor cannot look up port names of ${formatTarget(ref.service)}: write the port number`,
        );
      }
      return [ref, await executor.resolveServicePort(ref.service, ref.portName, { namespace })] as const;
    }),
  );
  const addresses = await Promise.all(
    plan.destinations.map(
      async (target) =>
        [target, await selectExecutor(target).resolveAddress(target, { namespace, from })] as const,
    ),
  );
  return {
    addresses: new Map(addresses),
    ports: new Map(ports),
    ...(options.serverAddress === undefined ? {} : { serverAddress: options.serverAddress }),
  };
}
