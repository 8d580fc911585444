import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { destination, pino, type Logger } from 'pino';
import type { AuditTrail } from '../audit/audit-record.js';
import { loadConfig, type Config } from '../config/env.js';
import { TransientError } from '../errors.js';
import { createConfiguredExecutors } from '../executors/configured-executors.js';
import { renderOutcomeText } from '../format/render-text.js';
import { exitStatusOf } from '../format/verdict.js';
import { parseRequest } from '../grammar/parse-request.js';
import type { Request } from '../grammar/request.js';
import type { AdmissionTicket } from '../limits/admission.js';
import { createAdmissionLimits } from '../limits/create-admission-limits.js';
import { auditQueued, createGate } from '../policy/create-gate.js';
import type { Gate, GateInput } from '../policy/gate.js';
import { PolicyFileError } from '../policy/load-policy.js';
import { startPolicyHolder } from '../policy/policy-holder.js';
import type { PolicySource } from '../policy/ports.js';
import { checkRedisReachable } from '../queue/check-redis.js';
import type { ArtifactStore } from '../queue/artifact-store.js';
import { describeMissingArtifact } from '../queue/describe-missing-artifact.js';
import type { JobAuthorization } from '../queue/job.js';
import { createJobQueue, readCanceledBy } from '../queue/job-queue.js';
import { createRedisClient, type RedisClient } from '../queue/redis-client.js';
import {
  createWorker,
  defaultOverheadMs,
  type JobWorker,
  type WorkerOptions,
} from '../worker/create-worker.js';
import type { JobOutcome } from '../results/job-outcome.js';
import { createTerminalReporter } from '../worker/terminal-reporter.js';
import { createAuditReporter } from '../worker/audit-reporter.js';
import { combineReporters } from '../worker/combine-reporters.js';
import { createConfiguredAuditTrail } from './configured-audit-trail.js';
import { exitCodes, type CliContext } from './cli-context.js';

interface RunFlags {
  readonly remote?: boolean;
  readonly outputDir?: string;
  /** The operator the policy decides for. */
  readonly as?: string;
}

/**
 * `netshoot-bot run "<line>"` (SPEC 2): the Slack grammar from a terminal. The job goes through Redis
 * either way. By default an in-process worker runs it on a private queue of its own (so `run` never
 * takes other people's jobs); `--remote` puts it on the cluster's queue for the `worker`s there.
 * Prints the rendered result, saves artifacts (pcap) to files, and exits with the tool's status.
 * Ctrl-C cancels the job.
 *
 * The command line is a door like the slash command (SPEC 6): the policy decides for an operator
 * (`--as NAME`, else NETSHOOT_OPERATOR, else the OS user name), which it must name; a refusal exits 4
 * with the reason and the fix, and nothing is queued. The limits and the audit trail are the bot's,
 * on the same Redis; the job is signed with NETSHOOT_JOB_SECRET (a local `run` without it signs with
 * a secret of its own, which only its in-process worker knows).
 */
export async function runLine(line: string, flags: RunFlags, context: CliContext): Promise<number> {
  try {
    return await queueAndWait(line, flags, context);
  } catch (error) {
    // Redis away, a job that did not finish in time, a policy file that does not load: a sentence,
    // not a stack trace.
    if (error instanceof TransientError || error instanceof PolicyFileError) {
      context.fail(error.message, exitCodes.failure);
      return exitCodes.failure;
    }
    throw error;
  }
}

