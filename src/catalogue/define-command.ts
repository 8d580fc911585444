import type { z } from 'zod';
import type { ServicePortRef } from '../grammar/service-port.js';
import type { TargetRef } from '../grammar/target.js';
import type { ToolSyntax } from '../grammar/tool-syntax.js';

export type Privilege = 'read' | 'privileged';

/** What argv builders learn from the executor, never from the user (SPEC 3: a path is never given). */
export interface ArgvContext {
  /** Where tcpdump --pcap writes its capture, inside the session's artifact directory. */
  readonly pcapFile?: string;
  /**
   * The request's Kubernetes namespace (`default` unless -n / --namespace said another): tools
   * without targets that read namespaced resources (calicoctl get wep) pass it on.
   */
  readonly namespace?: string;
  /**
   * The request's deadline (--timeout): a tool with a time limit of its own (curl --max-time) keeps
   * it below this, so that it ends by itself and prints what it saw instead of being killed mute.
   */
  readonly timeoutMs?: number;
}

/**
 * The arguments once every destination reference is an address and every Service port name a
 * number (as a string): what argv builders receive.
 */
export type Resolved<T> = {
  [K in keyof T]: T[K] extends readonly (infer E)[]
    ? (TargetRef extends E ? Exclude<E, TargetRef> | string : E)[]
    : TargetRef extends T[K]
      ? Exclude<T[K], TargetRef> | string
      : ServicePortRef extends T[K]
        ? Exclude<T[K], ServicePortRef> | string
        : T[K];
};

export type Argv = readonly string[];

/** The first signal that ends a run at its deadline, on a cancel or a stop (docs/pipeline.md). */
export type StopSignal = 'SIGINT' | 'SIGTERM';

interface CommandBase<Schema extends z.ZodType> {
  readonly name: string;
  /** One line, shown in help and docs. */
  readonly summary: string;
  /** `dig <target> [@server] NAME [TYPE] [+short]`: what an error message shows. */
  readonly usage: string;
  /** Whole command lines as a user types them after `/netshoot`; each must pass `explain`. */
  readonly examples: readonly string[];
  readonly privilege: Privilege;
  /** Durations such as '15s', '2m'. `--timeout` may never exceed max. */
  readonly timeout: { readonly default: string; readonly max: string };
  readonly syntax: ToolSyntax;
  /** Validates the raw arguments that `syntax` collected (strings, booleans, counts, TargetRefs). */
  readonly args: Schema;
  /** Whether `--pcap` applies (tcpdump). */
  readonly supportsPcap?: boolean;
  /**
   * The signal on which the tool prints its own summary of what it saw and exits (ping's statistics,
   * tcpdump's packet counts): a deadline or a cancel sends it first, then SIGTERM and SIGKILL after
   * a grace, so a run cut short still carries that summary. SIGTERM (the default) for the others.
   */
  readonly stopSignal?: StopSignal;
}

/** A tool that runs once, in the first target (or, with targets 0, where the worker runs it). */
export interface SingleCommand<Schema extends z.ZodType = z.ZodType> extends CommandBase<Schema> {
  readonly targets: 0 | 1;
  /**
   * `toolbox` runs argv in the toolbox; `api` (stats) asks the Docker or Kubernetes API instead;
   * `diagnose` hands the job to the diagnose orchestrator (src/diagnose/run-diagnosis.ts), which runs
   * several read-only probes in the target and asks the executor's API.
   */
  readonly runsIn?: 'toolbox' | 'api' | 'diagnose';
  readonly argv: (args: Resolved<z.output<Schema>>, context: ArgvContext) => Argv;
}

/**
 * A tool with a server side in the first target and a client side in the second, which reaches the
 * server at the first target's address (iperf, iperf3, netgen). The worker starts the server, waits
 * until `listen` is bound, runs the client, then stops the server.
 */
export interface TwoPartyCommand<Schema extends z.ZodType = z.ZodType> extends CommandBase<Schema> {
  readonly targets: 2;
  readonly server: (args: Resolved<z.output<Schema>>) => Argv;
  readonly client: (args: Resolved<z.output<Schema>>, serverAddress: string) => Argv;
  readonly listen: (args: Resolved<z.output<Schema>>) => {
    readonly port: number;
    readonly protocol: 'tcp' | 'udp';
  };
}

export type CommandDefinition<Schema extends z.ZodType = z.ZodType> =
  SingleCommand<Schema> | TwoPartyCommand<Schema>;

/** Identity with types: each file under commands/ exports `defineCommand({...})`. */
export function defineCommand<Schema extends z.ZodType>(
  definition: SingleCommand<Schema>,
): SingleCommand<Schema>;
export function defineCommand<Schema extends z.ZodType>(
  definition: TwoPartyCommand<Schema>,
): TwoPartyCommand<Schema>;
export function defineCommand(definition: CommandDefinition): CommandDefinition {
  return definition;
}

export function isTwoParty(command: CommandDefinition): command is TwoPartyCommand {
  return command.targets === 2;
}
