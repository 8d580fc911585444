import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { ArtifactStore } from '../queue/artifact-store.js';
import type { JobData } from '../queue/job.js';
import type { Reporter } from '../worker/reporter.js';
import type { JobOutcome, ProgressEvent } from '../results/job-outcome.js';
import { renderJobMessage } from './blocks/job-message.js';
import { renderResultMessage } from './blocks/result-message.js';
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
          jobId: event.jobId,
          cluster,
          request: job.request,
          userId: origin.userId,
          ...approvedByOf(job),
          stage: event.stage,
          elapsedMs: event.elapsedMs,
          ...(event.detail === undefined ? {} : { detail: event.detail }),
        });
        await client.chat.update({ channel: ref.channel, ts: ref.ts, text: view.text, blocks: view.blocks });
      });
    },

    async result(job, outcome) {
      const origin = job.origin;
      if (origin.via !== 'slack') return;
      const key = `${cluster}/${outcome.jobId}`;
      await enqueue(key, async () => {
        const final = renderJobMessage({
          jobId: outcome.jobId,
          cluster,
          request: job.request,
          userId: origin.userId,
          ...approvedByOf(job),
          stage: 'done',
          outcome,
        });
        let ref = await messageOf(job, outcome.jobId);
        if (!ref) {
          // The queued message never made it (Slack was down at the time): the result still gets a home.
          const posted = await client.chat.postMessage({
            channel: origin.channelId,
            text: final.text,
            blocks: final.blocks,
          });
          ref = { channel: origin.channelId, ts: String(posted.ts) };
          await messages.save(cluster, outcome.jobId, ref);
        }
        const fetched = await fetchArtifacts(outcome);
        const result = renderResultMessage(job, outcome, fetched);
        await client.chat.postMessage({
          channel: ref.channel,
          thread_ts: ref.ts,
          text: result.message.text,
          blocks: result.message.blocks,
        });
        if (result.files.length > 0) {
          await client.filesUploadV2({
            channel_id: ref.channel,
            thread_ts: ref.ts,
            file_uploads: result.files.map((file) => ({
              file: file.data,
              filename: file.filename,
              title: file.title,
            })),
          });
        }
        await artifacts.remove(allArtifacts(outcome));
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

/** The approver stays on the message through every update (src/slack/approvals). */
function approvedByOf(job: JobData): { approvedBy?: string } {
  const approvedBy = job.authorization?.approvedBy;
  return approvedBy === undefined ? {} : { approvedBy };
}

function allArtifacts(outcome: JobOutcome) {
  return outcome.runs.flatMap((run) => run.result.artifacts);
}
