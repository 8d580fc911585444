import { boundOnFarSide } from '../../../../src/executors/process-core/far-side-bound.js';

describe('bounding a remote command on the far side', () => {
  it('wraps the argv intact in timeout, with the deadline to the millisecond and SIGKILL 3 s later', () => {
    const { command } = boundOnFarSide(['dig', '+short', 'db; rm -rf /'], 1500);
    expect(command.slice(0, 4)).toEqual(['timeout', '-k', '3', '1.5']);
    expect(command[4]).toBe('env');
    expect(command.slice(6)).toEqual(['dig', '+short', 'db; rm -rf /']);
  });

  it('finds and ends the command by the same random marker that stands on its command line', () => {
    const first = boundOnFarSide(['true'], 1000);
    const second = boundOnFarSide(['true'], 1000);
    const marker = first.command[5]!;
    expect(marker).toMatch(/^NETSHOOT_RUN=[0-9a-f]{16}$/);
    expect(first.signal('SIGTERM')).toEqual(['pkill', '-TERM', '-f', marker]);
    expect(first.signal('SIGINT')).toEqual(['pkill', '-INT', '-f', marker]);
    expect(first.find).toEqual(['pgrep', '-f', marker]);
    expect(first.killGroups(['12', '34'])).toEqual(['pkill', '-KILL', '-g', '12,34']);
    expect(second.command[5]).not.toBe(marker);
  });

  it("puts the executor's own prefix between the marker and the tool", () => {
    const { command } = boundOnFarSide(['ip', 'link'], 30_000, {
      prefix: ['nsenter', '--net=/run/docker/netns/abc'],
    });
    expect(command.slice(0, 4)).toEqual(['timeout', '-k', '3', '30']);
    expect(command.slice(-4)).toEqual(['nsenter', '--net=/run/docker/netns/abc', 'ip', 'link']);
  });

  it('stops a SIGINT tool with SIGINT at the deadline, SIGKILL 5 s later, keeping its own exit status', () => {
    const { command } = boundOnFarSide(['ping', '-c', '60', '198.18.0.1'], 2000, { stopSignal: 'SIGINT' });
    expect(command.slice(0, 7)).toEqual(['timeout', '--preserve-status', '-s', 'INT', '-k', '5', '2']);
    expect(command[7]).toBe('env');
    expect(command.slice(9)).toEqual(['ping', '-c', '60', '198.18.0.1']);
  });
});
