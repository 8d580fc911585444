import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeProgress, readerOf, summarize } from '../../../../../src/format/summaries/index.js';
import { parseTsharkStats } from '../../../../../src/worker/tshark-stats.js';
import { loadToolOutput, rigOf } from '../../load-tool-output.js';

const tshark = (name: string) =>
  readFileSync(join(process.cwd(), 'test/fixtures/tshark', `${name}.txt`), 'utf8');

describe('tcpdump text, summarised from real captures on the netns rig', () => {
  it('counts packets, protocols and TCP resets, and calls the resets a problem', () => {
    const { client, server } = rigOf('tcpdump-mixed');
    const summary = summarize('tcpdump', loadToolOutput('tcpdump-mixed'));
    expect(summary?.tone).toBe('degraded');
    expect(summary?.headline).toBe('86 packets in 2.5 s, 2 TCP resets');
    expect(summary?.facts).toContain('protocols: TCP 72, ICMP6 10, DNS 4');
    const [talkers, resets] = summary?.tables ?? [];
    expect(talkers?.title).toBe('top talkers (8 pairs)');
    expect(talkers?.rows.slice(0, 2)).toEqual([
      [client, server, '42'],
      [server, client, '34'],
    ]);
    // The client's ephemeral ports dropped: both resets came from the closed port to one client.
    expect(resets).toEqual({
      title: 'TCP resets',
      columns: ['from', 'to', 'resets'],
      rows: [[`${server}:5433`, client, '2']],
      align: ['left', 'left', 'right'],
    });
    expect(summary?.measures).toEqual([
      { key: 'packets', label: 'packets', value: 86 },
      { key: 'tcp.resets', label: 'TCP resets', value: 2 },
      { key: 'tcp.retransmits', label: 'TCP retransmissions', value: 0 },
    ]);
  });

  it('reads the image’s tcpdump the same way: ICMP between the two ends, no problem', () => {
    const { client, server } = rigOf('tcpdump-image-ping');
    const summary = summarize('tcpdump', loadToolOutput('tcpdump-image-ping'));
    expect(summary?.tone).toBe('ok');
    expect(summary?.headline).toBe('8 packets in 960 ms');
    expect(summary?.facts).toEqual(['protocols: ICMP 8']);
    expect(summary?.tables?.[0]?.rows).toEqual([
      [client, server, '4'],
      [server, client, '4'],
    ]);
  });

  it('counts each packet once under -vv -X, its addresses on the line after the IP header', () => {
    const { client, server } = rigOf('tcpdump-verbose-hex');
    const summary = summarize('tcpdump', loadToolOutput('tcpdump-verbose-hex'));
    expect(summary?.headline).toMatch(/^12 packets in \d+ ms$/);
    expect(summary?.facts).toEqual(['protocols: TCP 12']);
    expect(summary?.tables?.[0]?.rows).toEqual([
      [client, server, '6'],
      [server, client, '6'],
    ]);
  });

  it('reads -i any with -q and -tttt, ports named by tcpdump', () => {
    const { client, server } = rigOf('tcpdump-any-quiet');
    const summary = summarize('tcpdump', loadToolOutput('tcpdump-any-quiet'));
    // tcpdump said "40 packets captured": every one is counted.
    expect(summary?.headline).toMatch(/^40 packets in \d+ ms$/);
    expect(summary?.facts).toEqual(['protocols: TCP 32, DNS 8']);
    expect(summary?.tables?.[0]?.rows[0]).toEqual([client, server, '22']);
  });

  it('says that nothing matched when the capture saw no packet, and where it listened', () => {
    const summary = summarize('tcpdump', loadToolOutput('tcpdump-quiet'));
    expect(summary?.tone).toBe('degraded');
    expect(summary?.headline).toBe('no packets matched');
    expect(summary?.facts[0]).toMatch(/^nothing passed nsb\d+c that the filter matched$/);
    expect(summary?.tables).toBeUndefined();
  });

  it('counts a data segment seen twice on one flow as a retransmission', () => {
    // A real data segment of tcpdump-mixed and its ACK, with the segment seen again (as a resend shows).
    const run = loadToolOutput('tcpdump-mixed');
    const lines = run.stdout.split('\n');
    const segment = lines.findIndex((line) => /Flags \[P\.\], seq 1:\d+,/.test(line));
    const stdout = `${[lines[segment], lines[segment + 1], lines[segment]].join('\n')}\n`;
    const summary = summarize('tcpdump', { ...run, stdout });
    expect(summary?.headline).toMatch(/^3 packets in [\d.]+ m?s, 1 retransmission$/);
    expect(summary?.tone).toBe('degraded');
  });

  it('shows its stderr as output: "listening on" and the counts are not errors', () => {
    expect(readerOf('tcpdump')?.stderrIsOutput).toBe(true);
  });

  it('says how many packets so far while it runs, without a half-written last line', () => {
    const { stdout, stderr } = loadToolOutput('tcpdump-mixed');
    const argv = ['tcpdump', '-l', '-i', 'eth0', '-c', '200', '-nn'];
    const lines = stdout.split('\n');
    const partial = `${lines.slice(0, 30).join('\n')}\n${lines[30]?.slice(0, 20)}`;
    expect(describeProgress('tcpdump', { argv, stdout: partial, stderr, elapsedMs: 900 })).toBe(
      '30 packets, 1 TCP reset',
    );
    expect(describeProgress('tcpdump', { argv, stdout, stderr, elapsedMs: 4000 })).toBe(
      '86 packets, 2 TCP resets',
    );
    expect(describeProgress('tcpdump', { argv, stdout: '', stderr, elapsedMs: 100 })).toBeUndefined();
    // A pcap's packets go to the file: nothing to count on stdout.
    expect(
      describeProgress('tcpdump', {
        argv: [...argv, '-w', '/tmp/x.pcap'],
        stdout: '',
        stderr,
        elapsedMs: 900,
      }),
    ).toBeUndefined();
  });
});

