import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { ChartImage } from '../charts/render-chart.js';
import type { ChartData } from '../format/chart-data.js';
import { compareMeasures } from '../format/compare-measures.js';
import { summarize, type Summary } from '../format/summaries/index.js';
import type { ArtifactStore } from '../queue/artifact-store.js';
import type { JobData } from '../queue/job.js';
import type { Reporter } from '../worker/reporter.js';
import type { JobOutcome, ProgressEvent } from '../results/job-outcome.js';
import { renderJobMessage, type JobMessageState } from './blocks/job-message.js';
import { renderResultMessage, type FileToUpload, type ResultExtras } from './blocks/result-message.js';
import type { CommandPlace, LastResults } from './last-results.js';
import type { MessageRef, MessageStore } from './message-store.js';

export interface SlackReporterOptions {
  /** A WebClient on SLACK_API_URL whose retry config honours 429 Retry-After (createWebClient). */
  readonly client: WebClient;
  readonly messages: MessageStore;
  /** Where the worker left the job's files (pcaps): fetched to upload, removed once uploaded. */
  readonly artifacts: ArtifactStore;
  /** The cluster whose queue this worker consumes (NETSHOOT_CLUSTER): job ids are per queue. */
  readonly cluster: string;
  readonly logger: Logger;
  /** Fewest milliseconds between two "running" updates of one message: Slack allows about one a second. */
  readonly progressIntervalMs?: number;
  /** How long to wait for the listener to record the message it posted. */
  readonly messageWaitMs?: number;
  /**
   * Each command's last result in its channel (src/slack/last-results.ts): a repeat within a day
   * says what changed. Without it, nothing is compared.
   */
  readonly lastResults?: LastResults;
  /** Who canceled a job (src/queue/job-queue.ts readCanceledBy on this worker's queue). */
  readonly canceledBy?: (jobId: string) => Promise<string | undefined>;
  /** Which executor runs the job's first target: the message says "joining" where there is no toolbox. */
  readonly executorOf?: (job: JobData) => JobMessageState['executor'];
  /** src/charts' renderChart by default, loaded on the first chart: the bot's process never needs it. */
  readonly renderChart?: (chart: ChartData) => Promise<ChartImage>;
}

/**
 * The worker's voice in Slack (SPEC 5): chat.update of the job's message through its stages, then
 * the result in the message's thread (verdict, summary, raw output, files) and the message's first
 * line turned into the verdict, with Rerun. Jobs that did not come from Slack are not its business.
 * Files come by reference (the result names keys in Redis, the one store bot and worker share): they
 * are fetched, uploaded, then deleted; one that expired is said in words. A Slack failure is logged,
 * never thrown: it must not fail a job that ran (its files then expire on their own).
 */
