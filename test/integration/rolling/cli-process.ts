import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from '../../harness/wait-for.js';

/** `netshoot-bot <command>` in a process of its own, as an orchestrator runs it. */
export interface CliProcess {
  readonly child: ChildProcess;
  /** Everything it printed so far (pino JSON lines, stdout and stderr). */
  output(): string;
  /** The pino lines it printed so far, parsed; other lines are left out. */
  lines(): Record<string, unknown>[];
  /** Resolves with its exit code once it exits. */
  readonly exited: Promise<number | null>;
  /** Waits until it logs a line with `msg` (and the fields of `match`), bounded; returns the line. */
  waitForLine(
    msg: string,
    match?: Record<string, unknown>,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** SIGKILL when it still runs: for afterEach. */
  kill(): void;
}

/**
 * Starts the CLI (src/main/cli.ts through tsx, as test/integration/pipeline/worker-command.test.ts
 * does) with `env` over the test's own environment. Resolves once it has spawned; wait for its
 * readiness line with waitForLine.
 */
export function startCli(command: 'bot' | 'worker' | 'all', env: Record<string, string>): CliProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(process.cwd(), 'src/main/cli.ts'), command],
    {
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = () =>
    output.split('\n').flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        // A line cut in the middle of a chunk: whole once the rest arrives.
        return [];
      }
    });
  const matches = (line: Record<string, unknown>, msg: string, match: Record<string, unknown>) =>
    line.msg === msg && Object.entries(match).every(([key, value]) => line[key] === value);
  return {
    child,
    output: () => output,
    lines,
    exited,
    async waitForLine(msg, match = {}, timeoutMs = 60_000) {
      const what = () =>
        `netshoot-bot ${command} logging '${msg}' ${JSON.stringify(match)}; it printed:\n${output.slice(-3000)}`;
      const found = await waitFor(
        // A process that exited will not log it: said at once rather than after the bound.
        () => lines().find((line) => matches(line, msg, match)) ?? (child.exitCode !== null && 'exited'),
        { what, timeoutMs },
      );
      if (found === 'exited') throw new Error(`exited (${child.exitCode}) before ${what()}`);
      return found;
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