describe('a --pcap capture, summarised from what tshark read of it', () => {
  const pcapRun = {
    ...loadToolOutput('tcpdump-quiet'),
    argv: ['prlimit', '--fsize=50000000', '--', 'tcpdump', '-U', '-w', '/tmp/a/capture-1.pcap', '-c', '100'],
    stdout: '',
    stderr:
      'tcpdump: listening on nsb1s, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n47 packets captured\n47 packets received by filter\n0 packets dropped by kernel\n',
  };

  it('parses tshark’s statistics of a real capture with resets and a retransmitted SYN', () => {
    const stats = parseTsharkStats(tshark('resets-retransmissions'));
    expect(stats).toMatchObject({
      packets: 47,
      bytes: 4127,
      durationSeconds: 2.17,
      resets: 2,
      retransmissions: 1,
    });
    expect(stats?.protocols).toEqual([
      { name: 'tcp', packets: 43 },
      { name: 'http', packets: 6 },
      { name: 'udp', packets: 4 },
      { name: 'dns', packets: 4 },
    ]);
    expect(stats?.conversations[0]).toEqual({
      protocol: 'tcp',
      a: '198.18.121.10:38528',
      b: '198.18.121.2:8080',
      packets: 13,
      bytes: 1177,
    });
    expect(stats?.conversations.map((each) => each.b)).toContain('198.18.121.2:53');
  });

  it('reads an empty capture as zero packets, and what is not tshark’s statistics as nothing', () => {
    expect(parseTsharkStats(tshark('empty'))).toMatchObject({ packets: 0, resets: 0, conversations: [] });
    expect(
      parseTsharkStats('tshark: The file "x" isn\'t a capture file in a format TShark understands.'),
    ).toBeUndefined();
  });

  it('shows packets, duration, resets and retransmissions, protocols and the top conversations', () => {
    const capture = parseTsharkStats(tshark('resets-retransmissions'));
    const summary = summarize('tcpdump', { ...pcapRun, ...(capture ? { capture } : {}) });
    expect(summary?.tone).toBe('degraded');
    expect(summary?.headline).toBe('47 packets in 2.2 s, 2 TCP resets, 1 retransmission');
    expect(summary?.facts).toEqual(['4.1 kB in the pcap', 'protocols: tcp 43, http 6, udp 4, dns 4']);
    expect(summary?.tables?.[0]?.columns).toEqual(['proto', 'A', 'B', 'packets', 'bytes']);
    expect(summary?.tables?.[0]?.rows[0]).toEqual([
      'tcp',
      '198.18.121.10:38528',
      '198.18.121.2:8080',
      '13',
      '1.2 kB',
    ]);
    expect(summary?.tables?.[0]?.rows).toHaveLength(5);
  });

  it('falls back to tcpdump’s own count when tshark could not read the file', () => {
    const summary = summarize('tcpdump', pcapRun);
    expect(summary?.headline).toBe('47 packets captured to the pcap');
    expect(summary?.tone).toBe('ok');
  });
});