export function createSlackReporter(options: SlackReporterOptions): Reporter {
  const { client, messages, logger, cluster, artifacts } = options;
  const interval = options.progressIntervalMs ?? 1000;
  const waitMs = options.messageWaitMs ?? 5000;
  const { lastResults } = options;
  // One chain per job: updates land in the order they were made, and the result after all of them.
  const chains = new Map<string, { tail: Promise<void>; lastStage?: string; lastAt: number }>();

  function enqueue(key: string, work: () => Promise<void>): Promise<void> {
    const chain = chains.get(key) ?? { tail: Promise.resolve(), lastAt: 0 };
    chains.set(key, chain);
    chain.tail = chain.tail.then(work).catch((error: unknown) => {
      logger.warn({ err: error, jobId: key.slice(cluster.length + 1), cluster }, 'a Slack update failed');
    });
    return chain.tail;
  }

  async function messageOf(job: JobData, jobId: string): Promise<MessageRef | undefined> {
    return messages.waitFor(cluster, jobId, waitMs);
  }

  /** The bytes of each artifact still there, by key; an expired one is left out (the message says so). */
  async function fetchArtifacts(outcome: JobOutcome): Promise<Map<string, Buffer>> {
    const fetched = new Map<string, Buffer>();
    for (const artifact of allArtifacts(outcome)) {
      if (!artifact.key) continue;
      const data = await artifacts.fetch(artifact);
      if (data) fetched.set(artifact.key, data);
      else logger.warn({ jobId: outcome.jobId, artifact: artifact.name }, 'artifact expired before upload');
    }
    return fetched;
  }

  /** What the message says in every version: the job, who asked, who approved, a rerun's origin. */
  function messageBasics(job: JobData, jobId: string, ref: MessageRef | undefined) {
    const executor = options.executorOf?.(job);
    return {
      jobId,
      cluster,
      request: job.request,
      userId: job.origin.via === 'slack' ? job.origin.userId : '',
      ...approvedByOf(job),
      ...(ref?.rerunOf ? { rerunOf: ref.rerunOf } : {}),
      ...(executor === undefined ? {} : { executor }),
    };
  }

  /** A Slack user who canceled; an operator's cancel (`operator:NAME`, from the CLI) is not a Slack user. */
  async function whoCanceled(jobId: string): Promise<string | undefined> {
    try {
      const by = await options.canceledBy?.(jobId);
      return by === undefined || by.startsWith('operator:') ? undefined : by;
    } catch (error) {
      logger.warn({ err: error, jobId, cluster }, 'could not read who canceled the job');
      return undefined;
    }
  }

  /**
   * What changed since the same command's last completed result in this channel, within a day.
   * Only completed results compare: a cancel or a time limit cut the run short, and its numbers
   * would be news about the cut, not about the network. A Redis hiccup costs the comparison only.
   */
  async function compareWithLast(
    place: CommandPlace,
    outcome: JobOutcome,
    summary: Summary | undefined,
  ): Promise<{ changes: readonly string[]; previousAt: string } | undefined> {
    if (!lastResults || outcome.status !== 'completed' || !summary?.measures?.length) return undefined;
    try {
      const previous = await lastResults.read(place);
      // A job reported twice (a worker restart) is not compared with itself.
      if (!previous || previous.jobId === outcome.jobId) return undefined;
      return { changes: compareMeasures(previous.measures, summary.measures), previousAt: previous.at };
    } catch (error) {
      logger.warn({ err: error, jobId: outcome.jobId, cluster }, 'could not read the last result');
      return undefined;
    }
  }

  async function rememberResult(
    place: CommandPlace,
    outcome: JobOutcome,
    summary: Summary | undefined,
  ): Promise<void> {
    if (!lastResults || outcome.status !== 'completed' || !summary?.measures?.length) return;
    await lastResults
      .write(place, { jobId: outcome.jobId, at: new Date().toISOString(), measures: summary.measures })
      .catch((error: unknown) =>
        logger.warn({ err: error, jobId: outcome.jobId, cluster }, 'could not keep the result to compare'),
      );
  }

  let chartRenderer: Promise<(chart: ChartData) => Promise<ChartImage>> | undefined;
  /** The summary's charts as PNG files; one that fails is logged and left out, never failing the post. */
  async function renderCharts(outcome: JobOutcome, summary: Summary | undefined): Promise<FileToUpload[]> {
    if (!summary?.charts?.length || outcome.status === 'failed') return [];
    chartRenderer ??= options.renderChart
      ? Promise.resolve(options.renderChart)
      : import('../charts/render-chart.js').then((module) => module.renderChart);
    const render = await chartRenderer;
    const rendered = await Promise.all(
      summary.charts.map(async (chart) => {
        try {
          const image = await render(chart);
          return { filename: image.filename, title: image.title, data: image.png };
        } catch (error) {
          logger.warn({ err: error, jobId: outcome.jobId, chart: chart.title }, 'a chart did not render');
          return undefined;
        }
      }),
    );
    return rendered.filter((file): file is FileToUpload => file !== undefined);
  }

  return {
    async progress(job, event: ProgressEvent) {
      const origin = job.origin;
      if (origin.via !== 'slack' || event.stage === 'queued') return;
      const key = `${cluster}/${event.jobId}`;
      const chain = chains.get(key);
      const now = Date.now();
      if (chain && chain.lastStage === event.stage && now - chain.lastAt < interval) return;
      const state = chains.get(key) ?? { tail: Promise.resolve(), lastAt: 0 };
      chains.set(key, { ...state, lastStage: event.stage, lastAt: now });
      await enqueue(key, async () => {
        const ref = await messageOf(job, event.jobId);
        if (!ref) return;
        const view = renderJobMessage({
          ...messageBasics(job, event.jobId, ref),
          stage: event.stage,
          elapsedMs: event.elapsedMs,
          ...(event.detail === undefined ? {} : { detail: event.detail }),
          ...(event.found === undefined ? {} : { found: event.found }),
          ...(event.restarted ? { restarted: true } : {}),
        });
        await client.chat.update({ channel: ref.channel, ts: ref.ts, text: view.text, blocks: view.blocks });
      });
    },

    async result(job, outcome) {
      const origin = job.origin;
      if (origin.via !== 'slack') return;
      const key = `${cluster}/${outcome.jobId}`;
      await enqueue(key, async () => {
        const summary = summaryOf(job, outcome);
        const place: CommandPlace = {
          teamId: origin.teamId,
          channelId: origin.channelId,
          cluster,
          request: job.request,
        };
        const [canceledBy, comparison, charts] = await Promise.all([
          outcome.status === 'canceled' ? whoCanceled(outcome.jobId) : undefined,
          compareWithLast(place, outcome, summary),
          // --raw asks for what the tool wrote and nothing of the bot's reading of it.
          job.request.options.raw ? [] : renderCharts(outcome, summary),
        ]);
        const extras: ResultExtras = {
          ...(comparison ? { changes: comparison.changes, previousAt: comparison.previousAt } : {}),
          ...(canceledBy === undefined ? {} : { canceledBy }),
          ...(charts.length > 0 ? { charts } : {}),
        };
        const finalOf = (ref: MessageRef | undefined) =>
          renderJobMessage({
            ...messageBasics(job, outcome.jobId, ref),
            stage: 'done',
            outcome,
            ...(comparison ? { changes: comparison.changes } : {}),
            ...(canceledBy === undefined ? {} : { canceledBy }),
          });
        let ref = await messageOf(job, outcome.jobId);
        if (!ref) {
          // The queued message never made it (Slack was down at the time): the result still gets a home.
          const final = finalOf(undefined);
          const posted = await client.chat.postMessage({
            channel: origin.channelId,
            text: final.text,
            blocks: final.blocks,
          });
          ref = { channel: origin.channelId, ts: String(posted.ts) };
          await messages.save(cluster, outcome.jobId, ref);
        }
        const fetched = await fetchArtifacts(outcome);
        const result = renderResultMessage(job, outcome, fetched, extras);
        await client.chat.postMessage({
          channel: ref.channel,
          thread_ts: ref.ts,
          text: result.message.text,
          blocks: result.message.blocks,
        });
        await rememberResult(place, outcome, summary);
        // One upload call for every file. The renderer may list the charts among its files already
        // (the same bytes, whatever object holds them): each goes up once.
        const files = [
          ...result.files,
          ...charts.filter((chart) => !result.files.some((file) => file.data === chart.data)),
        ];
        if (files.length > 0) {
          await client.filesUploadV2({
            channel_id: ref.channel,
            thread_ts: ref.ts,
            file_uploads: files.map((file) => ({
              file: file.data,
              filename: file.filename,
              title: file.title,
            })),
          });
        }
        await artifacts.remove(allArtifacts(outcome));
        const final = finalOf(ref);
        await client.chat.update({
          channel: ref.channel,
          ts: ref.ts,
          text: final.text,
          blocks: final.blocks,
        });
      });
      chains.delete(key);
    },
  };
}

/**
 * The tool's summary of the last run (the client's, for two-party tools). Read under --raw too: what
 * the tool found is the same however it is shown, so a raw run still compares with the last one.
 */
function summaryOf(job: JobData, outcome: JobOutcome): Summary | undefined {
  const last = outcome.runs.at(-1)?.result;
  return last ? summarize(job.request.tool, last) : undefined;
}

/** The approver stays on the message through every update (src/slack/approvals). */
function approvedByOf(job: JobData): { approvedBy?: string } {
  const approvedBy = job.authorization?.approvedBy;
  return approvedBy === undefined ? {} : { approvedBy };
}

function allArtifacts(outcome: JobOutcome) {
  return outcome.runs.flatMap((run) => run.result.artifacts);
}
