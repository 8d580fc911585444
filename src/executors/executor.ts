import type { TargetRef } from '../grammar/target.js';
import type { Argv, StopSignal } from '../catalogue/define-command.js';
import type { RunResult } from '../results/run-result.js';
import type { ApiView, DiagnoseQuery } from '../diagnose/diagnosis.js';

export interface RunOptions {
  /** The hard deadline: the process (and its far-side `timeout` wrapper) dies after this. */
  readonly timeoutMs: number;
  /** Cancellation from the job: aborting kills the process, and the result says canceled. */
  readonly signal?: AbortSignal;
  /** Streamed output, for progress; the full output is in the RunResult as well. */
  readonly onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  /**
   * The first signal of the end (deadline, cancel, stop): SIGINT for a tool that prints its summary on
   * it (the command's `stopSignal`), then SIGTERM and SIGKILL after their graces. SIGTERM by default.
   */
  readonly stopSignal?: StopSignal;
  /** Files the run writes under the session's artifact directory, collected after it ends. */
  readonly collect?: readonly string[];
}

/** A running process started with `start`, for the server side of two-party tools. */
export interface RunningProcess {
  /** Resolves when the process ends, with what it printed; never rejects for a non-zero exit. */
  readonly result: Promise<RunResult>;
  /** Stops it (its stop signal, then SIGKILL after a grace period) and waits for the result; not a cancel. */
  stop(): Promise<RunResult>;
}

/** A toolbox living in one target's network namespace: opened once, then reused (SPEC 4). */
export interface Session {
  readonly target: TargetRef;
  /** The directory, inside the session, where artifacts are written (tcpdump --pcap). */
  readonly artifactDir: string;
  run(argv: Argv, options: RunOptions): Promise<RunResult>;
  start(argv: Argv, options: RunOptions): Promise<RunningProcess>;
  /** This target's address as seen from `peer` (a network both share); for two-party tools and
   * destination references. */
  addressFor(peer?: TargetRef): Promise<string>;
}

/**
 * The person's Kubernetes user and groups, when the policy maps them (JobData.authorization.kubernetes):
 * the kubernetes executor asks the cluster whether they could do what it is about to do for them.
 */
export interface KubernetesIdentity {
  readonly user?: string;
  readonly groups: readonly string[];
}

export interface OpenOptions {
  readonly namespace: string;
  /** Whom to check with a SubjectAccessReview before a toolbox is made; no check without. */
  readonly kubernetesIdentity?: KubernetesIdentity;
  /** The job that opens it, for the labels of what the executor creates (SPEC 4). */
  readonly jobId?: string;
  readonly signal?: AbortSignal;
  /** Progress such as "pulling image", "starting toolbox". */
  readonly onProgress?: (message: string) => void;
}

/** What `stats` asks for: the arguments of commands/stats.ts, all optional for executors. */
export interface StatsOptions {
  readonly namespace: string;
  readonly sort?: 'cpu' | 'memory' | 'net' | 'io';
  readonly limit?: number;
  /** Stopped containers too, on a host or node target. */
  readonly all?: boolean;
}

/**
 * A `calicoctl` line for an executor that reads Calico's datastore through its API (Kubernetes),
 * asked when the worker has no calicoctl binary: the arguments of commands/calicoctl.ts.
 */
export interface CalicoQuery {
  /** The calicoctl line it stands for, as the binary would have been run. */
  readonly argv: Argv;
  readonly verb: 'get' | 'ipam' | 'node' | 'version';
  readonly what?: string | undefined;
  readonly name?: string | undefined;
  readonly output?: string | undefined;
  readonly allNamespaces: boolean;
  readonly showBlocks: boolean;
  readonly namespace: string;
}

/**
 * Turns targets into sessions. docker/, kubernetes/ and local/ implement it. An executor keeps its
 * own session cache, closes idle sessions, and removes labelled leftovers (`reap`) at start.
 */
export interface Executor {
  readonly name: 'docker' | 'kubernetes' | 'local';
  /** Whether this executor can serve the target kind at all (a `pod/` is not for docker). */
  supports(target: TargetRef): boolean;
  open(target: TargetRef, options: OpenOptions): Promise<Session>;
  /** The address of a destination reference, without opening a session in it. */
  resolveAddress(target: TargetRef, options: { namespace: string; from?: TargetRef }): Promise<string>;
  /**
   * A Service port's number from its name (`svc/db` port `pg`), for `nc pod/a svc/db pg`; only
   * executors whose Services name their ports have it.
   */
  resolveServicePort?(service: TargetRef, portName: string, options: { namespace: string }): Promise<number>;
  /**
   * `stats` (a command with `runsIn: 'api'`): a snapshot from the engine's API instead of a process,
   * as a RunResult whose stdout is the table; only executors with such an API have it.
   */
  stats?(target: TargetRef, options: StatsOptions): Promise<RunResult>;
  /** `calicoctl get` and `ipam show` from Calico's resources, without the binary (Kubernetes only). */
  calico?(query: CalicoQuery): Promise<RunResult>;
  /**
   * `diagnose`: what this executor's API says about the path from FROM to TO, read verbs only
   * (Kubernetes: Services, EndpointSlices, NetworkPolicies, Calico; Docker: shared networks, embedded
   * DNS). The local executor has no API and no such method: those layers are `unchecked` there.
   */
  diagnose?(query: DiagnoseQuery): Promise<ApiView>;
  /** Removes whatever this bot left behind (labelled containers, pods); returns how many. */
  reap(): Promise<number>;
  close(): Promise<void>;
}
