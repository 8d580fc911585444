import { commands, findCommand } from '../../../commands/index.js';
import { isTwoParty } from '../../../src/catalogue/define-command.js';
import { parseDuration } from '../../../src/grammar/duration.js';
import { planText, refusalOf } from './plan-text.js';

/** SPEC 3's catalogue table, row by row, and SPEC 6's privileged tools. */
const specTools = [
  'dig',
  'drill',
  'host',
  'nslookup',
  'ping',
  'fping',
  'oping',
  'arping',
  'tracepath',
  'traceroute',
  'tcptraceroute',
  'mtr',
  'curl',
  'tls',
  'nc',
  'nmap',
  'nping',
  'iperf',
  'iperf3',
  'tcpdump',
  'ngrep',
  'netstat',
  'ss',
  'ip',
  'bridge',
  'ethtool',
  'iftop',
  'conntrack',
  'iptables',
  'nft',
  'ipvsadm',
  'ipset',
  'wg',
  'birdc',
  'calicoctl',
  'netgen',
  'ab',
  'stats',
  'diagnose',
];
const privileged = [
  'tcpdump',
  'ngrep',
  'iftop',
  'nmap',
  'nping',
  'iptables',
  'nft',
  'conntrack',
  'ipvsadm',
  'ipset',
  'wg',
  'calicoctl',
];

/** Every denied flag of every command, written after the targets of the command's first example. */
const deniedFlags = commands.flatMap((command) => {
  const targets = (command.examples[0] ?? '').split(' ').slice(1, 1 + command.targets);
  return Object.keys(command.syntax.denied ?? {}).map(
    (flag) => [command.name, flag, [command.name, ...targets, flag, 'value'].join(' ')] as const,
  );
});

const examples = commands.flatMap((command) =>
  command.examples.map((example) => [command.name, example] as const),
);

describe('the catalogue', () => {
  it('has one command for every row of the spec table, and nothing else', () => {
    expect(commands.map((command) => command.name).sort()).toEqual([...specTools].sort());
  });

  it('finds each command by its name', () => {
    for (const name of specTools) expect(findCommand(name)?.name).toBe(name);
    expect(findCommand('bash')).toBeUndefined();
  });

  it('marks exactly the tools that see others’ traffic or the firewall as privileged', () => {
    const marked = commands
      .filter((command) => command.privilege === 'privileged')
      .map((command) => command.name);
    expect(marked.sort()).toEqual([...privileged].sort());
  });

  it('gives two targets to the two-party tools, none to calicoctl and one to the rest', () => {
    for (const command of commands) {
      const expected = ['iperf', 'iperf3', 'netgen'].includes(command.name)
        ? 2
        : command.name === 'calicoctl'
          ? 0
          : 1;
      expect([command.name, command.targets]).toEqual([command.name, expected]);
      expect(isTwoParty(command)).toBe(expected === 2);
    }
  });

  it.each(commands.map((command) => [command.name, command] as const))(
    'documents %s completely: summary, usage, at least three examples, timeouts within bounds',
    (name, command) => {
      expect(command.summary.length).toBeGreaterThan(10);
      expect(command.summary).not.toContain('\n');
      expect(command.usage.startsWith(name)).toBe(true);
      expect(command.examples.length).toBeGreaterThanOrEqual(3);
      for (const example of command.examples) expect(example.split(' ')[0]).toBe(name);
      const defaultMs = parseDuration(command.timeout.default);
      const maxMs = parseDuration(command.timeout.max);
      expect(defaultMs).toBeLessThanOrEqual(maxMs);
      expect(maxMs).toBeLessThanOrEqual(parseDuration('10m'));
      for (const flag of Object.keys(command.syntax.denied ?? {})) {
        expect([name, flag, flag in command.syntax.flags]).toEqual([name, flag, false]);
      }
    },
  );

  it.each(examples)('%s: the example "%s" parses and plans to an argv of the tool', async (name, example) => {
    const plan = await planText(example);
    const argvs = plan.kind === 'single' ? [plan.argv] : [plan.server, plan.client];
    for (const argv of argvs) {
      expect(argv.length).toBeGreaterThan(0);
      for (const word of argv) expect(typeof word).toBe('string');
    }
    if (plan.kind === 'two-party') expect(plan.listen.port).toBeGreaterThan(0);
  });

  it.each(deniedFlags)(
    '%s refuses its dangerous flag %s with a message that names it',
    async (_, flag, text) => {
      expect(await refusalOf(text)).toContain(flag);
    },
  );
});
