import { localProcess } from '../../../../src/executors/local/local-process.js';
import { farSideProcess } from '../../../../src/executors/process-core/far-side-process.js';
import type { ProcessStarter } from '../../../../src/executors/process-core/process-starter.js';
import { startRun, type StartRunOptions } from '../../../../src/executors/process-core/run-lifecycle.js';
import { outputCapBytes, truncationNote } from '../../../../src/format/output-cap.js';
import { execHere, pidsRunning, uniqueSeconds, waitUntil } from './processes-here.js';

const run = async (argv: string[], options: StartRunOptions) =>
  (await startRun(argv, localProcess(argv), options)).result;

/** A node process that ignores SIGTERM (it only says it got one): no shell needed to make one. */
const ignoresTerm = (seconds: string) => [
  process.execPath,
  '-e',
  `process.on('SIGTERM', () => console.log('got TERM')); setTimeout(() => {}, ${Number(seconds) * 1000}); console.log('ready')`,
  seconds,
];

/** A starter whose kills reach nothing, as a far side that no longer answers. */
function deaf(starter: ProcessStarter): ProcessStarter {
  return {
    deadlineOnFarSide: starter.deadlineOnFarSide,
    async start(sinks) {
      const started = await starter.start(sinks);
      return { ...started, kill: async () => undefined };
    },
  };
}

