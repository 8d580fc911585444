import { localProcess } from '../../../../src/executors/local/local-process.js';
import { farSideProcess } from '../../../../src/executors/process-core/far-side-process.js';
import type { ProcessStarter } from '../../../../src/executors/process-core/process-starter.js';
import { startRun, type StartRunOptions } from '../../../../src/executors/process-core/run-lifecycle.js';
import { execHere, pidsRunning, uniqueSeconds, waitUntil } from './processes-here.js';

/**
 * A tool that prints a summary of what it saw when interrupted, as ping prints its statistics on
 * SIGINT and dies without them on SIGTERM. `seconds` makes its argv unique, to find it running.
 */
const summarizesOnInt = (seconds: string) => [
  process.execPath,
  '-e',
  `process.on('SIGINT', () => { console.log('3 packets transmitted, 3 received'); process.exit(0); }); console.log('ready'); setTimeout(() => {}, ${Number(seconds) * 1000})`,
  seconds,
];

/** A tool that takes SIGINT for nothing (it only says it got one): SIGTERM must follow. */
const ignoresInt = (seconds: string) => [
  process.execPath,
  '-e',
  `process.on('SIGINT', () => console.log('got INT')); console.log('ready'); setTimeout(() => {}, ${Number(seconds) * 1000})`,
  seconds,
];

type Starter = (argv: string[], timeoutMs: number) => ProcessStarter;
const here: Starter = (argv) => localProcess(argv);
const farSide: Starter = (argv, timeoutMs) =>
  farSideProcess(execHere, argv, timeoutMs, { stopSignal: 'SIGINT' });

describe.each([
  ['on this machine', here],
  ['on a far side bounded by timeout', farSide],
])('a tool whose stop signal is SIGINT, %s', (_where, starter) => {
  async function started(argv: string[], options: StartRunOptions) {
    let ready = false;
    const running = await startRun(argv, starter(argv, options.timeoutMs), {
      ...options,
      stopSignal: 'SIGINT',
      onOutput: (text) => (ready ||= text.includes('ready')),
    });
    await waitUntil('the tool printed ready', () => ready);
    return running;
  }

  it('prints its summary when the deadline ends it, and the result keeps it', async () => {
    const seconds = uniqueSeconds();
    const argv = summarizesOnInt(seconds);
    const result = await (await started(argv, { timeoutMs: 1000 })).result;
    expect(result).toMatchObject({ timedOut: true, canceled: false, exitCode: 0, signal: null });
    expect(result.stdout).toContain('3 packets transmitted, 3 received');
    expect(result.durationMs).toBeLessThan(3000);
    expect(pidsRunning(argv)).toEqual([]);
  });

  it('prints its summary when a cancel ends it, and the result keeps it', async () => {
    const seconds = uniqueSeconds();
    const argv = summarizesOnInt(seconds);
    const controller = new AbortController();
    const running = await started(argv, { timeoutMs: 30_000, signal: controller.signal });
    controller.abort();
    const result = await running.result;
    expect(result).toMatchObject({ timedOut: false, canceled: true, exitCode: 0, signal: null });
    expect(result.stdout).toContain('3 packets transmitted, 3 received');
    expect(result.durationMs).toBeLessThan(3000);
    expect(pidsRunning(argv)).toEqual([]);
  });

  it('sends SIGTERM after the grace when SIGINT did not end it', async () => {
    const seconds = uniqueSeconds();
    const argv = ignoresInt(seconds);
    const controller = new AbortController();
    const running = await started(argv, {
      timeoutMs: 30_000,
      signal: controller.signal,
      timings: { interruptGraceMs: 300 },
    });
    controller.abort();
    const result = await running.result;
    expect(result).toMatchObject({ canceled: true, signal: 'SIGTERM' });
    expect(result.stdout).toContain('got INT');
    expect(result.durationMs).toBeLessThan(3000);
    expect(pidsRunning(argv)).toEqual([]);
  });
});

describe('a tool whose stop signal is SIGINT, at the deadline on a far side', () => {
  it('gets SIGTERM from the worker after the grace when the far side SIGINT did not end it', async () => {
    const seconds = uniqueSeconds();
    const argv = ignoresInt(seconds);
    let ready = false;
    const running = await startRun(argv, farSide(argv, 800), {
      timeoutMs: 800,
      stopSignal: 'SIGINT',
      onOutput: (text) => (ready ||= text.includes('ready')),
      timings: { interruptGraceMs: 300 },
    });
    const result = await running.result;
    expect(ready).toBe(true);
    expect(result).toMatchObject({ timedOut: true, exitCode: 143, signal: 'SIGTERM' });
    expect(result.stdout).toContain('got INT');
    // Well before the far side's own SIGKILL, 5 s after its SIGINT.
    expect(result.durationMs).toBeLessThan(3000);
    expect(pidsRunning(argv)).toEqual([]);
  });
});
