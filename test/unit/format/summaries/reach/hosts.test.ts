import { measureOf, progressOf, rigOf, summaryOf, tablesOf } from './read-fixture.js';

const silentOf = (name: string) => rigOf(name).server.replace(/\.2$/, '.99');

describe('fping and oping, from real runs on the netns rig', () => {
  it('fping names the host that does not answer, in the headline and the table', () => {
    const { server } = rigOf('fping-alive');
    const silent = silentOf('fping-alive');
    const summary = summaryOf('fping', 'fping-alive');
    expect(summary.tone).toBe('degraded');
    expect(summary.headline).toBe(`1 of 2 alive; no reply from ${silent}`);
    expect(tablesOf(summary)).toEqual([
      [`HOST${' '.repeat(server.length + 1 - 4)}  STATE`, `${server}   alive`, `${silent}  unreachable`].join(
        '\n',
      ),
    ]);
    expect(measureOf(summary, `host.${silent}`)).toBe('unreachable');
  });

  it('fping -c reads the per-host totals from stderr: loss and average per host', () => {
    const { server } = rigOf('fping-count');
    const silent = silentOf('fping-count');
    const summary = summaryOf('fping', 'fping-count');
    expect(summary.facts).toEqual([`${server}: 0% loss, avg 0.043 ms`, `${silent}: no reply (3 sent)`]);
    const table = tablesOf(summary)[0]?.split('\n') ?? [];
    expect(table[0]).toMatch(/^HOST\s+STATE\s+SENT\s+RECV\s+LOSS\s+AVG$/);
    expect(table[1]).toMatch(
      new RegExp(`^${server.replace(/\./g, '\\.')}\\s+alive\\s+3\\s+3\\s+0%\\s+0\\.043 ms$`),
    );
    expect(table[2]).toMatch(/\s+unreachable\s+3\s+0\s+100%$/);
    expect(measureOf(summary, `loss.${silent}`)).toBe(100);
    expect(measureOf(summary, `rtt.avg.${server}`)).toBe(0.043);
  });

  it('fping says how many hosts reply so far, from the probe lines', () => {
    expect(progressOf('fping', 'fping-count', 3)).toBe('1 of 2 hosts replying, 2 of 3 probes answered');
    expect(progressOf('fping', 'fping-alive', 1)).toBe('1 alive, 0 unreachable so far');
  });

  it('oping takes the average from the reply lines, since its own RTT line rounds to whole ms', () => {
    const summary = summaryOf('oping', 'oping-image-hosts');
    expect(summary.tone).toBe('degraded');
    expect(summary.headline).toBe(`1 of 2 alive; no reply from ${silentOf('oping-image-hosts')}`);
    expect(summary.facts[0]).toBe(`${rigOf('oping-image-hosts').server}: 0% loss, avg 0.0567 ms`);
  });

  it('oping counts replies and timeouts so far', () => {
    expect(progressOf('oping', 'oping-image-hosts', 6)).toBe('2 replies, 2 timeouts from 2 hosts');
    expect(progressOf('oping', 'oping-image-hosts', 2)).toBeUndefined();
  });
});

describe('arping, from real runs on the netns rig', () => {
  it('says which MAC holds the address', () => {
    const summary = summaryOf('arping', 'arping-reply');
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toBe(`${rigOf('arping-reply').server} is at 06:fa:85:fe:05:06`);
    expect(summary.facts).toEqual(['3 replies to 3 probes, avg 0.542 ms']);
    expect(measureOf(summary, 'mac')).toBe('06:fa:85:fe:05:06');
  });

  it('calls two MACs answering for one address a duplicate address, with a table of both', () => {
    const summary = summaryOf('arping', 'arping-duplicate');
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toBe(
      `duplicate address: ${rigOf('arping-duplicate').server} answered by d6:08:b2:af:25:d8 and 86:0a:50:87:9c:17`,
    );
    expect(tablesOf(summary)).toEqual([
      [
        'MAC                REPLIES       AVG',
        'd6:08:b2:af:25:d8        1  0.578 ms',
        '86:0a:50:87:9c:17        3   2.06 ms',
      ].join('\n'),
    ]);
  });

  it('says which MACs answered so far, and a duplicate as soon as a second MAC answers', () => {
    expect(progressOf('arping', 'arping-reply', 3)).toBe('2 replies from 06:fa:85:fe:05:06');
    expect(progressOf('arping', 'arping-duplicate', 3)).toBe(
      '2 replies from d6:08:b2:af:25:d8 and 86:0a:50:87:9c:17 (duplicate address)',
    );
    expect(progressOf('arping', 'arping-silent')).toBeUndefined();
  });

  it('says no ARP reply for an address nobody holds', () => {
    const summary = summaryOf('arping', 'arping-silent');
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toBe(`no ARP reply from ${silentOf('arping-silent')} (2 sent)`);
    expect(measureOf(summary, 'mac')).toBe('none');
  });
});
