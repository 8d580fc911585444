import type { CommandDefinition } from '../catalogue/define-command.js';
import type { Request } from '../grammar/request.js';
import type { JobQueue } from '../queue/job-queue.js';

/** What the Slack side needs of a cluster's queue: it enqueues and asks, the worker does the work. */
export type SlackQueue = Pick<JobQueue, 'cluster' | 'enqueue' | 'cancel' | 'get' | 'recent'>;

/** The grammar and the catalogue, as the listener uses them (injected, so tests can pass their own). */
export interface CommandCatalogue {
  readonly parseRequest: (text: string) => Request;
  readonly commands: readonly CommandDefinition[];
  readonly findCommand: (name: string) => CommandDefinition | undefined;
}