describe('the run lifecycle, with a process on this machine', () => {
  it('passes every argument through intact, with no shell to interpret them', async () => {
    const hostile = ['$(id)', '`id`', 'a;b', '| cat', '> /tmp/x', "'quoted'", '*'];
    const result = await run(['printf', '%s\\n', ...hostile], { timeoutMs: 5000 });
    expect(result.stdout).toBe(hostile.map((word) => `${word}\n`).join(''));
    expect(result).toMatchObject({
      exitCode: 0,
      signal: null,
      timedOut: false,
      canceled: false,
      truncated: false,
    });
  });

  it('returns a non-zero exit and stderr as a result', async () => {
    const result = await run(['ls', '/nonexistent-nsb-path'], { timeoutMs: 5000 });
    expect(result).toMatchObject({ exitCode: 2, signal: null, timedOut: false, canceled: false });
    expect(result.stderr).toContain('/nonexistent-nsb-path');
  });

  it('reports a tool that does not exist as exit 127, not a crash', async () => {
    const result = await run(['nsb-no-such-tool'], { timeoutMs: 5000 });
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toContain('nsb-no-such-tool');
  });

  it('kills the whole process group at the deadline, children included, and says it timed out', async () => {
    const seconds = uniqueSeconds();
    const argv = [
      process.execPath,
      '-e',
      `require('child_process').spawn('sleep', ['${seconds}'], { stdio: 'inherit' })`,
    ];
    const result = await run(argv, { timeoutMs: 300 });
    expect(result).toMatchObject({ timedOut: true, canceled: false, exitCode: null, signal: 'SIGTERM' });
    expect(result.durationMs).toBeLessThan(3000);
    expect(pidsRunning(['sleep', seconds])).toEqual([]);
  });

  it('ends the process when the signal aborts and says canceled, not timed out', async () => {
    const seconds = uniqueSeconds();
    const controller = new AbortController();
    const pending = run(['sleep', seconds], { timeoutMs: 30_000, signal: controller.signal });
    await waitUntil('sleep started', () => pidsRunning(['sleep', seconds]).length === 1);
    controller.abort();
    const result = await pending;
    expect(result).toMatchObject({ canceled: true, timedOut: false, exitCode: null, signal: 'SIGTERM' });
    expect(result.durationMs).toBeLessThan(3000);
    expect(pidsRunning(['sleep', seconds])).toEqual([]);
  });

  it('starts nothing when the job was cancelled before the run', async () => {
    const seconds = uniqueSeconds();
    const controller = new AbortController();
    controller.abort();
    const result = await run(['sleep', seconds], { timeoutMs: 30_000, signal: controller.signal });
    expect(result).toMatchObject({ canceled: true, exitCode: null, durationMs: 0 });
    expect(pidsRunning(['sleep', seconds])).toEqual([]);
  });

  it('cancels a process whose job was cancelled while it was starting', async () => {
    const seconds = uniqueSeconds();
    const controller = new AbortController();
    const abortedWhileStarting: ProcessStarter = {
      deadlineOnFarSide: false,
      async start(sinks) {
        const started = await localProcess(['sleep', seconds]).start(sinks);
        controller.abort();
        return started;
      },
    };
    const running = await startRun(['sleep', seconds], abortedWhileStarting, {
      timeoutMs: 30_000,
      signal: controller.signal,
    });
    const result = await running.result;
    expect(result).toMatchObject({ canceled: true, timedOut: false, signal: 'SIGTERM' });
    expect(pidsRunning(['sleep', seconds])).toEqual([]);
  });

  it('stops a started process on request without calling it a cancel or a timeout', async () => {
    const seconds = uniqueSeconds();
    const running = await startRun(['sleep', seconds], localProcess(['sleep', seconds]), {
      timeoutMs: 30_000,
    });
    await waitUntil('sleep started', () => pidsRunning(['sleep', seconds]).length === 1);
    const result = await running.stop();
    expect(result).toMatchObject({ canceled: false, timedOut: false, exitCode: null, signal: 'SIGTERM' });
    expect(await running.result).toBe(result);
  });

  it('escalates to SIGKILL when the process ignores SIGTERM, and the first reason stays the reason', async () => {
    const seconds = uniqueSeconds();
    const controller = new AbortController();
    let terminated = false;
    const pending = run(ignoresTerm(seconds), {
      // Long enough for node to start and install its handler on a busy machine.
      timeoutMs: 3000,
      signal: controller.signal,
      onOutput: (text) => (terminated ||= text.includes('got TERM')),
      timings: { killGraceMs: 800 },
    });
    await waitUntil("the deadline's SIGTERM", () => terminated, 10_000);
    // Past the deadline, during the grace: a cancel now does not make the timeout a cancel.
    controller.abort();
    const result = await pending;
    expect(result).toMatchObject({ timedOut: true, canceled: false, exitCode: null, signal: 'SIGKILL' });
    expect(result.durationMs).toBeLessThan(3000 + 800 + 2000);
  }, 20_000);

  it('keeps the cap the renderer states of each stream, and says it was truncated', async () => {
    const result = await run(['head', '-c', String(outputCapBytes + 4096), '/dev/zero'], { timeoutMs: 5000 });
    expect(result.stdout.length).toBe(outputCapBytes);
    expect(result.truncated).toBe(true);
    expect(truncationNote()).toContain(`${outputCapBytes / 1024} KiB per stream`);
    const exact = await run(['head', '-c', String(outputCapBytes), '/dev/zero'], { timeoutMs: 5000 });
    expect(exact.stdout.length).toBe(outputCapBytes);
    expect(exact.truncated).toBe(false);
  });

  it('streams output as it comes, up to the cap', async () => {
    const chunks: string[] = [];
    const result = await run(['head', '-c', String(outputCapBytes * 2), '/dev/zero'], {
      timeoutMs: 5000,
      onOutput: (chunk, stream) => stream === 'stdout' && chunks.push(chunk),
    });
    expect(chunks.join('').length).toBe(outputCapBytes);
    expect(result.stdout.length).toBe(outputCapBytes);
  });

  it.each(['stdout', 'stderr'] as const)(
    'ends a tool whose %s passes the cap, rather than read it to the deadline (a decompression bomb)',
    async (stream) => {
      // Output on one stream that never stops by itself: no shell needed.
      const argv =
        stream === 'stdout'
          ? ['yes', 'bomb']
          : [
              process.execPath,
              '-e',
              "const block = Buffer.alloc(65536, 'b'); const more = () => process.stderr.write(block, more); more();",
            ];
      const result = await run(argv, { timeoutMs: 15_000 });
      expect(result).toMatchObject({ timedOut: false, canceled: false, truncated: true, signal: 'SIGTERM' });
      expect(result.durationMs).toBeLessThan(10_000);
      expect(result[stream].length).toBeGreaterThanOrEqual(outputCapBytes);
      expect(result.stderr).toContain(
        `netshoot-bot: its ${stream} passed ${outputCapBytes / 1024} KiB, the most a result keeps, so the bot ended it there`,
      );
    },
    20_000,
  );

  it('says in stderr a kill that could not be sent, and still ends the process with the next one', async () => {
    const seconds = uniqueSeconds();
    const argv = ['sleep', seconds];
    const refusesTerm: ProcessStarter = {
      deadlineOnFarSide: false,
      async start(sinks) {
        const started = await localProcess(argv).start(sinks);
        return {
          ...started,
          kill: async (signal) => {
            if (signal === 'SIGTERM') throw new Error('the API refused the exec (500)');
            return started.kill(signal);
          },
        };
      },
    };
    const running = await startRun(argv, refusesTerm, { timeoutMs: 30_000, timings: { killGraceMs: 200 } });
    const result = await running.stop();
    expect(result).toMatchObject({ exitCode: null, signal: 'SIGKILL' });
    expect(result.stderr).toContain('netshoot-bot: could not send SIGTERM: the API refused the exec (500)');
    expect(pidsRunning(argv)).toEqual([]);
  });

  it('gives up on a process that outlives SIGKILL, and says so', async () => {
    const seconds = uniqueSeconds();
    try {
      const result = await (
        await startRun(['sleep', seconds], deaf(localProcess(['sleep', seconds])), {
          timeoutMs: 200,
          timings: { killGraceMs: 200, giveUpMs: 300 },
        })
      ).result;
      expect(result).toMatchObject({ timedOut: true, exitCode: null, signal: null });
      expect(result.stderr).toContain('did not end within');
      expect(result.durationMs).toBeLessThan(3000);
      // Given up on, not killed: the process is still there.
      expect(pidsRunning(['sleep', seconds])).toHaveLength(1);
    } finally {
      for (const pid of pidsRunning(['sleep', seconds])) process.kill(pid, 'SIGKILL');
    }
  });
});

