import { InvalidInputError } from '../errors.js';
import type { Request } from '../grammar/request.js';
import { isServicePortRef, type ServicePortRef } from '../grammar/service-port.js';
import { formatTarget, isTargetRef, type TargetRef } from '../grammar/target.js';
import { isTwoParty, type Argv, type ArgvContext, type CommandDefinition } from './define-command.js';

/** What runs for a request: one argv, or a server and a client that reaches the server's address. */
export type Plan =
  | { readonly kind: 'single'; readonly argv: Argv }
  | {
      readonly kind: 'two-party';
      readonly server: Argv;
      readonly client: Argv;
      readonly listen: { readonly port: number; readonly protocol: 'tcp' | 'udp' };
    };

/** A destination reference (`pod/db` written where a host goes) to an address, by the worker's executor. */
export type ResolveTarget = (target: TargetRef) => Promise<string> | string;

/** A Service port's name (`pg`) to its number, by the worker's executor; `explain` shows a placeholder. */
export type ResolvePort = (ref: ServicePortRef) => Promise<number | string> | number | string;

export interface PlanOptions {
  readonly resolve: ResolveTarget;
  /** Needed only when a command names a Service port (`nc pod/a svc/db pg`). */
  readonly resolvePort?: ResolvePort;
  /** Two-party tools: where the client reaches the server; the first target resolved when omitted. */
  readonly serverAddress?: string;
  /** What only the executor knows, such as tcpdump --pcap's capture file. */
  readonly context?: ArgvContext;
  /**
   * The catalogue (commands/index.ts; tests pass their own): handed in, as the commands themselves
   * are built on this folder and importing them back would make a circle.
   */
  readonly commands: readonly CommandDefinition[];
}

/**
 * Turns a parsed Request into the argv that runs: every TargetRef in the arguments becomes an address,
 * then the command's pure builders make the argv. The far-side bound (`timeout N`) is the executor's
 * job, not this one's. `explain` calls it with a resolver that returns placeholders.
 */
export async function planRequest(request: Request, options: PlanOptions): Promise<Plan> {
  const command = options.commands.find((candidate) => candidate.name === request.tool);
  if (!command) throw new InvalidInputError(`unknown tool '${request.tool}'`);

  const args = await resolveArgs(request.args, options);
  if (!isTwoParty(command)) {
    return { kind: 'single', argv: command.argv(args as never, options.context ?? {}) };
  }
  const server = request.targets[0];
  if (!server) throw new InvalidInputError(`${command.name} needs two targets`);
  const serverAddress = options.serverAddress ?? checkAddress(server, await options.resolve(server));
  return {
    kind: 'two-party',
    server: command.server(args as never),
    client: command.client(args as never, serverAddress),
    listen: command.listen(args as never),
  };
}

/**
 * The arguments with each TargetRef, alone or in an array, replaced by its address, and each
 * Service port name by its number (looked up before the Service itself becomes an address).
 */
async function resolveArgs(
  args: Record<string, unknown>,
  { resolve, resolvePort }: PlanOptions,
): Promise<Record<string, unknown>> {
  const one = async (value: unknown): Promise<unknown> => {
    if (isTargetRef(value)) return checkAddress(value, await resolve(value));
    if (!isServicePortRef(value)) return value;
    if (!resolvePort) {
      throw new Error(
        `nothing resolves port names here, so port ${value.portName} of ${formatTarget(value.service)} cannot be used`,
      );
    }
    return checkPort(value, await resolvePort(value));
  };
  const entries = await Promise.all(
    Object.entries(args).map(
      async ([key, value]) =>
        [key, Array.isArray(value) ? await Promise.all(value.map(one)) : await one(value)] as const,
    ),
  );
  return Object.fromEntries(entries);
}

/** A port number, or a placeholder that cannot read as a flag. */
function checkPort(ref: ServicePortRef, port: number | string): string {
  const text = String(port);
  const usable = /^\d+$/.test(text)
    ? Number(text) >= 1 && Number(text) <= 65535
    : text !== '' && !/^-|[\0\r\n]/.test(text);
  if (!usable) {
    throw new Error(
      `the port resolved for ${ref.portName} of ${formatTarget(ref.service)} is not usable: '${text}'`,
    );
  }
  return text;
}

/** An address that could read as a flag never reaches a tool (SPEC 6), whatever a resolver returns. */
function checkAddress(target: TargetRef, address: string): string {
  if (address === '' || address.startsWith('-') || /[\0\r\n]/.test(address)) {
    throw new Error(`the address resolved for ${target.kind}/${target.name} is not usable: '${address}'`);
  }
  return address;
}
