import { constants } from 'node:os';
import type { Argv, StopSignal } from '../../catalogue/define-command.js';
import { outputCapBytes } from '../../format/output-cap.js';
import type { RunningProcess, RunOptions } from '../executor.js';
import type { Artifact, RunResult } from '../../results/run-result.js';
import { pcapCapBytes, pcapCapText } from '../../catalogue/capture-cap.js';
import { collectArtifacts, contentTypeOf, type ArtifactStore } from './artifacts.js';
import { CappedOutput } from './capped-output.js';
import { interruptGraceSeconds, killAfterSeconds } from './far-side-bound.js';
import type { ProcessExit, ProcessStarter, StartedProcess } from './process-starter.js';

/** The waits of a run's end; tests shorten them. */
export interface LifecycleTimings {
  /** From SIGINT (a tool's stop signal) to SIGTERM: the time it has to print its summary and exit. */
  readonly interruptGraceMs: number;
  /** From SIGTERM to SIGKILL: the far side's `timeout -k` uses the same number. */
  readonly killGraceMs: number;
  /** From SIGKILL to giving up on a process that still has not ended (its streams are closed). */
  readonly giveUpMs: number;
  /** Past the far side's own SIGKILL, how long the core waits before it kills from here. */
  readonly farSideLagMs: number;
}

export const lifecycleTimings: LifecycleTimings = {
  interruptGraceMs: interruptGraceSeconds * 1000,
  killGraceMs: killAfterSeconds * 1000,
  giveUpMs: 10_000,
  farSideLagMs: 2_000,
};

export interface StartRunOptions extends RunOptions {
  /** Where `collect` paths are read from; without it nothing is collected. */
  readonly artifacts?: ArtifactStore;
  readonly timings?: Partial<LifecycleTimings>;
}

type EndReason = 'deadline' | 'cancel' | 'stop' | 'output-cap';

/**
 * The one run lifecycle of every executor (docs/pipeline.md, "Running a process"): start, stream
 * and cap the output, end it at the deadline, on cancel or on stop(), give up on a process that
 * outlives SIGKILL, and assemble the RunResult. The first of deadline, cancel and stop() is the
 * reason the run ended; `timedOut` and `canceled` say which, and stop() sets neither. Ending means
 * the stop signal (options.stopSignal: SIGINT for a tool that then prints its summary, so what it
 * saw is in the result; SIGTERM by default), SIGTERM `interruptGraceMs` after a SIGINT, SIGKILL
 * `killGraceMs` after the SIGTERM, and `giveUpMs` after that the core stops waiting.
 */
export async function startRun(
  argv: Argv,
  starter: ProcessStarter,
  options: StartRunOptions,
): Promise<RunningProcess> {
  const timings = { ...lifecycleTimings, ...options.timings };
  const startedAt = Date.now();
  if (options.signal?.aborted) return settled(notStarted(argv));

  // A stream past its cap ends the tool: nothing more of it would be kept, and reading on would
  // only spend the toolbox's CPU and the worker's (a decompression bomb, an endless capture).
  const current: { lifecycle?: Lifecycle } = {};
  let overflowed: 'stdout' | 'stderr' | undefined;
  const overflow = (stream: 'stdout' | 'stderr') => (): void => {
    overflowed ??= stream;
    current.lifecycle?.end('output-cap');
  };
  const output = (stream: 'stdout' | 'stderr') =>
    new CappedOutput(
      outputCapBytes,
      options.onOutput && ((text) => options.onOutput!(text, stream)),
      overflow(stream),
    );
  const stdout = output('stdout');
  const stderr = output('stderr');
  const process = await starter.start({ stdout, stderr });
  const stopSignal = options.stopSignal ?? 'SIGTERM';
  const lifecycle = new Lifecycle(process, starter.deadlineOnFarSide, timings, stopSignal);
  current.lifecycle = lifecycle;
  if (overflowed) lifecycle.end('output-cap');

  lifecycle.after(options.timeoutMs, () => lifecycle.end('deadline'));
  const onAbort = (): void => lifecycle.end('cancel');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // Aborted while the process was starting: the event has passed, the cancel has not.
  if (options.signal?.aborted) onAbort();

  const result = Promise.race([
    process.exit.catch((error: Error): ProcessExit => ({
      exitCode: null,
      signal: null,
      note: error.message,
    })),
    lifecycle.abandoned,
  ]).then(async (exit): Promise<RunResult> => {
    lifecycle.finish();
    options.signal?.removeEventListener('abort', onAbort);
    const reason = lifecycle.reason;
    const artifacts =
      options.artifacts && options.collect?.length
        ? await collectArtifacts(options.artifacts, options.collect, (note) => lifecycle.notes.push(note))
        : [];
    const capped =
      reason === 'output-cap' && overflowed
        ? `netshoot-bot: its ${overflowed} passed ${Math.round(outputCapBytes / 1024)} KiB, the most a result keeps, so the bot ended it there`
        : undefined;
    const notes = [exit.note, capped, ...lifecycle.notes, ...artifacts.flatMap(capNote)].filter(
      (note): note is string => Boolean(note),
    );
    return {
      argv,
      exitCode: exit.exitCode,
      signal: signalOf(exit, reason, stopSignal),
      timedOut: reason === 'deadline',
      canceled: reason === 'cancel',
      stdout: stdout.text(),
      stderr: stderr.text() + notes.map(withNewline).join(''),
      truncated: stdout.truncated || stderr.truncated,
      durationMs: Date.now() - startedAt,
      artifacts,
    };
  });

  return {
    result,
    stop() {
      lifecycle.end('stop');
      return result;
    },
  };
}

