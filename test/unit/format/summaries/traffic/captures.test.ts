import { describeProgress, readerOf, summarize } from '../../../../../src/format/summaries/index.js';
import { loadToolOutput, rigOf } from '../../load-tool-output.js';

describe('ngrep, summarised from real captures on the netns rig', () => {
  it('counts the matched packets and pairs them by service, the client port dropped', () => {
    const { client, server } = rigOf('ngrep-http');
    const summary = summarize('ngrep', loadToolOutput('ngrep-http'));
    expect(summary?.tone).toBe('ok');
    expect(summary?.headline).toBe("4 packets matched 'hello'");
    expect(summary?.facts).toEqual(['4 of 23 packets seen matched']);
    expect(summary?.tables?.[0]?.rows).toEqual([
      [`${server}:8080`, client, '2'],
      [client, `${server}:8080`, '2'],
    ]);
    expect(summary?.measures).toEqual([{ key: 'matches', label: 'matched packets', value: 4 }]);
  });

  it('reads the byline layout of the image’s ngrep', () => {
    const { client, server } = rigOf('ngrep-image-byline');
    const summary = summarize('ngrep', loadToolOutput('ngrep-image-byline'));
    expect(summary?.headline).toBe("3 packets matched 'GET'");
    expect(summary?.tables?.[0]?.rows).toEqual([[client, `${server}:8080`, '3']]);
  });

  it('says how many matches so far while it runs', () => {
    const { stdout, argv } = loadToolOutput('ngrep-http');
    const partial = stdout.slice(0, stdout.indexOf('#11'));
    expect(describeProgress('ngrep', { argv, stdout: partial, stderr: '', elapsedMs: 500 })).toBe(
      '2 matches',
    );
  });
});

describe('iftop -t, summarised from real snapshots on the netns rig', () => {
  it('reports the total rate and the busiest flow as a table', () => {
    const { client, server } = rigOf('iftop-text');
    const summary = summarize('iftop', loadToolOutput('iftop-text'));
    expect(summary?.tone).toBe('ok');
    expect(summary?.headline).toBe(`80.3Kb/s over 1 flow, busiest ${client} ⇄ ${server}`);
    expect(summary?.tables?.[0]).toEqual({
      title: 'flows (1, rates over the last 2 s)',
      columns: ['host', 'peer', 'sent', 'received', 'total sent', 'total received'],
      rows: [[client, server, '40.2Kb', '40.2Kb', '14.1KB', '14.1KB']],
      align: ['left', 'left', 'right', 'right', 'right', 'right'],
    });
    // iftop's K is 1024.
    expect(summary?.measures?.[0]).toEqual({
      key: 'throughput',
      label: 'total rate',
      value: 82227,
      unit: 'bit/s',
    });
  });

  it('reads the image’s iftop the same way, and shows its stderr as output', () => {
    expect(summarize('iftop', loadToolOutput('iftop-image'))?.headline).toMatch(/^72\.3Kb\/s over 1 flow/);
    expect(readerOf('iftop')?.stderrIsOutput).toBe(true);
  });
});

describe('netgen, summarised from real runs on the netns rig', () => {
  it('counts the messages the sender got through', () => {
    const { server } = rigOf('netgen-sent');
    const summary = summarize('netgen', loadToolOutput('netgen-sent'));
    expect(summary?.tone).toBe('ok');
    expect(summary?.headline).toBe(`3/3 messages sent to ${server}:9999`);
    expect(summary?.measures).toEqual([
      { key: 'messages.sent', label: 'messages sent', value: 3 },
      { key: 'messages.failed', label: 'messages not sent', value: 0 },
    ]);
  });

  it('calls a listener that refuses every message broken, with the reason', () => {
    const { server } = rigOf('netgen-refused');
    const summary = summarize('netgen', loadToolOutput('netgen-refused'));
    expect(summary?.tone).toBe('broken');
    expect(summary?.headline).toBe(`${server}:5433: connection refused (2 messages not sent)`);
    expect(summary?.facts).toEqual(['2 messages not sent: Connection refused']);
  });

  it('says what it sent so far while it runs', () => {
    const { stdout, argv } = loadToolOutput('netgen-sent');
    const partial = stdout.split('\n').slice(0, 3).join('\n');
    expect(describeProgress('netgen', { argv, stdout: partial, stderr: '', elapsedMs: 1500 })).toBe('2 sent');
  });
});
