import { commands } from '../../../commands/index.js';
import type { JobSnapshot } from '../../../src/queue/job-queue.js';
import { helpReply, jobsReply, statusReply } from '../../../src/slack/blocks/replies.js';
import { loadRecorded } from '../../harness/golden/render-golden.js';
import { requestOf, slackJob } from './requests.js';
import { checkMessage, slackLimits } from '../../harness/slack/block-limits.js';

describe('help', () => {
  it('lists every tool of the catalogue, over as many sections as it takes, and hides none behind a file', () => {
    const help = helpReply(commands);
    const text = JSON.stringify(help.blocks);
    for (const command of commands) expect(text).toContain(`\`${command.name}\` `);
    // An ephemeral reply cannot carry a file: nothing may promise one.
    expect(text).not.toContain('lines left out');
    expect(checkMessage(help.text, help.blocks)).toBeUndefined();
    for (const block of help.blocks ?? []) {
      const section = block as { text?: { text: string } };
      expect(section.text?.text.length ?? 0).toBeLessThanOrEqual(slackLimits.sectionTextChars);
    }
  });
});

describe('jobs and status', () => {
  const recorded = loadRecorded('dig-nxdomain');
  const job: JobSnapshot = {
    jobId: '42',
    state: 'completed',
    data: slackJob(requestOf(recorded.meta.request, [{ kind: 'netns', name: 'client' }])),
    outcome: {
      jobId: '42',
      status: 'completed',
      runs: [{ side: 'main', result: recorded.result }],
      where: 'netns/client',
      durationMs: 12,
    },
    cancelRequested: false,
    queuedAt: Date.now(),
  };

  it('show the result of an ended job as its verdict, linked to the message that holds it', () => {
    const link = (jobId: string) => `https://example.slack.com/archives/C0INCIDENT/p17000000${jobId}`;
    const text = JSON.stringify(jobsReply([job], link).blocks);
    expect(text).toContain(
      '<https://example.slack.com/archives/C0INCIDENT/p1700000042|#42> :x: missing.test.internal: NXDOMAIN (no such name) · dig · netns/client',
    );
    expect(JSON.stringify(statusReply(job, link).blocks)).toContain(
      '|#42> :x: missing.test.internal: NXDOMAIN',
    );
  });

  it('never make a link of what is not a permalink', () => {
    const text = JSON.stringify(jobsReply([job], () => 'javascript:alert(1)|x').blocks);
    expect(text).toContain('#42 :x: ');
    expect(text).not.toContain('javascript');
  });
});
