import { describeProgress, summarize } from '../../../../../src/format/summaries/index.js';
import { loadToolOutput, rigOf } from '../../load-tool-output.js';

describe('iperf 2, summarised from real runs on the netns rig', () => {
  it('reports the whole test and its intervals as a table', () => {
    const { client, server } = rigOf('iperf-tcp');
    const summary = summarize('iperf', loadToolOutput('iperf-tcp'));
    expect(summary?.tone).toBe('ok');
    expect(summary?.headline).toBe('5.69 Gbits/sec (2.00 GBytes in 3.0 s)');
    expect(summary?.facts).toEqual([`${client} → ${server}:5001 (the client sends)`, 'TCP, 1 stream']);
    expect(summary?.tables?.[0]?.rows).toEqual([
      ['0.0-1.0 s', '563 MBytes', '4.72 Gbits/sec'],
      ['1.0-2.0 s', '707 MBytes', '5.93 Gbits/sec'],
      ['2.0-3.0 s', '781 MBytes', '6.55 Gbits/sec'],
    ]);
    expect(summary?.measures).toEqual([
      { key: 'throughput', label: 'throughput', value: 5690000000, unit: 'bit/s' },
    ]);
  });

  it("reports UDP loss and jitter from the server's report", () => {
    const summary = summarize('iperf', loadToolOutput('iperf-udp'));
    expect(summary?.tone).toBe('ok');
    expect(summary?.headline).toBe('21.0 Mbits/sec, 0% loss, jitter 0.001 ms');
    expect(summary?.facts).toContain('0 of 5353 datagrams lost');
    expect(summary?.measures).toEqual([
      { key: 'throughput', label: 'throughput', value: 21000000, unit: 'bit/s' },
      { key: 'loss', label: 'loss', value: 0, unit: '%' },
      { key: 'jitter', label: 'jitter', value: 0.001, unit: 'ms' },
    ]);
  });

  it('adds up parallel streams with the [SUM] lines', () => {
    const summary = summarize('iperf', loadToolOutput('iperf-parallel'));
    expect(summary?.headline).toBe('7.71 Gbits/sec (1.80 GBytes in 2.0 s)');
    expect(summary?.facts).toContain('TCP, 2 streams');
    expect(summary?.tables?.[0]?.rows.map((row) => row[2])).toEqual(['9.17 Gbits/sec', '6.26 Gbits/sec']);
  });

  it('reads the whole-test line alone when no interval was asked for', () => {
    expect(summarize('iperf', loadToolOutput('iperf-text'))?.headline).toBe(
      '9.46 Gbits/sec (2.22 GBytes in 2.0 s)',
    );
  });

  it('calls a refused connection broken, naming the server', () => {
    const { server } = rigOf('iperf-refused');
    const summary = summarize('iperf', loadToolOutput('iperf-refused'));
    expect(summary?.tone).toBe('broken');
    expect(summary?.headline).toBe(`${server}:5433: connection refused`);
  });

  it('says how many intervals so far while it runs', () => {
    const { stdout, argv } = loadToolOutput('iperf-tcp');
    const lines = stdout.split('\n');
    const upTo = lines.findIndex((line) => line.includes('1.0000-2.0000 sec'));
    const partial = { argv, stdout: `${lines.slice(0, upTo + 1).join('\n')}\n`, stderr: '', elapsedMs: 2100 };
    expect(describeProgress('iperf', partial)).toBe('2 intervals, last 5.93 Gbits/sec');
    expect(describeProgress('iperf', { ...partial, stdout: lines.slice(0, 4).join('\n') })).toBeUndefined();
  });
});