async function queueAndWait(line: string, flags: RunFlags, context: CliContext): Promise<number> {
  const config = loadConfig(context.env);
  const request = parseRequest(line, context.commands);
  // Before any BullMQ connection exists: one bounded attempt says "Redis did not answer" at once.
  await checkRedisReachable(config.REDIS_URL);
  const logger = pino({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL }, destination(2));
  const operator = flags.as?.trim() || context.env.NETSHOOT_OPERATOR?.trim() || userInfo().username;
  context.streams.err(`acting as operator ${operator}\n`);
  const door = flags.remote ? 'run-remote' : 'run';
  const policy = await startPolicyHolder(config.NETSHOOT_POLICY, logger);
  const redis = await connectRedis(config.REDIS_URL, logger);
  // The bot's trail, on the same Redis (and NETSHOOT_AUDIT_CHANNEL when a bot token is set).
  const configuredAudit = context.audit ? undefined : createConfiguredAuditTrail(config, redis, logger);
  try {
    const audit = context.audit ?? configuredAudit!.trail;
    const gate = gateFor(config, context, { policy, redis, audit, logger });
    const input: GateInput = {
      request,
      caller: { kind: 'operator', name: operator },
      door,
      dedupeKey: `cli-${randomUUID()}`,
    };
    const admitted = await admit(gate, input, config, context, flags);
    if (typeof admitted === 'number') return admitted;
    const secret = admitted.secret;
    const released = async () => {
      await gate.release(admitted.ticket).catch((error: unknown) =>
        // The ticket's holdMs frees the slots anyway, a little later.
        logger.warn({ err: error }, 'could not release the limits of this job'),
      );
    };
    try {
      return await queueAdmitted(input, admitted.authorization, secret, flags, context, {
        config,
        logger,
        audit,
        redis,
        onQueued: (jobId, cluster) =>
          auditQueued(audit, logger, input, {
            jobId,
            cluster,
            rule: admitted.authorization.rule,
          }),
        onNotQueued: released,
      });
    } finally {
      // A local job has ended (or was never queued) when this returns: its worker is ours and gone.
      // A remote worker frees its own job's slots when it ends.
      if (!flags.remote) await released();
    }
  } finally {
    policy.close();
    await configuredAudit?.close();
    redis.disconnect();
  }
}

/**
 * The policy's decision for the operator, then the limits. A number is the exit status of a refusal
 * (said on stderr, nothing queued); otherwise the authorization and the secret to sign it with.
 */
async function admit(
  gate: Gate,
  input: GateInput,
  config: Config,
  context: CliContext,
  flags: RunFlags,
): Promise<
  number | { authorization: JobAuthorization; ticket: AdmissionTicket; secret: string | undefined }
> {
  const decision = await gate.decide(input);
  context.streams.err(`policy: ${decision.effect} by rule ${decision.rule}\n`);
  if (decision.effect === 'deny') {
    context.fail(`refused: ${decision.reason}\n${decision.fix}`, exitCodes.forbidden);
    return exitCodes.forbidden;
  }
  if (decision.effect === 'needs-approval') {
    context.fail(
      `refused: ${decision.reason}\nit needs approval by ${decision.approvers.group} in Slack, which the command line cannot ask for: ask for it with /netshoot ${input.request.text}`,
      exitCodes.forbidden,
    );
    return exitCodes.forbidden;
  }
  const secret = secretFor(config, context, flags, input.request);
  if (secret === 'missing') return exitCodes.forbidden;
  const admitted = await gate.admit(input);
  if (admitted.kind === 'refused') {
    context.fail(`refused: ${admitted.error.describe()}`, exitCodes.forbidden);
    return exitCodes.forbidden;
  }
  return { authorization: admitted.authorization, ticket: admitted.ticket, secret };
}

/**
 * The secret the job is signed with: NETSHOOT_JOB_SECRET; for a local run without it, one made now
 * and shared only with the in-process worker. A remote privileged job without it is refused here:
 * the workers run unsigned jobs only for read tools.
 */
function secretFor(
  config: Config,
  context: CliContext,
  flags: RunFlags,
  request: Request,
): string | undefined | 'missing' {
  const configured = config.NETSHOOT_JOB_SECRET;
  if (configured !== undefined) return configured;
  if (!flags.remote) return randomBytes(32).toString('hex');
  const privileged = context.commands.find((command) => command.name === request.tool)?.privilege;
  if (privileged !== 'privileged') return undefined;
  context.fail(
    `refused: \`${request.tool}\` is a privileged tool, and without NETSHOOT_JOB_SECRET the workers run only read tools\nset NETSHOOT_JOB_SECRET to the secret the bot and the workers share, then run it again`,
    exitCodes.forbidden,
  );
  return 'missing';
}

