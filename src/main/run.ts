import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { destination, pino } from 'pino';
import { loadConfig } from '../config/env.js';
import { TransientError } from '../errors.js';
import { createConfiguredExecutors } from '../executors/configured-executors.js';
import { renderOutcomeText } from '../format/render-text.js';
import { exitStatusOf } from '../format/verdict.js';
import { parseRequest } from '../grammar/parse-request.js';
import { checkRedisReachable } from '../queue/check-redis.js';
import type { ArtifactStore } from '../queue/artifact-store.js';
import { describeMissingArtifact } from '../queue/describe-missing-artifact.js';
import { createJobQueue } from '../queue/job-queue.js';
import { redisOptionsFromUrl } from '../queue/redis-options.js';
import { createWorker, type JobWorker } from '../worker/create-worker.js';
import type { JobOutcome } from '../results/job-outcome.js';
import { createTerminalReporter } from '../worker/terminal-reporter.js';
import { exitCodes, type CliContext } from './cli-context.js';

interface RunFlags {
  readonly remote?: boolean;
  readonly outputDir?: string;
}

/**
 * `netshoot-bot run "<line>"` (SPEC 2): the Slack grammar from a terminal. The job goes through Redis
 * either way. By default an in-process worker runs it on a private queue of its own (so `run` never
 * takes other people's jobs); `--remote` puts it on the cluster's queue for the `worker`s there.
 * Prints the rendered result, saves artifacts (pcap) to files, and exits with the tool's status.
 * Ctrl-C cancels the job.
 */
export async function runLine(line: string, flags: RunFlags, context: CliContext): Promise<number> {
  try {
    return await queueAndWait(line, flags, context);
  } catch (error) {
    // Redis away, a job that did not finish in time: a sentence, not a stack trace.
    if (error instanceof TransientError) {
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
  await checkRedisReachable(redisOptionsFromUrl(config.REDIS_URL));
  const logger = pino({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL }, destination(2));
  const queueName = flags.remote
    ? undefined
    : `cli-${hostname().replace(/[^A-Za-z0-9_.-]/g, '-')}-${process.pid}`;
  const queue = createJobQueue({
    redisUrl: config.REDIS_URL,
    cluster: request.cluster,
    logger,
    ...(queueName ? { queueName, attempts: 1 } : {}),
  });
  let worker: JobWorker | undefined;
  const executors = flags.remote ? [] : createConfiguredExecutors(config, logger);
  const stopOnSignal = () => void cancel();
  let jobId: string | undefined;
  async function cancel() {
    if (jobId) {
      context.streams.err(`cancelling #${jobId}\n`);
      await queue.cancel(jobId).catch((error: unknown) => {
        context.streams.err(`could not cancel #${jobId} (${(error as Error).message}); it may still run\n`);
      });
    }
  }

  try {
    if (!flags.remote) {
      worker = createWorker({
        redisUrl: config.REDIS_URL,
        cluster: request.cluster,
        ...(queueName ? { queueName } : {}),
        concurrency: 1,
        executors,
        reporter: createTerminalReporter({ writeProgress: context.streams.err }),
        logger,
        commands: context.commands,
      });
      await worker.start();
    }
    const queued = await queue.enqueue({
      request,
      origin: { via: 'cli', user: userInfo().username },
      dedupeKey: `cli-${randomUUID()}`,
    });
    jobId = queued.jobId;
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
