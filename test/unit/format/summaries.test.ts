import { summarize } from '../../../src/format/summaries/index.js';
import { loadToolOutput, rigOf } from './load-tool-output.js';

const escaped = (text: string) => text.replace(/\./g, '\\.');

describe('tool summaries read real output captured on the netns rig', () => {
  it('ping reports replies, loss and the average round trip', () => {
    const summary = summarize('ping', loadToolOutput('ping-reply'));
    expect(summary?.headline).toMatch(
      new RegExp(`^${escaped(rigOf('ping-reply').server)}: 3/3 replies, 0% loss, avg [\\d.]+ ms$`),
    );
    expect(summary?.facts[0]).toMatch(/^rtt min [\d.]+ \/ avg [\d.]+ \/ max [\d.]+ ms/);
  });

  it('ping to an address nobody answers says no reply', () => {
    expect(summarize('ping', loadToolOutput('ping-unreachable'))?.headline).toMatch(
      /: no reply \(2 sent, 100% loss\)$/,
    );
  });

  it('nc -vz says open for a listening port and refused for a closed one', () => {
    const { server } = rigOf('nc-open');
    expect(summarize('nc', loadToolOutput('nc-open'))?.headline).toBe(`${server}:5432 open (tcp/postgresql)`);
    expect(summarize('nc', loadToolOutput('nc-closed'))?.headline).toBe(
      `${rigOf('nc-closed').server}:5433 tcp: Connection refused`,
    );
  });

  it('iperf3 -J reports received throughput, sender retransmits and the path', () => {
    const { client, server } = rigOf('iperf3-json');
    const summary = summarize('iperf3', loadToolOutput('iperf3-json'));
    expect(summary?.headline).toMatch(
      new RegExp(`^[\\d.]+ Gbit/s received over ${escaped(client)} -> ${escaped(server)}:5201$`),
    );
    expect(summary?.facts[0]).toMatch(/^sent [\d.]+ Gbit\/s, \d+ retransmits$/);
  });

  it('iperf 2 reports the whole-test bandwidth and the path', () => {
    const { client, server } = rigOf('iperf-text');
    expect(summarize('iperf', loadToolOutput('iperf-text'))?.headline).toBe(
      `9.46 Gbits/sec over ${client} -> ${server}:5001`,
    );
  });

  it('a tool without a summary, or output a parser does not know, gives no summary', () => {
    expect(summarize('tcpdump', loadToolOutput('dig-a-record'))).toBeUndefined();
    expect(summarize('iperf3', loadToolOutput('dig-a-record'))).toBeUndefined();
  });
});
