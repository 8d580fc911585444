import { spawn } from 'node:child_process';
import { describeWith } from '../../harness/infrastructure.js';
import { docker, dockerOk, requireToolboxImage, testLabel, toolboxImage } from './toolbox-container.js';

/**
 * netgen as the seed used it: two toolbox containers on one user-defined network, one listening, the
 * other sending every INTERVAL seconds, and tcpdump in the listener's namespace seeing the traffic.
 * The network's subnet comes from dockerd's pool (198.19.0.0/16 on test machines); every process is
 * bounded by COUNT and by `timeout` inside the container.
 */
interface Watched {
  output(): string;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  readonly finished: Promise<number | null>;
}

/** `docker exec CONTAINER timeout 30 ARGV...`, its output kept as it arrives. */
function watchExec(container: string, argv: readonly string[]): Watched {
  const child = spawn('docker', ['exec', container, 'timeout', '30', ...argv], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const finished = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    output: () => output,
    finished,
    waitFor: (pattern, timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(output)) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${pattern} within ${timeoutMs} ms; output so far:\n${output}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
  };
}

describeWith(['docker'], 'netgen between two toolbox containers', () => {
  const suffix = `${process.pid}-${Date.now()}`;
  const network = `netshoot-test-netgen-${suffix}`;
  const sender = `netshoot-test-netgen-a-${suffix}`;
  const listener = `netshoot-test-netgen-b-${suffix}`;
  let senderIp = '';
  let listenerIp = '';

  beforeAll(async () => {
    await requireToolboxImage();
    await dockerOk(['network', 'create', '--label', testLabel, network]);
    for (const name of [sender, listener]) {
      await dockerOk(
        ['run', '-d', '--rm', '--name', name, '--hostname', name.slice(0, 40), '--network', network].concat([
          '--cap-add',
          'NET_RAW',
          '--cap-add',
          'NET_ADMIN',
          '--label',
          testLabel,
          toolboxImage,
        ]),
      );
    }
    const address = (name: string) =>
      dockerOk(['inspect', name, '--format', `{{(index .NetworkSettings.Networks "${network}").IPAddress}}`]);
    [senderIp, listenerIp] = await Promise.all([address(sender), address(listener)]);
  }, 60_000);

  afterAll(async () => {
    await docker(['rm', '-f', sender, listener]);
    await docker(['network', 'rm', network]);
  });

  it('puts both containers on the test address range', () => {
    for (const ip of [senderIp, listenerIp]) expect(ip).toMatch(/^198\.(18|19)\.\d+\.\d+$/);
  });

  it('sends COUNT messages every INTERVAL seconds, which the listener receives and tcpdump sees', async () => {
    const capture = watchExec(listener, [
      'tcpdump',
      '-i',
      'eth0',
      '-n',
      '-l',
      '-c',
      '3',
      `tcp dst port 7777 and tcp[tcpflags] == tcp-syn and src host ${senderIp}`,
    ]);
    await capture.waitFor(/listening on eth0/, 15_000);
    const listening = watchExec(listener, ['netgen', '--listen', '7777', '3']);
    await listening.waitFor(/Listener started on port 7777/, 15_000);

    const sending = watchExec(sender, ['netgen', '--send', listenerIp, '7777', '0.3', '3']);
    expect(await sending.finished).toBe(0);
    expect(sending.output()).toContain(`Sending traffic to ${listenerIp} on port 7777 every 0.3 seconds`);
    for (const k of [1, 2, 3]) expect(sending.output()).toContain(`Sent ${k} messages to ${listenerIp}:7777`);

    expect(await listening.finished).toBe(0);
    expect(listening.output()).toContain(`Received message 3 from ${senderIp}: ${sender.slice(0, 40)}`);
    expect(listening.output()).toContain('Received 3 messages');

    expect(await capture.finished).toBe(0);
    const syns = capture
      .output()
      .split('\n')
      .filter((line) => line.includes(`${senderIp}.`) && line.includes(`> ${listenerIp}.7777:`));
    expect(syns).toHaveLength(3);
  }, 60_000);

  it("prints the seed's lines when it listens and sends at once, as `netgen HOST PORT INTERVAL COUNT`", async () => {
    const listening = watchExec(listener, ['netgen', '--listen', '7778', '2']);
    await listening.waitFor(/Listener started on port 7778/, 15_000);

    const seedStyle = watchExec(sender, ['netgen', listenerIp, '7778', '0.2', '2']);
    expect(await seedStyle.finished).toBe(0);
    expect(seedStyle.output()).toMatch(
      new RegExp(
        [
          'Listener started on port 7778',
          `Sending traffic to ${listenerIp.replaceAll('.', '\\.')} on port 7778 every 0\\.2 seconds`,
          `Sent 1 messages to ${listenerIp.replaceAll('.', '\\.')}:7778`,
          `Sent 2 messages to ${listenerIp.replaceAll('.', '\\.')}:7778`,
        ].join('\n'),
      ),
    );
    expect(await listening.finished).toBe(0);
  }, 60_000);

  it('counts a message that cannot be delivered as not sent, and exits 1', async () => {
    const sending = watchExec(sender, ['netgen', '--send', listenerIp, '7779', '0.2', '2']);
    expect(await sending.finished).toBe(1);
    expect(sending.output()).toContain(`Could not send to ${listenerIp}:7779: Connection refused`);
    expect(sending.output()).not.toContain('Sent 1 messages');
  }, 60_000);

  it.each([
    [['netgen', 'somehost'], /HOST and PORT are required/],
    [['netgen', 'somehost', '99999'], /port must be a number from 1 to 65535/],
    [['netgen', 'somehost', '7777', '0'], /interval must be a number of seconds above 0/],
    [['netgen', '--listen', '7777', 'many'], /count must be a whole number above 0/],
    [['netgen', '--send', '-x', '7777'], /HOST and PORT are required/],
  ])('refuses %j with a usage message and exit status 2, sending nothing', async (argv, message) => {
    const result = await docker(['exec', sender, ...argv]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('usage:');
    expect(result.stdout).toBe('');
  });
});
