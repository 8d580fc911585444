import { planRequest } from '../../../src/catalogue/plan.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { formatTarget, type TargetRef } from '../../../src/grammar/target.js';
import { sampleCommands } from '../grammar/sample-commands.js';

const parse = (text: string) => parseRequest(text, sampleCommands);
const addresses: Record<string, string> = {
  'svc/db': '198.18.0.10',
  'container/a': '198.18.0.20',
  'container/b': '198.18.0.21',
};
const resolve = (target: TargetRef) => addresses[formatTarget(target)] ?? '198.18.0.99';

describe('planRequest', () => {
  it('builds the argv of a single tool from the parsed arguments', async () => {
    const plan = await planRequest(parse('dig pod/a @198.18.0.53 db MX +short'), {
      resolve,
      commands: sampleCommands,
    });
    expect(plan).toEqual({ kind: 'single', argv: ['dig', '@198.18.0.53', 'db', 'MX', '+short'] });
  });

  it('resolves a target written as a destination to its address', async () => {
    const plan = await planRequest(parse('ping pod/a svc/db -c 3'), { resolve, commands: sampleCommands });
    expect(plan).toEqual({ kind: 'single', argv: ['ping', '-c', '3', '198.18.0.10'] });
  });

  it('accepts an asynchronous resolver', async () => {
    const plan = await planRequest(parse('ping pod/a svc/db'), {
      resolve: async (target) => `198.18.1.${target.name.length}`,
      commands: sampleCommands,
    });
    expect(plan).toEqual({ kind: 'single', argv: ['ping', '-c', '4', '198.18.1.2'] });
  });

  it('leaves plain names as they were written', async () => {
    const seen: TargetRef[] = [];
    const plan = await planRequest(parse('dig pod/a db'), {
      resolve: (target) => {
        seen.push(target);
        return '198.18.0.1';
      },
      commands: sampleCommands,
    });
    expect(plan).toEqual({ kind: 'single', argv: ['dig', 'db', 'A'] });
    expect(seen).toEqual([]);
  });

  it('passes what only the executor knows, such as the capture file', async () => {
    const plan = await planRequest(parse('tcpdump pod/a --pcap -c 5'), {
      resolve,
      context: { pcapFile: '/artifacts/capture.pcap' },
      commands: sampleCommands,
    });
    expect(plan).toEqual({
      kind: 'single',
      argv: ['tcpdump', '-i', 'any', '-c', '5', '-w', '/artifacts/capture.pcap'],
    });
  });

  it('plans a two-party tool: the server, the client against the server address, and what to wait for', async () => {
    const plan = await planRequest(parse('iperf3 container/a container/b -p 5202 -t 3'), {
      resolve,
      commands: sampleCommands,
    });
    expect(plan).toEqual({
      kind: 'two-party',
      server: ['iperf3', '-s', '-1', '-p', '5202'],
      client: ['iperf3', '-c', '198.18.0.20', '-p', '5202', '-t', '3', '-J'],
      listen: { port: 5202, protocol: 'tcp' },
    });
  });

  it('points the client at the second target when --reverse swapped them', async () => {
    const plan = await planRequest(parse('iperf3 container/a container/b --reverse'), {
      resolve,
      commands: sampleCommands,
    });
    expect(plan.kind === 'two-party' && plan.client[2]).toBe('198.18.0.21');
  });

  it('uses the server address it is given instead of resolving one', async () => {
    const plan = await planRequest(parse('iperf3 container/a container/b'), {
      resolve,
      serverAddress: '<address of container/a>',
      commands: sampleCommands,
    });
    expect(plan.kind === 'two-party' && plan.client).toContain('<address of container/a>');
  });

  it('never lets a resolved address that reads as a flag reach a tool', async () => {
    await expect(
      planRequest(parse('ping pod/a svc/db'), { resolve: () => '--help', commands: sampleCommands }),
    ).rejects.toThrow(/address resolved for svc\/db is not usable/);
  });

  it('refuses a request for a tool the catalogue does not have', async () => {
    const request = { ...parse('dig pod/a db'), tool: 'nope' };
    await expect(planRequest(request, { resolve, commands: sampleCommands })).rejects.toThrow(
      "unknown tool 'nope'",
    );
  });
});
