import type { JobAuthorization } from '../../../src/queue/job.js';

/**
 * The NETSHOOT_JOB_SECRET of the tests' queues and workers, shaped as `openssl rand -hex 32` makes
 * one. Workers given it run only jobs signed with it (src/worker/check-job.ts): a suite that runs a
 * privileged tool (tcpdump, nmap, iptables, ...) queues its jobs through createJobQueue({ jobSecret })
 * with an authorization, as the bot's doors do.
 */
export const testJobSecret = '5f0c6a1e9d4b7c2a8e3f1b6d0a9c4e7b2d5f8a1c3e6b9d0f2a4c7e1b8d3f6a9c';

/** What a door would have decided for a test's job: the command line's operator, by a test rule. */
export function operatorAuthorization(door: JobAuthorization['door'] = 'run'): JobAuthorization {
  return { subject: { kind: 'operator', name: 'test' }, door, rule: 'tests' };
}