function gateFor(
  config: Config,
  context: CliContext,
  parts: { policy: PolicySource; redis: RedisClient; audit: AuditTrail; logger: Logger },
): Gate {
  return createGate({
    policy: parts.policy,
    // Operators have no Slack groups: the gate never asks.
    groups: { groupIdsOf: async () => [] },
    limits: createAdmissionLimits(parts.redis, () => parts.policy.current().limits),
    audit: parts.audit,
    commands: context.commands,
    clusterName: (requested) => (requested === 'default' ? config.NETSHOOT_CLUSTER : requested),
    overheadMs: defaultOverheadMs,
    logger: parts.logger,
  });
}

/**
 * The connection the limits and the audit trail use, connected before the first call: it fails fast
 * (no offline queue), so a command sent while it still connects would fail instead of waiting.
 */
async function connectRedis(url: string, logger: Logger): Promise<RedisClient> {
  const redis = createRedisClient(url, { failFast: true, lazyConnect: true });
  redis.on('error', (error: Error) => logger.debug({ err: error }, 'Redis connection error'));
  await redis.connect().catch((error: unknown) => {
    redis.disconnect();
    throw new TransientError(`could not reach Redis at REDIS_URL: ${(error as Error).message}`, {
      cause: error,
    });
  });
  return redis;
}

async function queueAdmitted(
  input: GateInput,
  authorization: JobAuthorization,
  jobSecret: string | undefined,
  flags: RunFlags,
  context: CliContext,
  parts: {
    config: Config;
    logger: Logger;
    audit: AuditTrail;
    redis: RedisClient;
    onQueued: (jobId: string, cluster: string) => void;
    onNotQueued: () => Promise<void>;
  },
): Promise<number> {
  const { request } = input;
  const { config, logger } = parts;
  const queueName = flags.remote
    ? undefined
    : `cli-${hostname().replace(/[^A-Za-z0-9_.-]/g, '-')}-${process.pid}`;
  const queue = createJobQueue({
    redisUrl: config.REDIS_URL,
    cluster: request.cluster,
    logger,
    ...(queueName ? { queueName, attempts: 1 } : {}),
    ...(jobSecret === undefined ? {} : { jobSecret }),
  });
  let worker: JobWorker | undefined;
  const executors = flags.remote ? [] : createConfiguredExecutors(config, logger);
  const stopOnSignal = () => void cancel();
  let jobId: string | undefined;
  async function cancel() {
    if (jobId) {
      context.streams.err(`cancelling #${jobId}\n`);
      await queue.cancel(jobId, `operator:${operatorOf(input)}`).catch((error: unknown) => {
        context.streams.err(`could not cancel #${jobId} (${(error as Error).message}); it may still run\n`);
      });
    }
  }

  try {
    if (!flags.remote) {
      // The in-process worker checks the job with the secret it was signed with, and audits what it
      // runs (started, finished, canceled, artifacts) or refuses, as a `worker` would.
      const auditReporter = createAuditReporter({
        trail: parts.audit,
        canceledBy: (id) => readCanceledBy(parts.redis, { queueName: queue.bullName }, id),
      });
      const workerOptions: WorkerOptions = {
        redisUrl: config.REDIS_URL,
        cluster: request.cluster,
        ...(queueName ? { queueName } : {}),
        concurrency: 1,
        executors,
        reporter: combineReporters([
          createTerminalReporter({ writeProgress: context.streams.err }),
          auditReporter,
        ]),
        logger,
        commands: context.commands,
        audit: parts.audit,
        ...(jobSecret === undefined ? {} : { jobSecret }),
      };
      worker = createWorker(workerOptions);
      await worker.start();
    }
    const queued = await queue
      .enqueue({
        request,
        origin: {
          via: 'cli',
          user: operatorOf(input),
        },
        dedupeKey: input.dedupeKey,
        authorization,
      })
      .catch(async (error: unknown) => {
        await parts.onNotQueued();
        throw error;
      });
    jobId = queued.jobId;
    parts.onQueued(jobId, queue.cluster === 'default' ? config.NETSHOOT_CLUSTER : queue.cluster);
    context.streams.err(`queued as #${jobId}${flags.remote ? ` on cluster ${request.cluster}` : ''}\n`);
    process.once('SIGINT', stopOnSignal);
    // The worker's own deadline is the tool's timeout plus a minute; a remote queue may also wait for a free worker.
    const outcome = await queue.waitForOutcome(
      jobId,
      request.options.timeoutMs + (flags.remote ? 600_000 : 90_000),
    );
    context.print(
      renderOutcomeText(outcome, {
        tool: request.tool,
        raw: request.options.raw,
        ...(request.options.grep ? { grep: request.options.grep } : {}),
      }).trimEnd(),
    );
    if (outcome.restarted) context.streams.err(`#${outcome.jobId} ${restartedWords}\n`);
    await saveFiles(outcome, request.options.file, flags.outputDir, context, await queue.artifacts());
    return exitStatusOf(outcome);
  } finally {
    process.off('SIGINT', stopOnSignal);
    await worker?.stop(5000);
    // Only a queue that took a job has anything to remove (and Redis to remove it from).
    if (queueName && jobId) {
      await queue.obliterate().catch((error: unknown) => {
        // Its jobs expire on their own (removeOnComplete/removeOnFail); say so instead of failing the run.
        logger.warn({ err: error, jobId, queue: queueName }, 'could not remove the private queue');
      });
    }
    await queue.close();
    await Promise.all(executors.map((executor) => executor.close()));
  }
}

