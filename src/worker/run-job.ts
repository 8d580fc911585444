import type { Logger } from 'pino';
import type { CommandDefinition, TwoPartyCommand } from '../catalogue/define-command.js';
import { isTwoParty } from '../catalogue/define-command.js';
import { argvFor, planJob, type Plan } from '../catalogue/plan.js';
import { InvalidInputError, TargetUnavailableError } from '../errors.js';
import type { RunningProcess, RunOptions, Session, StatsOptions } from '../executors/executor.js';
import type { RunResult } from '../results/run-result.js';
import { resolvePlaces } from '../executors/resolve-places.js';
import type { ExecutorSelector } from '../executors/select-executor.js';
import { describeWhere } from '../format/describe-where.js';
import { redactSecrets } from '../format/redact.js';
import { hasOwnKey } from '../grammar/own-entry.js';
import { formatTarget, type TargetRef } from '../grammar/target.js';
import type { JobData } from '../queue/job.js';
import { portAsWritten } from '../diagnose/destination.js';
import type { DiagnoseDestination } from '../diagnose/diagnosis.js';
import { runDiagnosis } from '../diagnose/run-diagnosis.js';
import { calicoctlOrApi } from './calicoctl-without-binary.js';
import { withCaptureSummary } from './capture-summary.js';
import { pinDestinations } from './pin-destinations.js';
import { trackRunProgress } from './run-progress.js';
import { typedCommand } from './typed-command.js';
import type { JobOutcome, JobStage } from '../results/job-outcome.js';

export interface RunJobContext {
  readonly jobId: string;
  readonly selectExecutor: ExecutorSelector;
  /** The catalogue (commands/index.ts); tests pass their own. */
  readonly commands: readonly CommandDefinition[];
  /** Aborted by a cancel or by the job's hard deadline; `deadlineSignal` tells which. */
  readonly signal: AbortSignal;
  readonly deadlineSignal: AbortSignal;
  /** `found`: what a running tool found so far (run-progress.ts), for the running line. */
  readonly onProgress: (stage: JobStage, detail?: string, found?: string) => void;
  /** The job's logger (its lines carry the job id). */
  readonly log: Logger;
}

type Run = { readonly side: JobOutcome['runs'][number]['side']; readonly result: RunResult };

/** A job's outcome as the executors left it: files still as bytes, which the worker then stores apart. */
export type RanJob = Omit<JobOutcome, 'runs'> & { readonly runs: readonly Run[] };

/** Where the tool runs when a command takes no target (calicoctl): the worker's own host. */
const workerHost: TargetRef = { kind: 'host', name: '' };

/**
 * One job, start to end, in stages (docs/pipeline.md): the request comes parsed (src/grammar); plan
 * it (src/catalogue: the command and the references to resolve, as data); open the session(s);
 * resolve the references to places (src/executors); build the argv and run it; the outcome goes on
 * to be rendered (src/format). Tool exits of any status are a `completed` outcome. User errors and transient errors are
 * thrown: the worker decides their fate (report or retry).
 */
export async function runJob(data: JobData, context: RunJobContext): Promise<RanJob> {
  const started = Date.now();
  const { request } = data;
  const command = context.commands.find((candidate) => candidate.name === request.tool);
  if (!command) throw new InvalidInputError(`this worker does not know the tool '${request.tool}'`);

  const runs = isTwoParty(command)
    ? await runTwoParty(data, command, context)
    : await runSingle(data, command, context);

  const last = runs[runs.length - 1]?.result;
  return {
    jobId: context.jobId,
    status: statusOf(last, context),
    runs: runs.map(({ side, result }) => ({ side, result: redactRun(result) })),
    where: describeWhere(request),
    durationMs: Date.now() - started,
  };
}

async function runSingle(data: JobData, command: CommandDefinition, context: RunJobContext): Promise<Run[]> {
  if (isTwoParty(command)) throw new Error('runSingle called with a two-party command');
  const { request } = data;
  const target = request.targets[0] ?? workerHost;
  if (command.runsIn === 'api') return [{ side: 'main', result: await askApi(data, target, context) }];
  if (command.runsIn === 'diagnose') return [{ side: 'main', result: await diagnose(data, target, context) }];
  const run = () => runInSession(data, command, target, context);
  return [
    {
      side: 'main',
      result: command.name === 'calicoctl' ? await calicoctlOrApi(data, context, run) : await run(),
    },
  ];
}

