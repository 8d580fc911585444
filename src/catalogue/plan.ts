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
 * The plan stage's answer, as data: the command, its arguments as parsed, and what must become a
 * place before it can run. Destination references (`pod/db` written where a host goes) and Service
 * port names (`svc/db pg`) are listed here, in the order they appear; the worker has its executor
 * resolve them (src/executors/resolve-places.ts), then `argvFor` builds the argv. Nothing in this
 * stage calls back into an executor.
 */
export interface JobPlan {
  readonly command: CommandDefinition;
  readonly args: Readonly<Record<string, unknown>>;
  /** One entry per occurrence; each is the very object found in `args`. */
  readonly destinations: readonly TargetRef[];
  readonly servicePorts: readonly ServicePortRef[];
  /** Two-party tools: the server's target, whose address the client reaches unless told another. */
  readonly server?: TargetRef;
  /** The request's namespace, for argv builders that pass it on (ArgvContext.namespace). */
  readonly namespace?: string;
  /** The request's deadline, for tools with a time limit of their own (ArgvContext.timeoutMs). */
  readonly timeoutMs?: number;
}

/** What the resolve stage found for a plan: each listed reference's address or port, by identity. */
export interface Places {
  readonly addresses: ReadonlyMap<TargetRef, string>;
  readonly ports: ReadonlyMap<ServicePortRef, number | string>;
  /** Two-party tools: where the client reaches the server. */
  readonly serverAddress?: string;
}

/** The plan stage: which command runs and what must be resolved first. Throws for an unknown tool. */
export function planJob(request: Request, commands: readonly CommandDefinition[]): JobPlan {
  const command = commands.find((candidate) => candidate.name === request.tool);
  if (!command) throw new InvalidInputError(`unknown tool '${request.tool}'`);
  const destinations: TargetRef[] = [];
  const servicePorts: ServicePortRef[] = [];
  for (const value of Object.values(request.args).flatMap((arg) => (Array.isArray(arg) ? arg : [arg]))) {
    if (isTargetRef(value)) destinations.push(value);
    else if (isServicePortRef(value)) servicePorts.push(value);
  }
  if (!isTwoParty(command))
    return {
      command,
      args: request.args,
      destinations,
      servicePorts,
      namespace: request.namespace,
      timeoutMs: request.options.timeoutMs,
    };
  const server = request.targets[0];
  if (!server) throw new InvalidInputError(`${command.name} needs two targets`);
  return { command, args: request.args, destinations, servicePorts, server };
}

/**
 * After the resolve stage: every reference in the arguments replaced by its place, then the command's
 * pure builders make the argv. The far-side bound (`timeout N`) is the executor's job, not this one's.
 */
export function argvFor(plan: JobPlan, places: Places, context: ArgvContext = {}): Plan {
  const one = (value: unknown): unknown => {
    if (isTargetRef(value)) return checkAddress(value, placeOf(places.addresses, value));
    if (!isServicePortRef(value)) return value;
    return checkPort(value, placeOf(places.ports, value));
  };
  const args = Object.fromEntries(
    Object.entries(plan.args).map(([key, value]) => [
      key,
      Array.isArray(value) ? value.map(one) : one(value),
    ]),
  );
  const { command } = plan;
  const fromRequest = {
    ...(plan.namespace === undefined ? {} : { namespace: plan.namespace }),
    ...(plan.timeoutMs === undefined ? {} : { timeoutMs: plan.timeoutMs }),
  };
  if (!isTwoParty(command))
    return { kind: 'single', argv: command.argv(args as never, { ...fromRequest, ...context }) };
  if (places.serverAddress === undefined)
    throw new Error(`${command.name} was planned without a server address`);
  return {
    kind: 'two-party',
    server: command.server(args as never),
    client: command.client(args as never, places.serverAddress),
    listen: command.listen(args as never),
  };
}

function placeOf<K extends object, V>(found: ReadonlyMap<K, V>, ref: K): V {
  if (!found.has(ref)) throw new Error('a reference of the plan was not resolved');
  return found.get(ref) as V;
}

/**
 * Plan, resolve through the given callbacks, and build, in one call: for `explain` (placeholders)
 * and tests. The worker runs the stages apart, with its executors in the middle.
 */
export async function planRequest(request: Request, options: PlanOptions): Promise<Plan> {
  const plan = planJob(request, options.commands);
  const places = await resolveWith(plan, options);
  return argvFor(plan, places, options.context ?? {});
}

/** The resolve stage through callbacks; each Service port name is looked up before any address. */
async function resolveWith(
  plan: JobPlan,
  { resolve, resolvePort, serverAddress }: PlanOptions,
): Promise<Places> {
  const ports = await Promise.all(
    plan.servicePorts.map(async (ref) => {
      if (!resolvePort) {
        throw new Error(
          `nothing resolves port names here, so port ${ref.portName} of ${formatTarget(ref.service)} cannot be used`,
        );
      }
      return [ref, await resolvePort(ref)] as const;
    }),
  );
  const addresses = await Promise.all(
    plan.destinations.map(async (target) => [target, await resolve(target)] as const),
  );
  const server =
    plan.server === undefined || serverAddress !== undefined
      ? serverAddress
      : checkAddress(plan.server, await resolve(plan.server));
  return {
    addresses: new Map(addresses),
    ports: new Map(ports),
    ...(server === undefined ? {} : { serverAddress: server }),
  };
}

/** A port number, or a placeholder that cannot read as a flag. */
function checkPort(ref: ServicePortRef, port: number | string): string {
  const text = typeof port === 'number' || typeof port === 'string' ? String(port) : '';
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
