import { sampleCommands } from '../grammar/sample-commands.js';
import { runCli } from './run-cli.js';

const explain = (...argv: string[]) => runCli(['explain', ...argv], sampleCommands);

describe('netshoot-bot explain', () => {
  it('prints the target, the argv, the timeout and the privilege, and exits 0', async () => {
    const { code, stdout, stderr } = await explain('dig pod/frontend kubernetes.default --timeout 30s');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toBe(
      [
        'dig in pod/frontend (namespace default, cluster default)',
        '  privilege  read',
        '  timeout    30s (at most 1m)',
        '  argv       dig kubernetes.default A',
        '',
      ].join('\n'),
    );
  });

  it('prints the plan as JSON with --json', async () => {
    const { code, stdout } = await explain('--json', 'ping pod/a svc/db -c 3 -n prod --raw');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      tool: 'ping',
      targets: [{ kind: 'pod', name: 'a' }],
      namespace: 'prod',
      cluster: 'default',
      argv: ['ping', '-c', '3', '<address of svc/db>'],
      timeoutMs: 20_000,
      privilege: 'read',
      options: { grep: null, raw: true, file: false, pcap: false },
    });
  });

  it('gives a two-party tool one argv per side, the client against the server placeholder', async () => {
    const { stdout } = await explain('iperf3 container/perf-test-a container/perf-test-b -t 10', '--json');
    expect(JSON.parse(stdout)).toMatchObject({
      targets: [
        { kind: 'container', name: 'perf-test-a' },
        { kind: 'container', name: 'perf-test-b' },
      ],
      argv: {
        server: ['iperf3', '-s', '-1', '-p', '5201'],
        client: ['iperf3', '-c', '<address of container/perf-test-a>', '-p', '5201', '-t', '10', '-J'],
      },
      listen: { port: 5201, protocol: 'tcp' },
    });
  });

  it('shows the two sides of a two-party tool as text', async () => {
    const { stdout } = await explain('iperf3 container/a container/b --reverse');
    expect(stdout).toContain('iperf3: server in container/b, client in container/a');
    expect(stdout).toContain("  client     iperf3 -c '<address of container/b>' -p 5201 -t 5 -J");
    expect(stdout).toContain('  listens    tcp/5201');
  });

  it('accepts the line as separate words, tool flags included', async () => {
    const { code, stdout } = await explain(
      'tcpdump',
      'pod/web',
      '-i',
      'eth0',
      '-c',
      '1',
      'port',
      '9999',
      '--json',
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).argv).toEqual(['tcpdump', '-i', 'eth0', '-c', '1', '--', 'port', '9999']);
  });

  it('keeps a word the shell already unquoted as one word', async () => {
    const { stdout } = await explain('dig', 'pod/a', 'db', '--grep', 'two words', '--json');
    expect(JSON.parse(stdout).options.grep).toBe('two words');
  });

  it('shows the capture file as a placeholder with --pcap', async () => {
    const { stdout } = await explain('tcpdump pod/a --pcap -c 3', '--json');
    expect(JSON.parse(stdout).argv).toContain('<artifact dir>/capture.pcap');
  });

  it('exits 2 on invalid input with the message, usage and example on stderr and no stack trace', async () => {
    const { code, stdout, stderr } = await explain('tcpdump pod/a -w /tmp/x');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      [
        'tcpdump: -w is not allowed: a path is never given by the user; use --pcap',
        'usage: /netshoot tcpdump <target> [-i IFACE] [-c COUNT] [-n] [FILTER...]',
        'example: /netshoot tcpdump pod/web -i eth0 -c 5 port 80',
        '',
      ].join('\n'),
    );
  });

  it('exits 2 for an unknown tool and names the closest ones', async () => {
    const { code, stderr } = await explain('tcpdmp pod/a');
    expect(code).toBe(2);
    expect(stderr).toContain('did you mean: tcpdump?');
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('exits 2 when no line is given', async () => {
    const { code, stderr } = await explain();
    expect(code).toBe(2);
    expect(stderr).toMatch(/missing required argument 'line'/);
  });
});

describe('netshoot-bot explain for a tool without a target', () => {
  it('says it runs where the worker runs', async () => {
    const { code, stdout } = await runCli(['explain', 'calicoctl get nodes --cluster eu-1'], sampleCommands);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('calicoctl where the worker runs, no target (cluster eu-1)');
    expect(stdout).toContain('  argv       calicoctl get nodes');
  });
});
