import { readerOf } from '../../../../../src/format/summaries/index.js';
import { rigOf } from '../../load-tool-output.js';
import { rowsOf, summaryOf } from './helpers.js';

// bridge and ethtool, from links the recorder made in the client namespace: a bridge stbr0 with a port
// whose peer is up (stp0) and one whose peer is down (stq0); st0, a veth whose peer is down.

describe('bridge and ethtool summaries', () => {
  it('bridge shows tables, not its JSON, in the thread', () => {
    expect(readerOf('bridge')?.machineOutput).toBe(true);
  });

  it('bridge link: a port without carrier is disabled, and named', () => {
    const summary = summaryOf('bridge', 'bridge-link');
    expect(summary.tone).toBe('degraded');
    expect(summary.headline).toBe('2 ports on stbr0, 1 forwarding; stq0 disabled NO-CARRIER');
    expect(rowsOf(summary)).toEqual([
      ['stp0', 'stbr0', 'forwarding', 'yes', '1500', '2'],
      ['stq0', 'stbr0', 'disabled', 'no', '1500', '2'],
    ]);
  });

  it('bridge fdb: the bridge’s entries first, learned ones counted', () => {
    const summary = summaryOf('bridge', 'bridge-fdb');
    expect(summary.headline).toBe("20 entries: 3 on bridge stbr0 (1 learned), 17 the ports' own");
    expect(rowsOf(summary)[0]).toEqual([
      expect.stringMatching(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/),
      'stp0',
      'stbr0',
      '',
      'learned',
    ]);
    expect(summary.measures).toContainEqual({ key: 'fdb.stp0', label: 'MACs on stp0', value: 2 });
  });

  it('ethtool: link detected, speed and duplex', () => {
    const face = `nsb${rigOf('ethtool-link').client.split('.')[2]}c`;
    const summary = summaryOf('ethtool', 'ethtool-link');
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toBe('link detected, 10000Mb/s Full duplex');
    expect(summary.measures).toContainEqual({ key: 'link', label: `${face} link`, value: 'yes' });
  });

  it('ethtool on a link without carrier: no link is broken', () => {
    const summary = summaryOf('ethtool', 'ethtool-no-link');
    expect(summary.tone).toBe('broken');
    expect(summary.headline).toBe('no link detected');
  });

  it('ethtool -S: the counters above zero, none of them an error or a drop', () => {
    const summary = summaryOf('ethtool', 'ethtool-statistics');
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toBe('10 counters, no errors or drops');
  });

  it('ethtool -i: the driver', () => {
    expect(summaryOf('ethtool', 'ethtool-driver').headline).toBe('driver veth 1.0');
  });
});
