import { commands } from '../../../commands/index.js';
import type { PartialOutput } from '../../../src/format/summaries/summary.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { OutputTail, tailChars } from '../../../src/worker/output-tail.js';
import { trackRunProgress } from '../../../src/worker/run-progress.js';
import { typedCommand } from '../../../src/worker/typed-command.js';
import { waitFor } from '../../harness/wait-for.js';

const reply = (seq: number) => `64 bytes from 198.18.0.2: icmp_seq=${seq} ttl=64 time=0.061 ms\n`;

describe('the tail of a running output', () => {
  it('keeps all of a short output', () => {
    const tail = new OutputTail();
    tail.add(reply(1), 'stdout');
    tail.add(reply(2), 'stdout');
    tail.add('warning\n', 'stderr');
    expect(tail.partial(['ping'], 5)).toEqual({
      argv: ['ping'],
      stdout: reply(1) + reply(2),
      stderr: 'warning\n',
      elapsedMs: 5,
    });
  });

  it('keeps at most the last 64 KiB of a long one, from a line start, and counts the lines before', () => {
    const tail = new OutputTail();
    const lines = 20_000;
    for (let seq = 1; seq <= lines; seq += 1) tail.add(reply(seq), 'stdout');
    const partial = tail.partial(['tcpdump'], 1000);
    expect(partial.stdout.length).toBeLessThanOrEqual(tailChars);
    expect(partial.stdout.startsWith('64 bytes from')).toBe(true);
    expect(partial.stdout.endsWith(reply(lines))).toBe(true);
    const inTail = partial.stdout.split('\n').length - 1;
    expect((partial.linesBefore?.stdout ?? 0) + inTail).toBe(lines);
    expect(partial.linesBefore?.stderr).toBe(0);
  });

  it('cuts inside a line only when one line is longer than the tail', () => {
    const tail = new OutputTail();
    tail.add('x'.repeat(3 * tailChars), 'stdout');
    const partial = tail.partial([], 0);
    expect(partial.stdout).toBe('x'.repeat(tailChars));
    expect(partial.linesBefore).toBeUndefined();
  });
});

describe('progress of a running tool', () => {
  it('reports at once, then every tick, with what the reader found in the output so far', async () => {
    const heard: (string | undefined)[] = [];
    const countReplies = (_tool: string, partial: PartialOutput) => {
      const replies = partial.stdout.split('\n').filter((line) => line.startsWith('64 bytes')).length;
      return replies === 0 ? undefined : `${replies} replies, token=abc123secret`;
    };
    const progress = trackRunProgress({
      tool: 'ping',
      argv: ['ping', '-c', '3', '198.18.0.2'],
      report: (found) => heard.push(found),
      everyMs: 20,
      describe: countReplies,
    });
    try {
      expect(heard).toEqual([undefined]);
      await waitFor(() => heard.length >= 2, { what: 'a tick before any output' });
      progress.onOutput(reply(1), 'stdout');
      progress.onOutput(reply(2), 'stdout');
      await waitFor(() => heard.at(-1)?.startsWith('2 replies'), { what: 'a tick saying 2 replies' });
      // What a reader says is redacted like the output it read.
      expect(heard.at(-1)).toBe('2 replies, token=[redacted]');
    } finally {
      progress.stop();
    }
  });
});

describe('the command the running line shows', () => {
  it('is the line as typed without the target it runs in, keeping a destination written as a target', () => {
    const request = parseRequest('ping netns/client -c 60 netns/server', commands);
    expect(typedCommand(request)).toBe('ping -c 60 netns/server');
  });

  it("never shows the bot's own flags or paths", () => {
    const request = parseRequest('curl netns/client http://198.18.0.2:8080/', commands);
    expect(typedCommand(request)).toBe('curl http://198.18.0.2:8080/');
  });

  it('redacts a secret the user typed', () => {
    const request = parseRequest(
      'curl netns/client -H "Authorization: Bearer nsb-secret-1234567890" http://198.18.0.2/',
      commands,
    );
    expect(typedCommand(request)).not.toContain('nsb-secret-1234567890');
    expect(typedCommand(request)).toContain('[redacted]');
  });
});