async function runInSession(
  data: JobData,
  command: CommandDefinition,
  target: TargetRef,
  context: RunJobContext,
): Promise<RunResult> {
  const { request } = data;
  const plan = planJob(request, context.commands);
  const session = await openSession(data, target, context);
  const pcapFile = request.options.pcap ? `${session.artifactDir}/capture-${context.jobId}.pcap` : undefined;
  const places = await resolvePlaces(plan, {
    selectExecutor: context.selectExecutor,
    namespace: request.namespace,
    from: target,
  });
  const pinned = await pinDestinations(plan, session, { signal: context.signal });
  const argv = single(argvFor(pinned, places, pcapFile ? { pcapFile } : {})).argv;
  const result = await runWithProgress(session, argv, command, typedCommand(request), context, {
    timeoutMs: request.options.timeoutMs,
    signal: context.signal,
  });
  // The pcap is collected by the run that summarises it (src/worker/capture-summary.ts).
  return pcapFile ? await withCaptureSummary(session, result, pcapFile) : result;
}

async function runTwoParty(data: JobData, command: TwoPartyCommand, context: RunJobContext): Promise<Run[]> {
  const { request } = data;
  const [serverTarget, clientTarget] = request.targets;
  if (!serverTarget || !clientTarget) {
    throw new InvalidInputError(`${command.name} needs two targets: the server first, then the client`, [
      command.usage,
    ]);
  }
  const planned = planJob(request, context.commands);
  const serverSession = await openSession(data, serverTarget, context);
  const clientSession = await openSession(data, clientTarget, context);
  const places = await resolvePlaces(planned, {
    selectExecutor: context.selectExecutor,
    namespace: request.namespace,
    from: serverTarget,
    serverAddress: await serverSession.addressFor(clientTarget),
  });
  const plan = twoParty(argvFor(planned, places));
  const { server: serverArgv, client: clientArgv, listen } = plan;
  if (await isListening(serverSession, listen, context.signal)) {
    // Another server already there would answer the client, and the stop would leave it be: the
    // measurement would be of someone else's service.
    const how = hasOwnKey(command.syntax.flags, '-p') ? 'choose another with -p' : 'choose another port';
    throw new InvalidInputError(
      `port ${listen.port} is already listening in ${formatTarget(serverTarget)}: ${how}`,
      [command.usage],
    );
  }
  // Up to 10 s for the server to listen: the elapsed time still moves on the running line meanwhile.
  const serverDetail = `server in ${formatTarget(serverTarget)}`;
  const starting = trackRunProgress({
    tool: command.name,
    argv: serverArgv,
    report: () => context.onProgress('running', serverDetail),
    describe: () => undefined,
  });
  let server: RunningProcess;
  try {
    // The server lives as long as the client may, plus the time it takes to come up.
    server = await serverSession.start(serverArgv, {
      timeoutMs: request.options.timeoutMs + readinessLimitMs,
      signal: context.signal,
      ...stopSignalOf(command),
    });
  } catch (error) {
    starting.stop();
    throw error;
  }
  let client: RunResult;
  try {
    await waitUntilListening(serverSession, server, listen, context).finally(() => starting.stop());
    // The client's output is the measurement: its progress is the job's.
    client = await runWithProgress(
      clientSession,
      clientArgv,
      command,
      `client in ${formatTarget(clientTarget)}`,
      context,
      { timeoutMs: request.options.timeoutMs, signal: context.signal },
    );
  } catch (error) {
    await server.stop();
    throw error;
  }
  const serverResult = await server.stop();
  return [
    { side: 'server', result: serverResult },
    { side: 'client', result: client },
  ];
}

/**
 * Runs the tool, reporting it as running (`detail`) and then every few seconds with what it found so
 * far, and ending it with the command's stop signal (SIGINT for ping: its statistics come with it).
 */
async function runWithProgress(
  session: Session,
  argv: readonly string[],
  command: CommandDefinition,
  detail: string,
  context: RunJobContext,
  options: RunOptions,
): Promise<RunResult> {
  const progress = trackRunProgress({
    tool: command.name,
    argv,
    report: (found) => context.onProgress('running', detail, found),
  });
  try {
    return await session.run(argv, { ...options, ...stopSignalOf(command), onOutput: progress.onOutput });
  } finally {
    progress.stop();
  }
}

function stopSignalOf(command: CommandDefinition): Pick<RunOptions, 'stopSignal'> {
  return command.stopSignal ? { stopSignal: command.stopSignal } : {};
}

const readinessLimitMs = 10_000;
const readinessPollMs = 100;

/**
 * Polls the server's namespace (`ss -ltnH sport = :PORT`) until the port is bound; bounded in time,
 * and ends early when the server exits or the job is cancelled.
 */
