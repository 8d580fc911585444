import type { Diagnosis } from '../../../src/diagnose/diagnosis.js';
import { renderOutcomeText } from '../../../src/format/render-text.js';
import type { JobOutcome } from '../../../src/results/job-outcome.js';
import { renderJobMessage } from '../../../src/slack/blocks/job-message.js';
import { renderResultMessage } from '../../../src/slack/blocks/result-message.js';
import { refusedOnDocker } from '../../fixtures/diagnose-probes/diagnoses.js';
import { checkMessage } from '../../harness/slack/block-limits.js';
import { requestOf, slackJob } from './requests.js';

// How a diagnosis reads (issue 14): the verdict table in the channel message itself, each layer's
// details and the probes' real outputs in the thread, the same table under the verdict line in the
// terminal; never the JSON the worker wrote, unless --raw.

const request = requestOf('diagnose container/nbt-h4-web payments:8080', [
  { kind: 'container', name: 'nbt-h4-web' },
]);

function outcomeOf(diagnosis: Diagnosis): JobOutcome {
  return {
    jobId: '42',
    status: 'completed',
    where: 'container/nbt-h4-web',
    durationMs: diagnosis.elapsedMs,
    runs: [
      {
        side: 'main',
        result: {
          argv: ['diagnose', diagnosis.from, `${diagnosis.to}:${diagnosis.port ?? ''}`],
          exitCode: 0,
          signal: null,
          timedOut: false,
          canceled: false,
          stdout: JSON.stringify(diagnosis),
          stderr: '',
          truncated: false,
          durationMs: diagnosis.elapsedMs,
          artifacts: [],
        },
      },
    ],
  };
}

function sectionTexts(blocks: unknown[]): string[] {
  return blocks.flatMap((block) => {
    const each = block as { type: string; text?: { text: string } };
    return each.type === 'section' && each.text ? [each.text.text] : [];
  });
}

describe('a diagnosis as the bot posts it', () => {
  it('puts the verdict table in the channel message, under the verdict line, a line a layer', () => {
    const message = renderJobMessage({
      jobId: '42',
      cluster: 'default',
      request,
      userId: 'U0ALICE',
      stage: 'done',
      outcome: outcomeOf(refusedOnDocker),
    });
    const [verdict, table] = sectionTexts(message.blocks);
    expect(verdict?.split('\n')[0]).toBe(
      ':x: 198.19.4.2:8080 refused: nothing listens on 8080 in container/nbt-h4-db (ICMP answers) · diagnose · container/nbt-h4-web',
    );
    expect(table?.split('\n')).toEqual([
      '*name* · ✅️ ok · payments → 198.19.4.2, the address of container/nbt-h4-db on nbt-h4cap',
      '*service* · ✅️ ok · container/nbt-h4-web and container/nbt-h4-db share nbt-h4cap; nbt-h4-db is at 198.19.4.2 there, running',
      '*policy* · ➖️ not checked · Docker has no network policy objects; iptables rules of the host are not read',
      '*reach* · ❌️ failed · 198.19.4.2:8080 refused: nothing listens on 8080 in container/nbt-h4-db (ICMP answers)',
      '*app* · ⏭️ skipped · not run: reach failed',
      '*path* · ⏭️ skipped · not run: the connection is refused at the far end, not lost on the way',
    ]);
    expect(message.text).toBe(
      '❌ 198.19.4.2:8080 refused: nothing listens on 8080 in container/nbt-h4-db (ICMP answers) · diagnose · container/nbt-h4-web',
    );
    expect(JSON.stringify(message.blocks)).not.toContain('"layers"');
    expect(checkMessage(message.text, message.blocks)).toBeUndefined();
  });

  it("shows each layer's details and each probe's output in the thread, and not the JSON", () => {
    const { message, files } = renderResultMessage(slackJob(request), outcomeOf(refusedOnDocker));
    const sections = sectionTexts(message.blocks);
    expect(sections[0]).toContain('\n• service: on nbt-h4cap, nbt-h4-db, payments → 198.19.4.2\n');
    expect(sections).toContainEqual(
      '*reach: nc -vz -w 2 payments 8080 (exit 1, 12ms)*\n```\nnc: connect to payments (198.19.4.2) port 8080 (tcp) failed: Connection refused\n```',
    );
    expect(sections.some((text) => text.startsWith('*name: dig +search'))).toBe(true);
    expect(JSON.stringify(message.blocks)).not.toContain('verdictLayer');
    expect(files).toEqual([]);
    expect(checkMessage(message.text, message.blocks)).toBeUndefined();
  });

  it('shows the JSON itself with --raw, and no table', () => {
    const raw = requestOf('diagnose container/nbt-h4-web payments:8080 --raw', request.targets, {
      raw: true,
    });
    const message = renderJobMessage({
      jobId: '42',
      cluster: 'default',
      request: raw,
      userId: 'U0ALICE',
      stage: 'done',
      outcome: outcomeOf(refusedOnDocker),
    });
    expect(sectionTexts(message.blocks)).toHaveLength(1);
    const thread = renderResultMessage(slackJob(raw), outcomeOf(refusedOnDocker)).message;
    expect(JSON.stringify(thread.blocks)).toContain('verdictLayer');
  });

  it('stays within Slack limits when every layer has long evidence and many details', () => {
    const long: Diagnosis = {
      ...refusedOnDocker,
      layers: refusedOnDocker.layers.map((finding) => ({
        ...finding,
        evidence: `${finding.evidence} ${'x'.repeat(600)}`,
        details: Array.from({ length: 40 }, (_, index) => `detail ${index} ${'y'.repeat(120)}`),
      })),
    };
    const channel = renderJobMessage({
      jobId: '42',
      cluster: 'default',
      request,
      userId: 'U0ALICE',
      stage: 'done',
      outcome: outcomeOf(long),
    });
    expect(checkMessage(channel.text, channel.blocks)).toBeUndefined();
    const { message: thread, files } = renderResultMessage(slackJob(request), outcomeOf(long));
    expect(checkMessage(thread.text, thread.blocks)).toBeUndefined();
    // What did not fit in the thread is in the file, to the last detail of the last layer.
    expect(files[0]?.data.toString('utf8')).toContain(`path: detail 39 ${'y'.repeat(120)}`);
    expect(JSON.stringify(thread.blocks)).toContain(
      'more facts than fit here: all of them attached as diagnose-42.txt',
    );
  });

  it('prints the same table right under the verdict line in the terminal, then the probes', () => {
    const text = renderOutcomeText(outcomeOf(refusedOnDocker), { tool: 'diagnose' });
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      '❌ 198.19.4.2:8080 refused: nothing listens on 8080 in container/nbt-h4-db (ICMP answers) · diagnose · container/nbt-h4-web',
    );
    expect(lines.slice(1, 4)).toEqual([
      '',
      'layer    result          evidence',
      'name     ✅️ ok           payments → 198.19.4.2, the address of container/nbt-h4-db on nbt-h4cap',
    ]);
    expect(text).toContain(
      '--- reach: nc -vz -w 2 payments 8080 (exit 1, 12ms)\nnc: connect to payments (198.19.4.2) port 8080 (tcp) failed: Connection refused\n',
    );
    expect(text).not.toContain('"layers"');
  });
});
