import { sampleCommands } from '../grammar/sample-commands.js';
import { runCli } from './run-cli.js';

describe('netshoot-bot help', () => {
  it('lists every tool with its summary, marking the privileged ones', async () => {
    const { code, stdout } = await runCli(['help'], sampleCommands);
    expect(code).toBe(0);
    for (const command of sampleCommands) expect(stdout).toContain(command.name);
    expect(stdout).toMatch(/^dig\s+DNS lookup from inside the target$/m);
    expect(stdout).toMatch(/^tcpdump\s+Capture packets \(privileged\)$/m);
  });

  it("shows one tool's usage, targets, privilege, timeouts, flags, refused flags and examples", async () => {
    const { code, stdout } = await runCli(['help', 'tcpdump'], sampleCommands);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'tcpdump: Capture packets',
        'usage:      /netshoot tcpdump <target> [-i IFACE] [-c COUNT] [-n] [FILTER...]',
        'targets:    one: where it runs',
        'privilege:  privileged',
        'timeout:    30s by default, at most 5m',
        'flags:      --count -c -i -n',
        'options:    --timeout DURATION --grep TEXT --raw --file --pcap -n/--namespace NS --cluster NAME',
        'refused:',
        '  -w: a path is never given by the user; use --pcap',
        'examples:',
        '  /netshoot tcpdump pod/web -i eth0 -c 5 port 80',
        '',
      ].join('\n'),
    );
  });

  it('shows the prefix forms among the flags and the two targets of a two-party tool', async () => {
    expect((await runCli(['help', 'dig'], sampleCommands)).stdout).toContain('flags:      +short @server');
    expect((await runCli(['help', 'iperf3'], sampleCommands)).stdout).toContain('--reverse');
  });

  it("shows one of this program's own commands", async () => {
    const { code, stdout } = await runCli(['help', 'explain'], sampleCommands);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: netshoot-bot explain [options] <line...>');
  });

  it('exits 2 for an unknown tool and suggests the closest', async () => {
    const { code, stderr } = await runCli(['help', 'dgi'], sampleCommands);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown tool 'dgi'");
    expect(stderr).toContain('did you mean: dig?');
  });
});

describe('netshoot-bot', () => {
  it('exits 2 for an unknown command of its own', async () => {
    const { code, stderr } = await runCli(['explian'], sampleCommands);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown command 'explian'/);
  });

  it('prints its commands with --help and exits 0', async () => {
    const { code, stdout } = await runCli(['--help'], sampleCommands);
    expect(code).toBe(0);
    for (const name of ['explain', 'help', 'run', 'worker', 'bot', 'all']) expect(stdout).toContain(name);
  });
});
