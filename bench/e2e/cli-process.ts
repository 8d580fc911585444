import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../../test/harness/wait-for.js';

const bin = fileURLToPath(new URL('../../bin/netshoot-bot.js', import.meta.url));

export interface CliProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves with the first pino line whose msg is `msg`; rejects if the process exits first. */
  logged(msg: string, timeoutMs: number): Promise<Record<string, unknown>>;
  /** VmHWM of /proc/PID/status: the most resident memory the process has had, in bytes. */
  peakRss(): number;
  /** User plus system CPU time the process has used so far, in ms (/proc/PID/stat, 10 ms ticks). */
  cpuMs(): number;
  /** SIGTERM (its graceful stop, which also writes a --cpu-prof profile), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface CliProcessOptions {
  readonly name: string;
  /** `bot` or `worker`: the built CLI's subcommand (bin/netshoot-bot.js, as installed). */
  readonly subcommand: 'bot' | 'worker';
  readonly env: NodeJS.ProcessEnv;
  /** A process holding a UTS namespace (see utsNamespace): the CLI runs in it, with its host name. */
  readonly utsHolderPid?: number;
  /** Where `node --cpu-prof` writes the process's profile when it exits; none without. */
  readonly cpuProfileDir?: string;
}

/**
 * One real netshoot-bot process from the built CLI. Its stdout (pino JSON) is read for the lines the
 * bench waits on; stderr goes to ours, so a crash says why.
 */
export function startCliProcess(options: CliProcessOptions): CliProcess {
  const node = [
    ...(options.cpuProfileDir
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${options.cpuProfileDir}`,
          `--cpu-prof-name=${options.name}.cpuprofile`,
        ]
      : []),
    bin,
    options.subcommand,
  ];
  // nsenter execs node in the holder's UTS namespace (no fork): the pid is node's own.
  const [file, ...args] =
    options.utsHolderPid === undefined
      ? [process.execPath, ...node]
      : ['nsenter', `--target=${options.utsHolderPid}`, '--uts', '--', process.execPath, ...node];
  const child = spawn(file as string, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: options.env,
  });
  const lines: Record<string, unknown>[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // dropped: not a pino line (a library's own print); the bench waits only on pino messages.
      return;
    }
  });
  if (child.pid === undefined) throw new Error(`could not start ${options.name}: ${file} did not spawn`);
  const pid = child.pid;
  return {
    name: options.name,
    pid,
    async logged(msg, timeoutMs) {
      return waitFor(
        () => {
          if (child.exitCode !== null) throw new Error(`${options.name} exited with ${child.exitCode}`);
          return lines.find((line) => line.msg === msg);
        },
        { what: `${options.name} logging '${msg}'`, timeoutMs, everyMs: 50 },
      );
    },
    peakRss() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
      if (kib === undefined) throw new Error(`no VmHWM in /proc/${pid}/status (${options.name})`);
      return Number(kib) * 1024;
    },
    cpuMs() {
      // Fields after the command name, which is in parentheses and may hold spaces: utime is the
      // 12th and stime the 13th of those. Linux counts them in USER_HZ, 100 a second.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    stop: (graceMs = 20_000) => stopChild(child, graceMs),
  };
}

async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise((resolve) => {
    timer = setTimeout(resolve, graceMs);
  });
  await Promise.race([exited, late]);
  clearTimeout(timer);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * A UTS namespace with its own host name, held by a sleeping process. The Docker executor labels its
 * toolboxes with the host name as the worker id and reaps its own id's toolboxes it does not hold
 * (src/executors/docker/reap-toolboxes.ts): workers on one machine must differ, as pods do. Needs root.
 */
export async function utsNamespace(hostName: string): Promise<{ pid: number; close(): Promise<void> }> {
  // unshare execs sleep in the new namespace; the bound is the bench's own (it kills it sooner).
  const holder = spawn('unshare', ['--uts', '--', 'sleep', '3600'], { stdio: 'ignore' });
  const pid = holder.pid;
  if (pid === undefined) throw new Error('could not start unshare: is util-linux installed?');
  await waitFor(() => readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('sleep\0'), {
    what: 'the UTS namespace holder (unshare --uts sleep) running',
    timeoutMs: 5000,
    everyMs: 10,
  });
  await run('nsenter', [`--target=${pid}`, '--uts', '--', 'hostname', hostName]);
  return { pid, close: () => stopChild(holder, 1000) };
}

async function run(file: string, args: readonly string[]): Promise<void> {
  const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0)
    throw new Error(`${file} ${args.join(' ')} exited with ${code}: ${stderr.trim()} (the bench needs root)`);
}