describe('the run lifecycle, with a process on a far side bounded by timeout', () => {
  const remote = (argv: string[], timeoutMs: number) => farSideProcess(execHere, argv, timeoutMs);

  it('returns the exit status and output of a process that ends by itself', async () => {
    const argv = ['ls', '/nonexistent-nsb-path', '/'];
    const result = await (await startRun(argv, remote(argv, 5000), { timeoutMs: 5000 })).result;
    expect(result).toMatchObject({ argv, exitCode: 2, signal: null, timedOut: false, canceled: false });
    expect(result.stdout).toContain('proc');
    expect(result.stderr).toContain('/nonexistent-nsb-path');
  });

  it('is ended by the far side at the deadline: status 124, SIGTERM, nothing left running', async () => {
    const seconds = uniqueSeconds();
    const argv = ['sleep', seconds];
    const result = await (await startRun(argv, remote(argv, 500), { timeoutMs: 500 })).result;
    expect(result).toMatchObject({ timedOut: true, canceled: false, exitCode: 124, signal: 'SIGTERM' });
    expect(result.durationMs).toBeLessThan(3000);
    expect(pidsRunning(argv)).toEqual([]);
  });

  it('is ended on the far side by a cancel: canceled, SIGTERM, nothing left running', async () => {
    const seconds = uniqueSeconds();
    const argv = ['sleep', seconds];
    const controller = new AbortController();
    const running = await startRun(argv, remote(argv, 30_000), {
      timeoutMs: 30_000,
      signal: controller.signal,
    });
    await waitUntil('sleep started', () => pidsRunning(argv).length === 1);
    controller.abort();
    const result = await running.result;
    expect(result).toMatchObject({ canceled: true, timedOut: false, exitCode: 143, signal: 'SIGTERM' });
    expect(result.durationMs).toBeLessThan(3000);
    expect(pidsRunning(argv)).toEqual([]);
  });

  it('kills the process group itself on stop() when the tool ignores SIGTERM', async () => {
    const seconds = uniqueSeconds();
    const argv = ignoresTerm(seconds);
    let ready = false;
    const running = await startRun(argv, remote(argv, 30_000), {
      timeoutMs: 30_000,
      onOutput: (text) => (ready ||= text.includes('ready')),
      timings: { killGraceMs: 300 },
    });
    await waitUntil('the tool printed ready', () => ready);
    const result = await running.stop();
    expect(result).toMatchObject({ canceled: false, timedOut: false, exitCode: 137, signal: 'SIGKILL' });
    // Sooner than the far side's own SIGKILL (3 s after its SIGTERM): the core's kill did it.
    expect(result.durationMs).toBeLessThan(2500);
    expect(pidsRunning(argv)).toEqual([]);
  });

  it('gives up when the far side ignores both its own deadline and the kills', async () => {
    const seconds = uniqueSeconds();
    const argv = ['sleep', seconds];
    // A far side that ran the tool without `timeout` and no longer answers: only giving up ends it.
    const unbounded: ProcessStarter = {
      deadlineOnFarSide: true,
      start: (sinks) => localProcess(argv).start(sinks),
    };
    try {
      const result = await (
        await startRun(argv, deaf(unbounded), {
          timeoutMs: 200,
          timings: { killGraceMs: 100, farSideLagMs: 100, giveUpMs: 200 },
        })
      ).result;
      expect(result).toMatchObject({ timedOut: true, exitCode: null, signal: null });
      expect(result.stderr).toContain('did not end within');
      expect(result.durationMs).toBeLessThan(3000);
    } finally {
      for (const pid of pidsRunning(argv)) process.kill(pid, 'SIGKILL');
    }
  });
});