/** What `run` says of a job a worker restart interrupted (Slack says the same in its message). */
const restartedWords = 'restarted after the worker stopped: it ran again from the start';

/**
 * Artifacts (pcap) always, and with `--file` the full output of each run, as files: the terminal's
 * version of Slack's uploads. Artifacts are fetched from where the worker left them and then removed;
 * one that was not kept or expired is said on stderr. Not under the executor's `netshoot-bot-<pid>-`
 * names, which its reaper owns.
 */
async function saveFiles(
  outcome: JobOutcome,
  fullOutput: boolean,
  outputDir: string | undefined,
  context: CliContext,
  artifacts: ArtifactStore,
): Promise<void> {
  const files: { name: string; data: Buffer }[] = [];
  const refs = outcome.runs.flatMap((run) => run.result.artifacts);
  for (const ref of refs) {
    const data = await artifacts.fetch(ref);
    if (data) files.push({ name: ref.name, data });
    else context.streams.err(`not saved: ${describeMissingArtifact(ref)}\n`);
  }
  if (fullOutput) {
    for (const run of outcome.runs) {
      files.push({
        name: `${outcome.jobId}-${run.side}-output.txt`,
        data: Buffer.from(
          `${run.result.stdout}${run.result.stderr ? `\n[stderr]\n${run.result.stderr}` : ''}`,
        ),
      });
    }
  }
  if (files.length > 0) {
    const dir = outputDir ?? (await mkdtemp(join(tmpdir(), `netshoot-run-${outcome.jobId}-`)));
    for (const file of files) {
      const path = join(dir, file.name);
      await writeFile(path, file.data);
      context.streams.err(`saved ${file.name} (${file.data.length} bytes) to ${path}\n`);
    }
  }
  await artifacts.remove(refs);
}

/** The operator a command-line door decided for (GateInput.caller is always one here). */
function operatorOf(input: GateInput): string {
  return input.caller.kind === 'operator' ? input.caller.name : userInfo().username;
}
