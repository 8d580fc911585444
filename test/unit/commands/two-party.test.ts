import { planText, refusalOf, serverAddress as server } from './plan-text.js';

/** Two-party command lines -> the server argv, the client argv (reaching the server's address), the port. */
const accepted = [
  [
    'iperf container/perf-test-a container/perf-test-b -p 9999',
    {
      server: ['iperf', '-s', '-p', '9999'],
      client: ['iperf', '-c', server, '-p', '9999', '-t', '10', '-P', '1', '-i', '1'],
      listen: { port: 9999, protocol: 'tcp' },
    },
  ],
  [
    'iperf pod/perf-a pod/perf-b -t 20 -P 4 -i 2',
    {
      server: ['iperf', '-s', '-p', '5001'],
      client: ['iperf', '-c', server, '-p', '5001', '-t', '20', '-P', '4', '-i', '2'],
      listen: { port: 5001, protocol: 'tcp' },
    },
  ],
  [
    'iperf container/perf-test-a container/perf-test-b -u -b 50M',
    {
      server: ['iperf', '-s', '-p', '5001', '-u'],
      client: ['iperf', '-c', server, '-p', '5001', '-t', '10', '-P', '1', '-i', '1', '-u', '-b', '50M'],
      listen: { port: 5001, protocol: 'udp' },
    },
  ],
  [
    'iperf3 container/perf-test-a container/perf-test-b',
    {
      server: ['iperf3', '-s', '-1', '-p', '5201'],
      client: ['iperf3', '-c', server, '-J', '-p', '5201', '-t', '10', '-P', '1'],
      listen: { port: 5201, protocol: 'tcp' },
    },
  ],
  [
    'iperf3 pod/perf-a pod/perf-b -t 20 -P 4 -p 9999 -J',
    {
      server: ['iperf3', '-s', '-1', '-p', '9999'],
      client: ['iperf3', '-c', server, '-J', '-p', '9999', '-t', '20', '-P', '4'],
      listen: { port: 9999, protocol: 'tcp' },
    },
  ],
  [
    'iperf3 container/perf-test-a container/perf-test-b -u -b 100M --bidir',
    {
      server: ['iperf3', '-s', '-1', '-p', '5201'],
      client: [
        'iperf3',
        '-c',
        server,
        '-J',
        '-p',
        '5201',
        '-t',
        '10',
        '-P',
        '1',
        '-u',
        '-b',
        '100M',
        '--bidir',
      ],
      listen: { port: 5201, protocol: 'tcp' },
    },
  ],
  [
    'netgen container/perf-test-a container/perf-test-b 9999',
    {
      server: ['netgen', '--listen', '9999'],
      client: ['netgen', '--send', server, '9999', '10', '3'],
      listen: { port: 9999, protocol: 'tcp' },
    },
  ],
  [
    'netgen pod/web pod/client 8080 -i 2 -c 10',
    {
      server: ['netgen', '--listen', '8080'],
      client: ['netgen', '--send', server, '8080', '2', '10'],
      listen: { port: 8080, protocol: 'tcp' },
    },
  ],
  [
    'netgen container/a container/b 9999 -c 1',
    {
      server: ['netgen', '--listen', '9999'],
      client: ['netgen', '--send', server, '9999', '10', '1'],
      listen: { port: 9999, protocol: 'tcp' },
    },
  ],
] as const;

const refused = [
  ['iperf container/a container/b -s', /-s is not allowed: the server runs in the first target/],
  ['iperf container/a container/b -c 10.0.0.1', /-c is not allowed/],
  ['iperf container/a container/b -t 3600', /at most 60/],
  ['iperf container/a container/b -P 128', /at most 8/],
  ['iperf container/a container/b -u -b 10G', /out of range/],
  ['iperf container/a container/b -b 10M', /add -u/],
  ['iperf container/a container/b -F /etc/passwd', /-F is not allowed: reads a local file/],
  ['iperf container/a', /two targets/],
  ['iperf3 container/a container/b -s', /-s is not allowed/],
  ['iperf3 container/a container/b --logfile /tmp/x', /--logfile is not allowed: writes files/],
  ['iperf3 container/a container/b -k 100', /-k is not allowed: sends a block count/],
  ['iperf3 container/a container/b -t 600', /at most 60/],
  ['iperf3 container/a container/b -R', /-R is not allowed: use --reverse/],
  ['netgen container/a container/b', /PORT is missing/],
  ['netgen container/a container/b 9999 -c 100000', /at most 100/],
  ['netgen container/a container/b 9999 -i 0', /at least 1/],
  ['netgen container/a container/b 99999', /port is 1 to 65535/],
] as const;

describe('the two-party commands', () => {
  it.each(accepted)('runs "%s" as the expected server and client', async (text, expected) => {
    const plan = await planText(text);
    expect(
      plan.kind === 'two-party' && { server: plan.server, client: plan.client, listen: plan.listen },
    ).toEqual(expected);
  });

  it.each(refused)('refuses "%s" with a message that says why', async (text, pattern) => {
    expect(await refusalOf(text)).toMatch(pattern);
  });

  it('swaps the server and client targets with --reverse', async () => {
    const { parseRequest } = await import('../../../src/grammar/parse-request.js');
    const { commands } = await import('../../../commands/index.js');
    const request = parseRequest('iperf3 container/a container/b --reverse', commands);
    expect(request.targets.map((target) => target.name)).toEqual(['b', 'a']);
  });
});