/** The timers and the state of one run's end. */
class Lifecycle {
  reason: EndReason | undefined;
  private ended = false;
  private escalating = false;
  /** What went wrong around the process (a kill not sent, an artifact not read), for its stderr. */
  readonly notes: string[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private giveUp!: (exit: ProcessExit) => void;
  readonly abandoned = new Promise<ProcessExit>((resolve) => (this.giveUp = resolve));

  constructor(
    private readonly process: StartedProcess,
    private readonly deadlineOnFarSide: boolean,
    private readonly timings: LifecycleTimings,
    private readonly stopSignal: StopSignal,
  ) {}

  after(ms: number, work: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, ms);
    this.timers.add(timer);
  }

  /** The first reason stays the reason; any request still makes sure the process ends. */
  end(reason: EndReason): void {
    if (this.ended) return;
    this.reason ??= reason;
    if (reason === 'deadline' && this.deadlineOnFarSide) {
      // `timeout` in the toolbox has the same deadline and sends the stop signal, then SIGKILL: it
      // ends the run even if this worker dies. After a SIGINT, the SIGTERM that a local run gets comes
      // from here (timeout sends one signal before its SIGKILL); only when the far side's SIGKILL did
      // not end the stream do we kill from here.
      const { interruptGraceMs, killGraceMs, farSideLagMs } = this.timings;
      const interrupted = this.stopSignal === 'SIGINT';
      if (interrupted) this.after(interruptGraceMs, () => this.kill('SIGTERM'));
      const farSideKill = (interrupted ? interruptGraceMs : 0) + killGraceMs;
      this.after(farSideKill + farSideLagMs, () => this.escalate('SIGKILL'));
    } else {
      this.escalate(this.stopSignal);
    }
  }

  finish(): void {
    this.ended = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private escalate(from: StopSignal | 'SIGKILL'): void {
    if (this.escalating || this.ended) return;
    this.escalating = true;
    const killHard = (): void => {
      this.kill('SIGKILL');
      this.after(this.timings.giveUpMs, () => {
        this.process.abandon();
        this.giveUp({
          exitCode: null,
          signal: null,
          note: `netshoot-bot: the process did not end within ${Math.round(this.timings.giveUpMs / 1000)} s of SIGKILL, so the bot stopped waiting for it; it may still run until its toolbox ends`,
        });
      });
    };
    const terminate = (): void => {
      this.kill('SIGTERM');
      this.after(this.timings.killGraceMs, killHard);
    };
    if (from === 'SIGKILL') return killHard();
    if (from === 'SIGTERM') return terminate();
    this.kill('SIGINT');
    this.after(this.timings.interruptGraceMs, terminate);
  }

  private kill(signal: 'SIGINT' | 'SIGTERM' | 'SIGKILL'): void {
    if (this.ended) return;
    // A failed kill (the far side's API hiccups) is not the run's failure: the next step, SIGKILL or
    // giving up, follows on its timer whatever happened here; the result's stderr says it failed.
    this.process.kill(signal).catch((error: unknown) => {
      this.notes.push(
        `netshoot-bot: could not send ${signal}: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }
}

/**
 * The signal that ended the run. A local child says so itself. A remote status is read as a signal
 * only when the bot ended the run (deadline, cancel, stop): 124 is `timeout`'s "the deadline's SIGTERM
 * ended it" (a SIGINT stop keeps the tool's own status instead), 128+N is signal N.
 */
function signalOf(exit: ProcessExit, reason: EndReason | undefined, stopSignal: StopSignal): string | null {
  if (exit.signal) return exit.signal;
  if (!exit.statusMayBeSignal || reason === undefined || exit.exitCode === null) return null;
  if (exit.exitCode === 124 && stopSignal === 'SIGTERM') return 'SIGTERM';
  const number = exit.exitCode - 128;
  if (number <= 0) return null;
  return Object.entries(constants.signals).find(([, value]) => value === number)?.[0] ?? null;
}

/** A pcap that reached its size cap ended the capture there (prlimit's SIGXFSZ): said, with the way out. */
function capNote(artifact: Artifact): string[] {
  if (artifact.contentType !== contentTypeOf('x.pcap') || artifact.data.length < pcapCapBytes) return [];
  return [
    `netshoot-bot: capture stopped at ${pcapCapText}, the size cap of --pcap; a narrower filter, a lower -c or a smaller -s keeps it under`,
  ];
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** The job was cancelled before the process started: nothing ran. */
function notStarted(argv: Argv): RunResult {
  return {
    argv,
    exitCode: null,
    signal: null,
    timedOut: false,
    canceled: true,
    stdout: '',
    stderr: '',
    truncated: false,
    durationMs: 0,
    artifacts: [],
  };
}

function settled(result: RunResult): RunningProcess {
  return { result: Promise.resolve(result), stop: async () => result };
}
