import { readFileSync, readdirSync } from 'node:fs';
import { spawnBounded } from '../../../../src/executors/local/spawn-bounded.js';
import { waitFor } from '../../../harness/wait-for.js';

const run = (argv: string[], options: Parameters<typeof spawnBounded>[2]) =>
  spawnBounded(argv, argv, options).result;

function processesWithArgv(argv: readonly string[]): number[] {
  const wanted = `${argv.join('\0')}\0`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8') === wanted;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('running a process with a deadline, a cancel signal and output caps', () => {
  it('passes every argument through intact, with no shell to interpret them', async () => {
    const hostile = ['$(id)', '`id`', 'a;b', '| cat', '> /tmp/x', "'quoted'", '*'];
    const result = await run(['printf', '%s\\n', ...hostile], { timeoutMs: 5000 });
    expect(result.stdout).toBe(hostile.map((word) => `${word}\n`).join(''));
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, canceled: false, truncated: false });
  });

  it('returns a non-zero exit and stderr as a result', async () => {
    const result = await run(['ls', '/nonexistent-nsb-path'], { timeoutMs: 5000 });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('/nonexistent-nsb-path');
  });

  it('kills the whole process group at the deadline, children included', async () => {
    const marker = `9${Math.floor(Math.random() * 1e6)}`;
    const started = Date.now();
    const result = await run(['sh', '-c', `sleep ${marker} & sleep ${marker}; wait`], { timeoutMs: 300 });
    expect(result).toMatchObject({ timedOut: true, canceled: false, exitCode: null, signal: 'SIGTERM' });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(processesWithArgv(['sleep', marker])).toEqual([]);
  });

  it('stops at once when the signal aborts and says canceled', async () => {
    const controller = new AbortController();
    const seconds = `30.${Math.floor(Math.random() * 1e6)}`;
    const pending = run(['sleep', seconds], { timeoutMs: 30_000, signal: controller.signal });
    await waitFor(() => processesWithArgv(['sleep', seconds]).length === 1, {
      what: `sleep ${seconds} running`,
    });
    const aborted = Date.now();
    controller.abort();
    const result = await pending;
    expect(result).toMatchObject({ canceled: true, timedOut: false, exitCode: null });
    expect(Date.now() - aborted).toBeLessThan(3000);
    expect(processesWithArgv(['sleep', seconds])).toEqual([]);
  });

  it('escalates to SIGKILL when a process ignores SIGTERM', async () => {
    const result = await run(['sh', '-c', 'trap "" TERM; sleep 30 & wait; sleep 30'], {
      timeoutMs: 200,
      killGraceMs: 300,
    });
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe('SIGKILL');
    expect(result.durationMs).toBeLessThan(3000);
  });

  it('keeps at most the cap of each stream and says it was truncated', async () => {
    const result = await run(['head', '-c', '100000', '/dev/zero'], { timeoutMs: 5000, capBytes: 1024 });
    expect(result.stdout.length).toBe(1024);
    expect(result.truncated).toBe(true);
  });

  it('streams output as it comes', async () => {
    const chunks: string[] = [];
    await run(['printf', 'a\\nb\\n'], { timeoutMs: 5000, onOutput: (chunk) => chunks.push(chunk) });
    expect(chunks.join('')).toBe('a\nb\n');
  });

  it('reports a tool that does not exist as exit 127, not a crash', async () => {
    const result = await run(['nsb-no-such-tool'], { timeoutMs: 5000 });
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toContain('nsb-no-such-tool');
  });

  it('stops a started process on request without calling it a cancel', async () => {
    const process = spawnBounded(['sleep', '30'], ['sleep', '30'], { timeoutMs: 30_000 });
    const result = await process.stop();
    expect(result).toMatchObject({ canceled: false, timedOut: false, signal: 'SIGTERM' });
  });
});
