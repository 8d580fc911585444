import { describeWhere } from '../../../../../src/format/describe-where.js';
import { readerOf, summarize } from '../../../../../src/format/summaries/index.js';
import { commands } from '../../../../../commands/index.js';
import { parseRequest } from '../../../../../src/grammar/parse-request.js';
import { loadToolOutput, rigOf } from '../../load-tool-output.js';

describe('iperf3 -J, summarised from real runs on the netns rig', () => {
  it('reports the throughput the server received and the retransmits of a TCP test', () => {
    const { client, server } = rigOf('iperf3-tcp');
    const summary = summarize('iperf3', loadToolOutput('iperf3-tcp'));
    expect(summary?.tone).toBe('ok');
    expect(summary?.headline).toBe('20.70 Gbit/s, 457 retransmits');
    expect(summary?.facts).toEqual([
      `${client} → ${server}:5201 (the client sends)`,
      '7.8 GB received in 3.0 s (sent at 20.73 Gbit/s)',
      'TCP, 1 stream, 3 s, bbr',
    ]);
    expect(summary?.tables).toEqual([
      {
        title: 'intervals (as sent)',
        columns: ['interval', 'transfer', 'bitrate', 'retransmits'],
        rows: [
          ['0.0-1.0 s', '2.6 GB', '20.78 Gbit/s', '316'],
          ['1.0-2.0 s', '2.8 GB', '22.14 Gbit/s', '0'],
          ['2.0-3.0 s', '2.4 GB', '19.29 Gbit/s', '141'],
        ],
        align: ['left', 'right', 'right', 'right'],
      },
    ]);
    expect(summary?.measures).toEqual([
      { key: 'throughput', label: 'throughput', value: 20698127435, unit: 'bit/s' },
      { key: 'retransmits', label: 'retransmits', value: 457 },
    ]);
  });

  it('charts the throughput and the retransmits (as bars) per interval', () => {
    const charts = summarize('iperf3', loadToolOutput('iperf3-tcp'))?.charts;
    expect(charts).toEqual([
      {
        kind: 'timeline',
        title: 'iperf3 throughput per interval',
        xTitle: 'seconds',
        yTitle: 'Gbit/s',
        series: [
          {
            name: 'throughput',
            points: [
              { x: 1, y: 20.776 },
              { x: 2, y: 22.136 },
              { x: 3, y: 19.287 },
            ],
          },
        ],
      },
      {
        kind: 'timeline',
        title: 'iperf3 retransmits per interval',
        xTitle: 'seconds',
        yTitle: 'retransmits',
        bars: true,
        series: [
          {
            name: 'retransmits',
            points: [
              { x: 1, y: 316 },
              { x: 2, y: 0 },
              { x: 3, y: 141 },
            ],
          },
        ],
      },
    ]);
  });

  it('reports loss and jitter of a UDP test, with packets per interval and no retransmit chart', () => {
    const summary = summarize('iperf3', loadToolOutput('iperf3-udp'));
    expect(summary?.tone).toBe('ok');
    expect(summary?.headline).toBe('49.98 Mbit/s, 0% loss, jitter 0.005 ms');
    expect(summary?.facts[1]).toBe('0 of 12945 datagrams lost, 18.7 MB sent');
    expect(summary?.tables?.[0]?.columns).toEqual(['interval', 'transfer', 'bitrate', 'packets']);
    expect(summary?.tables?.[0]?.rows[0]).toEqual(['0.0-1.0 s', '6.2 MB', '49.96 Mbit/s', '4313']);
    expect(summary?.measures?.map((measure) => measure.key)).toEqual(['throughput', 'loss', 'jitter']);
    expect(summary?.charts?.map((chart) => chart.title)).toEqual(['iperf3 throughput per interval']);
  });

  it('calls 42% UDP loss a problem, with the receiver’s throughput and the datagrams lost', () => {
    const summary = summarize('iperf3', loadToolOutput('iperf3-udp-loss'));
    expect(summary?.tone).toBe('degraded');
    expect(summary?.headline).toBe('306.66 Mbit/s, 41.64% loss, jitter 0.006 ms');
    expect(summary?.facts[1]).toBe('56754 of 136251 datagrams lost, 197 MB sent');
    expect(summary?.measures).toContainEqual({ key: 'loss', label: 'loss', value: 41.644, unit: '%' });
    // What the client sent each second: more than arrived.
    expect(summary?.tables?.[0]?.title).toBe('intervals (as sent)');
    expect(summary?.tables?.[0]?.rows[0]?.[2]).toBe('661.44 Mbit/s');
  });

  it('reports each way of a --bidir test with its own throughput and retransmits', () => {
    const { client, server } = rigOf('iperf3-bidir');
    const summary = summarize('iperf3', loadToolOutput('iperf3-bidir'));
    expect(summary?.tone).toBe('ok');
    expect(summary?.headline).toBe('4.77 Gbit/s one way, 3.63 Gbit/s back');
    expect(summary?.facts.slice(0, 2)).toEqual([
      `${client} → ${server}:5201: 4.77 Gbit/s, 2 retransmits`,
      `${server}:5201 → ${client}: 3.63 Gbit/s, 91 retransmits`,
    ]);
    expect(summary?.measures?.map((measure) => measure.key)).toEqual([
      'throughput',
      'retransmits',
      'throughput.back',
    ]);
  });

  it('sums parallel streams', () => {
    const summary = summarize('iperf3', loadToolOutput('iperf3-parallel'));
    expect(summary?.headline).toBe('11.83 Gbit/s, 0 retransmits');
    expect(summary?.facts[2]).toBe('TCP, 2 streams, 2 s, bbr');
    expect(summary?.tables?.[0]?.rows).toHaveLength(2);
  });

  it("calls a refused connection broken, in iperf3's words, with what to check", () => {
    const summary = summarize('iperf3', loadToolOutput('iperf3-refused'));
    expect(summary).toEqual({
      tone: 'broken',
      headline: 'unable to connect to server: Connection refused',
      facts: ['is the iperf3 server running there, and does a firewall let the port through?'],
    });
  });

  it('shows its tables instead of the JSON it was asked to print', () => {
    expect(readerOf('iperf3')?.machineOutput).toBe(true);
  });
});

describe('the direction of a two-party test', () => {
  it('points from the client, which sends, to the server, in the header as in the summary', () => {
    const request = parseRequest('iperf3 netns/server netns/client -t 3', commands);
    expect(describeWhere(request)).toBe('netns/client -> netns/server');
    const { client, server } = rigOf('iperf3-tcp');
    expect(summarize('iperf3', loadToolOutput('iperf3-tcp'))?.facts[0]).toBe(
      `${client} → ${server}:5201 (the client sends)`,
    );
  });

  it('turns with --reverse, which makes the first target the client', () => {
    const request = parseRequest('iperf3 netns/server netns/client -t 3 --reverse', commands);
    expect(describeWhere(request)).toBe('netns/server -> netns/client');
  });
});
