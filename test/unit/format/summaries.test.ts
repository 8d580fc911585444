import { summarize } from '../../../src/format/summaries/index.js';
import { loadToolOutput, rigOf } from './load-tool-output.js';

describe('tool summaries read real output captured on the netns rig', () => {
  it('ping reports the loss and the average round trip (test/unit/format/summaries/reach has the rest)', () => {
    const summary = summarize('ping', loadToolOutput('ping-reply'));
    expect(summary?.headline).toMatch(/^0% loss, avg [\d.]+ ms$/);
    expect(summary?.facts[0]).toBe(`3 of 3 replies from ${rigOf('ping-reply').server}`);
  });

  it('ping to an address nobody answers says no reply', () => {
    expect(summarize('ping', loadToolOutput('ping-unreachable'))?.headline).toMatch(
      /^no reply from [\d.]+ \(2 sent\)$/,
    );
  });

  it('nc -vz says open for a listening port and refused for a closed one', () => {
    const { server } = rigOf('nc-open');
    expect(summarize('nc', loadToolOutput('nc-open'))?.headline).toBe(`${server}:5432 open`);
    expect(summarize('nc', loadToolOutput('nc-closed'))?.headline).toBe(
      `${rigOf('nc-closed').server}:5433 refused`,
    );
  });

  it('iperf3 -J reports received throughput, sender retransmits and the path the data takes', () => {
    const { client, server } = rigOf('iperf3-json');
    const summary = summarize('iperf3', loadToolOutput('iperf3-json'));
    expect(summary?.headline).toMatch(/^[\d.]+ Gbit\/s, \d+ retransmits$/);
    expect(summary?.facts[0]).toBe(`${client} → ${server}:5201 (the client sends)`);
  });

  it('iperf 2 reports the whole-test bandwidth and the path the data takes', () => {
    const { client, server } = rigOf('iperf-text');
    const summary = summarize('iperf', loadToolOutput('iperf-text'));
    expect(summary?.headline).toBe('9.46 Gbits/sec (2.22 GBytes in 2.0 s)');
    expect(summary?.facts[0]).toBe(`${client} → ${server}:5001 (the client sends)`);
  });

  it('a tool without a summary, or output a parser does not know, gives no summary', () => {
    expect(summarize('tcpdump', loadToolOutput('dig-a-record'))).toBeUndefined();
    expect(summarize('iperf3', loadToolOutput('dig-a-record'))).toBeUndefined();
  });
});
