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
import { createChannelWriter, type ChannelWriter } from './channel-writer.js';
import type { CommandPlace, LastResults } from './last-results.js';
import type { MessageRef, MessageStore } from './message-store.js';
import { createSlackBudget } from './slack-budget.js';

export interface SlackReporterOptions {
  /** A WebClient on SLACK_API_URL whose retry config honours 429 Retry-After (createWebClient). */
  readonly client: WebClient;
  /**
   * Every call goes through it (channel-writer.ts): one lane per channel, coalesced progress, the
   * budget shared on Redis. Without one, a writer on `client` with a budget of this process only.
   */
  readonly writer?: ChannelWriter;
  /**
   * How long a job runs before its message shows progress: a job done sooner costs no update, its
   * message goes from "queued" straight to the answer (SPEC 8: at most 3 calls for a quick command).
   */
  readonly quietMs?: number;
  readonly messages: MessageStore;
  /** Where the worker left the job's files (pcaps): fetched to upload, removed once uploaded. */
  readonly artifacts: ArtifactStore;
  /** The cluster whose queue this worker consumes (NETSHOOT_CLUSTER): job ids are per queue. */
  readonly cluster: string;
  readonly logger: Logger;
  /**
   * How long a result waits for the listener to record the message it posted: in a burst the queued
   * posts themselves wait for the channel's budget, so this is well above the budget's windows.
   */
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
 *
 * Calls per job (docs/slack.md "Rate limits and budget"): the result in the thread and the message's
 * last update, plus one per file upload; progress only once the job has run `quietMs`, then as the
 * writer's budget allows, only the latest state of the message, never after the result.
 */
export function createSlackReporter(options: SlackReporterOptions): Reporter {
  const { messages, logger, cluster, artifacts } = options;
  const writer =
    options.writer ?? createChannelWriter({ client: options.client, budget: createSlackBudget(), logger });
  const quietMs = options.quietMs ?? 2000;
  const waitMs = options.messageWaitMs ?? 60_000;
  const { lastResults } = options;
  // Each running job's message, read once: progress comes every 2 s and need not ask Redis each time.
  const refs = new Map<string, MessageRef>();

  /**
   * The job's message. A job canceled before it ran waits 5 s at most: it was canceled from its
   * message's Cancel button (so the message is there) or because its message could not be posted
   * (so it never will be), and a worker slot is not held a minute for that.
   */
  async function messageOf(outcome: JobOutcome): Promise<MessageRef | undefined> {
    const neverRan = outcome.status === 'canceled' && outcome.runs.length === 0;
    return messages.waitFor(cluster, outcome.jobId, neverRan ? Math.min(waitMs, 5000) : waitMs);
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
      // 'done' is followed at once by the result, which redraws the message anyway.
      if (origin.via !== 'slack' || event.stage === 'queued' || event.stage === 'done') return;
      const key = `${cluster}/${event.jobId}`;
      let ref = refs.get(key);
      if (!ref) {
        // Not yet recorded (its post may wait for the channel's budget): nothing to update yet.
        ref = await messages.find(cluster, event.jobId);
        if (!ref) return;
        refs.set(key, ref);
      }
      const view = renderJobMessage({
        ...messageBasics(job, event.jobId, ref),
        stage: event.stage,
        elapsedMs: event.elapsedMs,
        ...(event.detail === undefined ? {} : { detail: event.detail }),
        ...(event.found === undefined ? {} : { found: event.found }),
        ...(event.restarted ? { restarted: true } : {}),
      });
      const { channel, ts } = ref;
      writer.progress(
        { team: origin.teamId, channel, ts },
        (client) => client.chat.update({ channel, ts, text: view.text, blocks: view.blocks }),
        // The job's start, as the worker counts it, plus the quiet time.
        { notBefore: Date.now() - event.elapsedMs + quietMs },
      );
    },

    async result(job, outcome) {
      const origin = job.origin;
      if (origin.via !== 'slack') return;
      const key = `${cluster}/${outcome.jobId}`;
      refs.delete(key);
      try {
        const inChannel = { team: origin.teamId, channel: origin.channelId };
        let ref = await messageOf(outcome);
        // No progress goes out while the answer is made (charts render, files are fetched).
        if (ref) writer.finishing({ team: origin.teamId, channel: ref.channel, ts: ref.ts });
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
        if (!ref) {
          // The queued message never made it (Slack was down at the time): the result still gets a home.
          const final = finalOf(undefined);
          const posted = await writer.final({ kind: 'post', ...inChannel }, (client) =>
            client.chat.postMessage({ channel: origin.channelId, text: final.text, blocks: final.blocks }),
          );
          ref = { channel: origin.channelId, ts: String(posted.ts) };
          await messages.save(cluster, outcome.jobId, ref);
        }
        const fetched = await fetchArtifacts(outcome);
        const result = renderResultMessage(job, outcome, fetched, extras);
        const { channel, ts } = ref;
        const finishing = { team: origin.teamId, channel, finishes: ts };
        await writer.final({ kind: 'post', ...finishing }, (client) =>
          client.chat.postMessage({
            channel,
            thread_ts: ts,
            text: result.message.text,
            blocks: result.message.blocks,
          }),
        );
        await rememberResult(place, outcome, summary);
        // One upload call for every file. The renderer may list the charts among its files already
        // (the same bytes, whatever object holds them): each goes up once.
        const files = [
          ...result.files,
          ...charts.filter((chart) => !result.files.some((file) => file.data === chart.data)),
        ];
        if (files.length > 0) {
          // The files land in the thread as a message of their own: a post in the channel's budget.
          await writer.final({ kind: 'post', ...finishing }, (client) =>
            client.filesUploadV2({
              channel_id: channel,
              thread_ts: ts,
              file_uploads: files.map((file) => ({
                file: file.data,
                filename: file.filename,
                title: file.title,
              })),
            }),
          );
        }
        await artifacts.remove(allArtifacts(outcome));
        const final = finalOf(ref);
        await writer.final({ kind: 'update', ...finishing }, (client) =>
          client.chat.update({ channel, ts, text: final.text, blocks: final.blocks }),
        );
      } catch (error) {
        logger.warn({ err: error, jobId: outcome.jobId, cluster }, 'a Slack update failed');
      }
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
