import { boundOnFarSide } from '../../../src/executors/far-side-bound.js';

describe('bounding a remote command on the far side', () => {
  it('wraps the argv intact in timeout with the deadline in whole seconds, rounded up', () => {
    const { command } = boundOnFarSide(['dig', '+short', 'db; rm -rf /'], 1500);
    expect(command.slice(0, 4)).toEqual(['timeout', '-k', '3', '2']);
    expect(command[4]).toBe('env');
    expect(command.slice(6)).toEqual(['dig', '+short', 'db; rm -rf /']);
  });

  it('cancels by the same random marker that stands on the command line', () => {
    const first = boundOnFarSide(['true'], 1000);
    const second = boundOnFarSide(['true'], 1000);
    const marker = first.command[5]!;
    expect(marker).toMatch(/^NETSHOOT_RUN=[0-9a-f]{16}$/);
    expect(first.cancel).toEqual(['pkill', '-TERM', '-f', marker]);
    expect(second.command[5]).not.toBe(marker);
  });

  it("sends SIGKILL at the deadline when asked, and puts the executor's own prefix before the tool", () => {
    const { command } = boundOnFarSide(['ip', 'link'], 30_000, {
      prefix: ['nsenter', '--net=/run/docker/netns/abc'],
      deadlineSignal: 'KILL',
    });
    expect(command.slice(0, 6)).toEqual(['timeout', '-s', 'KILL', '-k', '3', '30']);
    expect(command.slice(-4)).toEqual(['nsenter', '--net=/run/docker/netns/abc', 'ip', 'link']);
  });
});
