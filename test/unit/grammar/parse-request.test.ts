import { InvalidInputError, UserError } from '../../../src/errors.js';
import { botOptionNames } from '../../../src/grammar/extract-bot-options.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { requestSchema } from '../../../src/grammar/request.js';
import { sampleCommands } from './sample-commands.js';

const parse = (text: string) => parseRequest(text, sampleCommands);

/** The error parseRequest throws for `text`, for assertions on its message and hints. */
function refusal(text: string): InvalidInputError {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error(`parseRequest accepted ${text}`);
}

describe('parseRequest', () => {
  it('reads the tool, the target, the arguments and the defaults into a valid Request', () => {
    const request = parse('dig pod/frontend kubernetes.default');
    expect(request).toEqual({
      tool: 'dig',
      targets: [{ kind: 'pod', name: 'frontend' }],
      args: { name: 'kubernetes.default', type: 'A', short: false },
      namespace: 'default',
      cluster: 'default',
      options: { timeoutMs: 15_000, raw: false, file: false, pcap: false },
      text: 'dig pod/frontend kubernetes.default',
    });
    expect(requestSchema.safeParse(request).success).toBe(true);
  });

  it('keeps the normalised text, not what Slack sent', () => {
    expect(parse('dig pod/a <http://example.com|example.com> \u2014raw').text).toBe(
      'dig pod/a example.com --raw',
    );
  });

  it('reads the tool name in any case', () => {
    expect(parse('DIG pod/a db').tool).toBe('dig');
  });

  it('keeps a target written where a destination goes as a reference to resolve later', () => {
    expect(parse('ping pod/a svc/db').args.host).toEqual({ kind: 'svc', name: 'db' });
  });

  it('keeps a plain name as a name', () => {
    expect(parse('dig pod/x db').args.name).toBe('db');
  });

  it.each([
    ['--timeout 30s', { timeoutMs: 30_000 }],
    ['--timeout=1m', { timeoutMs: 60_000 }],
    ['--grep NOERROR', { grep: 'NOERROR' }],
    ['--grep "two words"', { grep: 'two words' }],
    ['--raw', { raw: true }],
    ['--file', { file: true }],
  ])('reads the bot option %s', (option, expected) => {
    expect(parse(`dig pod/a db ${option}`).options).toMatchObject(expected);
  });

  it('finds the bot options anywhere after the tool name', () => {
    const request = parse('dig --raw pod/a --timeout 5s db --namespace prod MX --cluster eu-1');
    expect(request).toMatchObject({
      targets: [{ kind: 'pod', name: 'a' }],
      args: { name: 'db', type: 'MX' },
      namespace: 'prod',
      cluster: 'eu-1',
      options: { raw: true, timeoutMs: 5_000 },
    });
  });

  it('reads -n as the namespace for a tool without its own -n', () => {
    expect(parse('dig pod/a db -n prod').namespace).toBe('prod');
  });

  it('reads -n as the namespace directly after a tool that has its own -n', () => {
    const request = parse('tcpdump -n prod pod/x -n port 80');
    expect(request.namespace).toBe('prod');
    expect(request.args).toMatchObject({ numeric: true, filter: ['port', '80'] });
  });

  it('leaves -n elsewhere to a tool that has its own -n', () => {
    const request = parse('tcpdump pod/x -n -c 5');
    expect(request.namespace).toBe('default');
    expect(request.args).toMatchObject({ numeric: true, count: '5' });
  });

  it('leaves everything after -- to the tool', () => {
    expect(parse('tcpdump pod/x -- port 80').args.filter).toEqual(['port', '80']);
    // --raw after -- is the tool's word, which its schema then judges.
    expect(refusal('tcpdump pod/x -- port --raw').message).toBe("tcpdump: FILTER: '--raw' is not a hostname");
  });

  it('reads --pcap for a tool that supports it', () => {
    expect(parse('tcpdump pod/x --pcap').options.pcap).toBe(true);
  });

  it('takes two targets for a two-party tool, the server first', () => {
    expect(parse('iperf3 container/perf-test-a container/perf-test-b -t 10').targets).toEqual([
      { kind: 'container', name: 'perf-test-a' },
      { kind: 'container', name: 'perf-test-b' },
    ]);
  });

  it('swaps the two targets with --reverse, so the server runs in the second', () => {
    expect(parse('iperf3 container/a container/b --reverse').targets).toEqual([
      { kind: 'container', name: 'b' },
      { kind: 'container', name: 'a' },
    ]);
  });

  it('takes no target for a tool that runs where the worker is', () => {
    expect(parse('calicoctl get nodes')).toMatchObject({ targets: [], args: { verb: 'get', kind: 'nodes' } });
  });

  it.each([
    ['deployment/api', { kind: 'deploy', name: 'api' }],
    ['sts/db', { kind: 'sts', name: 'db' }],
    ['ds/agent', { kind: 'ds', name: 'agent' }],
    ['svc/db', { kind: 'svc', name: 'db' }],
    ['node/worker-1', { kind: 'node', name: 'worker-1' }],
    ['container/3f2a', { kind: 'container', name: '3f2a' }],
    ['service/web', { kind: 'service', name: 'web' }],
    ['network/backend', { kind: 'network', name: 'backend' }],
    ['host', { kind: 'host', name: '' }],
    ['netns/blue', { kind: 'netns', name: 'blue' }],
  ])('accepts the target form %s', (written, target) => {
    expect(parse(`dig ${written} db`).targets).toEqual([target]);
  });

  describe('refuses', () => {
    it('an empty command, with the general usage', () => {
      const error = refusal('   ');
      expect(error.message).toMatch(/empty/);
      expect(error.hints.join('\n')).toMatch(/usage: \/netshoot <tool> <target>/);
    });

    it('an unknown tool, naming the closest known ones', () => {
      const error = refusal('digg pod/a db');
      expect(error.message).toBe("unknown tool 'digg'");
      expect(error.hints).toContain('did you mean: dig?');
    });

    it('an option before the tool name, saying the tool comes first', () => {
      expect(refusal('--raw dig pod/a db').message).toMatch(/start with the tool's name/);
    });

    it('a missing target, listing the target forms with the usage and an example', () => {
      const error = refusal('dig kubernetes.default');
      expect(error.message).toBe("dig needs a target right after its name, not 'kubernetes.default'");
      expect(error.hints).toEqual([
        expect.stringContaining('pod/NAME, deploy/NAME'),
        'usage: /netshoot dig <target> [@server] NAME [TYPE] [+short]',
        'example: /netshoot dig pod/frontend kubernetes.default',
      ]);
    });

    it('a target with a bad name', () => {
      expect(refusal('dig pod/-x db').message).toMatch(/'pod\/-x' is not a valid target name/);
    });

    it('a tool with no target at all', () => {
      expect(refusal('dig').message).toBe('dig needs a target');
    });

    it('a two-party tool with one target', () => {
      expect(refusal('iperf3 container/a -t 5').message).toMatch(
        /needs the client target after the first one, not '-t'/,
      );
      expect(refusal('iperf3 container/a').message).toMatch(/needs two targets/);
    });

    it('a target given to a tool that takes none', () => {
      expect(refusal('calicoctl pod/a get nodes').message).toMatch(/calicoctl takes no target/);
    });

    it('a timeout above the tool maximum, saying the maximum', () => {
      expect(refusal('dig pod/a db --timeout 5m').message).toBe("--timeout 5m is above dig's maximum of 1m");
    });

    it('a timeout that is not a duration', () => {
      const error = refusal('dig pod/a db --timeout soon');
      expect(error.message).toBe("'soon' is not a duration");
      expect(error.hints).toContain('usage: /netshoot dig <target> [@server] NAME [TYPE] [+short]');
    });

    it('a bot option without its value', () => {
      expect(refusal('dig pod/a db --grep').message).toBe('--grep needs a value, as in --grep ERROR');
    });

    it('a bot option given twice', () => {
      expect(refusal('dig pod/a db -n a --namespace b').message).toMatch(/namespace is given more than once/);
    });

    it.each(['Prod', 'a_b', '-x', 'x'.repeat(64)])(
      'the namespace %s, which is not a DNS label',
      (namespace) => {
        expect(refusal(`dig pod/a db --namespace ${namespace}`).message).toMatch(
          /is not a valid namespace name/,
        );
      },
    );

    it('a cluster name that is not a DNS label', () => {
      expect(refusal('dig pod/a db --cluster EU').message).toMatch(/not a valid cluster name/);
    });

    it('--reverse for a tool with one target', () => {
      expect(refusal('dig pod/a db --reverse').message).toMatch(/--reverse only applies to two-party tools/);
    });

    it('--pcap for a tool that does not capture', () => {
      expect(refusal('dig pod/a db --pcap').message).toMatch(/--pcap only applies/);
    });

    it('a flag outside the allowlist, naming it', () => {
      const error = refusal('tcpdump pod/a -z gzip');
      expect(error.message).toBe('tcpdump: -z is not allowed');
      expect(error.hints).toContain(
        'usage: /netshoot tcpdump <target> [-i IFACE] [-c COUNT] [-n] [FILTER...]',
      );
    });

    it('a denied flag with its reason', () => {
      expect(refusal('tcpdump pod/a -w /tmp/x').message).toMatch(/-w is not allowed: a path is never given/);
    });

    it('a bad value, naming the flag the user typed', () => {
      expect(refusal('tcpdump pod/a --count lots').message).toBe(
        "tcpdump: --count 'lots': must be a number of packets",
      );
    });

    it('a bad positional, naming it in capitals', () => {
      expect(refusal('dig pod/a "$(id)"').message).toBe("dig: NAME: '$(id)' is not a hostname");
    });

    it('a missing positional', () => {
      expect(refusal('dig pod/a').message).toBe('dig: NAME is missing');
    });

    it('a bad prefixed value, naming its form', () => {
      expect(refusal('dig pod/a @x;y db').message).toBe("dig: @server: 'x;y' is not a hostname");
    });

    it('an unterminated quote', () => {
      expect(refusal('dig pod/a "db').message).toMatch(/never closed/);
    });

    it('a line longer than Slack allows', () => {
      expect(refusal(`dig pod/a ${'a'.repeat(5000)}`).message).toMatch(/the limit is 4000/);
    });
  });

  it('throws only UserErrors, with the usage hint, for refused tool arguments', () => {
    for (const text of ['dig pod/a db extra words', 'ping pod/a db -c', 'tcpdump pod/a -c1 -c2']) {
      const error = refusal(text);
      expect(error).toBeInstanceOf(UserError);
      expect(error.hints.some((hint) => hint.startsWith('usage: '))).toBe(true);
    }
  });

  it('names the bot options it takes for itself', () => {
    expect(botOptionNames).toEqual(
      expect.arrayContaining([
        '--timeout',
        '--grep',
        '--raw',
        '--file',
        '--pcap',
        '--namespace',
        '--cluster',
        '--reverse',
      ]),
    );
  });
});
