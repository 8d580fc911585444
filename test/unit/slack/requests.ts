import type { Request } from '../../../src/grammar/request.js';
import type { JobData } from '../../../src/queue/job.js';
import type { TargetRef } from '../../../src/grammar/target.js';

/** A parsed request as the grammar produces it, for renderer tests that need no catalogue. */
export function requestOf(
  text: string,
  targets: TargetRef[],
  options: Partial<Request['options']> = {},
): Request {
  return {
    tool: text.split(' ')[0] ?? '',
    targets,
    args: {},
    namespace: 'default',
    cluster: 'default',
    options: { timeoutMs: 10_000, raw: false, file: false, pcap: false, ...options },
    text,
  };
}

export function slackJob(request: Request): JobData {
  return {
    version: 1,
    request,
    origin: { via: 'slack', teamId: 'T0FAKE', channelId: 'C0INCIDENT', userId: 'U0ALICE' },
    dedupeKey: 'slack:test',
    requestedAt: new Date().toISOString(),
  };
}