async function waitUntilListening(
  session: Session,
  server: RunningProcess,
  listen: { port: number; protocol: 'tcp' | 'udp' },
  { signal, log }: Pick<RunJobContext, 'signal' | 'log'>,
): Promise<void> {
  let exited: RunResult | undefined;
  void server.result.then(
    (result) => {
      exited = result;
    },
    (error: unknown) => {
      // The same failure comes back from server.stop(), which runTwoParty awaits and reports.
      log.debug({ err: error }, 'the server side failed while waiting for it to listen');
    },
  );
  const deadline = Date.now() + readinessLimitMs;
  while (Date.now() < deadline) {
    if (signal.aborted) return;
    if (exited) {
      const said = (exited.stderr || exited.stdout).trim().split('\n').slice(-3);
      throw new TargetUnavailableError(
        `the server side exited (status ${exited.exitCode}) before it listened on ${listen.protocol}/${listen.port}`,
        said,
      );
    }
    if (await isListening(session, listen, signal)) return;
    await new Promise((resolve) => setTimeout(resolve, readinessPollMs));
  }
  throw new TargetUnavailableError(
    `the server side did not listen on ${listen.protocol}/${listen.port} within ${readinessLimitMs / 1000}s`,
  );
}

/** Whether anything is bound to the port in the session's namespace (`ss -Hltn sport = :PORT`). */
async function isListening(
  session: Session,
  listen: { port: number; protocol: 'tcp' | 'udp' },
  signal: AbortSignal,
): Promise<boolean> {
  const flags = listen.protocol === 'tcp' ? '-Hltn' : '-Hlun';
  const probe = await session.run(['ss', flags, 'sport', '=', `:${listen.port}`], {
    timeoutMs: 5000,
    signal,
  });
  return probe.stdout.trim() !== '';
}

async function openSession(data: JobData, target: TargetRef, context: RunJobContext): Promise<Session> {
  const executor = context.selectExecutor(target);
  // The local executor has no toolbox to start: joining a namespace takes no time worth a message.
  if (executor.name !== 'local') context.onProgress('opening-session', formatTarget(target));
  return executor.open(target, {
    namespace: data.request.namespace,
    jobId: context.jobId,
    ...(data.authorization?.kubernetes ? { kubernetesIdentity: data.authorization.kubernetes } : {}),
    signal: context.signal,
    onProgress: (message) => context.onProgress('opening-session', message),
  });
}

/** `stats`: a snapshot from the executor's API (Docker, Kubernetes) instead of a process in a toolbox. */
async function askApi(data: JobData, target: TargetRef, context: RunJobContext): Promise<RunResult> {
  const executor = context.selectExecutor(target);
  if (!executor.stats) {
    throw new TargetUnavailableError(
      `${data.request.tool} needs the ${executor.name === 'local' ? 'Docker or Kubernetes' : executor.name} API, which the ${executor.name} executor does not offer for ${formatTarget(target)}`,
    );
  }
  context.onProgress('running', `${data.request.tool} ${formatTarget(target)}`);
  // The stats command's schema (commands/stats.ts) already validated and defaulted these.
  const { sort, limit, all } = data.request.args as Pick<StatsOptions, 'sort' | 'limit' | 'all'>;
  return executor.stats(target, { namespace: data.request.namespace, sort, limit, all });
}

/** `diagnose`: several read-only probes in the target and read API calls (src/diagnose/run-diagnosis.ts). */
function diagnose(data: JobData, from: TargetRef, context: RunJobContext): Promise<RunResult> {
  const { request } = data;
  // commands/diagnose.ts validated these: TO a target or a host, the port a number or a Service port name.
  const { to, port } = request.args as { to: DiagnoseDestination; port?: unknown };
  const written = portAsWritten(port);
  return runDiagnosis(
    {
      from,
      to,
      ...(written === undefined ? {} : { port: written }),
      namespace: request.namespace,
      timeoutMs: request.options.timeoutMs,
    },
    {
      openSession: () => openSession(data, from, context),
      selectExecutor: context.selectExecutor,
      signal: context.signal,
      onProgress: (detail) => context.onProgress('running', detail),
    },
  );
}

function single(plan: Plan): Extract<Plan, { kind: 'single' }> {
  if (plan.kind !== 'single') throw new Error(`expected a single plan, got ${plan.kind}`);
  return plan;
}

function twoParty(plan: Plan): Extract<Plan, { kind: 'two-party' }> {
  if (plan.kind !== 'two-party') throw new Error(`expected a two-party plan, got ${plan.kind}`);
  return plan;
}

function statusOf(last: RunResult | undefined, context: RunJobContext): JobOutcome['status'] {
  if (context.deadlineSignal.aborted || last?.timedOut) return 'timed-out';
  if (context.signal.aborted || last?.canceled) return 'canceled';
  return 'completed';
}

/** The argv too: `curl -H 'Authorization: Bearer x'` must not come back in the result or the progress. */
function redactRun(result: RunResult): RunResult {
  return {
    ...result,
    argv: result.argv.map(redactSecrets),
    stdout: redactSecrets(result.stdout),
    stderr: redactSecrets(result.stderr),
  };
}
