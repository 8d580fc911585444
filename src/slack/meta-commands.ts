import { InvalidInputError } from '../errors.js';
import { type EphemeralReply, helpReply, jobsReply, reply, statusReply } from './blocks/replies.js';
import { type MessageStore, permalinkOf } from './message-store.js';
import type { CommandCatalogue, SlackQueue } from './ports.js';

const metaWords = new Set(['help', 'jobs', 'status', 'cancel']);

/** `help [tool]`, `jobs`, `status ID`, `cancel ID`, and an empty command (which is help). */
export function isMetaCommand(text: string): boolean {
  const first = text.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  return first === '' || metaWords.has(first);
}

export interface MetaContext {
  readonly catalogue: CommandCatalogue;
  readonly queue: SlackQueue;
  readonly userId: string;
  readonly channelId: string;
  /** Where each job's channel message is: `jobs` and `status` link to it. */
  readonly messages?: MessageStore;
  /** The workspace's URL as auth.test gives it (`https://acme.slack.com/`): links need it. */
  readonly workspaceUrl?: string;
}

export async function answerMetaCommand(text: string, context: MetaContext): Promise<EphemeralReply> {
  const [word = 'help', argument, ...extra] = text
    .trim()
    .split(/\s+/)
    .filter((part) => part !== '');
  const verb = word.toLowerCase();
  if (extra.length > 0)
    throw new InvalidInputError(`\`${verb}\` takes at most one argument`, [usageOf(verb)]);
  switch (verb) {
    case 'help': {
      if (argument === undefined) return helpReply(context.catalogue.commands);
      const tool = context.catalogue.findCommand(argument.toLowerCase());
      if (!tool)
        throw new InvalidInputError(`there is no tool called '${argument}'`, ['`/netshoot help` lists them']);
      return helpReply(context.catalogue.commands, tool);
    }
    case 'jobs': {
      const jobs = await context.queue.recent({
        userId: context.userId,
        channelId: context.channelId,
        limit: 10,
      });
      const links = await Promise.all(jobs.map(async (job) => [job.jobId, await linkOf(job.jobId, context)]));
      const linkByJob = new Map(links.filter((entry): entry is [string, string] => entry[1] !== undefined));
      return jobsReply(jobs, (jobId) => linkByJob.get(jobId));
    }
    case 'status': {
      const job = await context.queue.get(jobIdFrom(verb, argument));
      if (!job) return reply(`there is no job #${jobIdFrom(verb, argument)} (jobs are kept for a day)`);
      const link = await linkOf(job.jobId, context);
      return statusReply(job, () => link);
    }
    default: {
      const jobId = jobIdFrom(verb, argument);
      const job = await context.queue.get(jobId);
      if (!job) return reply(`there is no job #${jobId} (jobs are kept for a day)`);
      if (job.data.origin.via !== 'slack' || job.data.origin.userId !== context.userId) {
        return reply(`only the person who started #${jobId} can cancel it`);
      }
      const cancelled = await context.queue.cancel(jobId, context.userId);
      return reply(cancelled ? `cancelling #${jobId}` : `#${jobId} has already ended`);
    }
  }
}

/** The link to a job's channel message, when the message and the workspace's URL are known. */
async function linkOf(jobId: string, context: MetaContext): Promise<string | undefined> {
  if (!context.messages || context.workspaceUrl === undefined) return undefined;
  const ref = await context.messages.find(context.queue.cluster, jobId);
  return ref ? permalinkOf(context.workspaceUrl, ref) : undefined;
}

function jobIdFrom(verb: string, argument: string | undefined): string {
  const id = argument?.replace(/^#/, '');
  if (!id || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
    throw new InvalidInputError(`\`${verb}\` needs a job number`, [usageOf(verb)]);
  }
  return id;
}

function usageOf(verb: string): string {
  return verb === 'help'
    ? 'usage: /netshoot help [tool]'
    : `usage: /netshoot ${verb} ID, for example /netshoot ${verb} 42`;
}
