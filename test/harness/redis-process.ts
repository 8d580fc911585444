import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';

const run = promisify(execFile);

/**
 * A redis-server (or Sentinel) a test started on its own port, in its own directory: for what the
 * shared test Redis must not do (be killed, restarted, fail over, run as a Cluster node).
 */
export interface RedisProcess {
  readonly port: number;
  /** `redis-cli -p PORT ARGS...`'s output, trimmed. */
  cli(...args: string[]): Promise<string>;
  /** SIGKILL: the crash a failover is for, with no chance to hand anything over. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit; nothing if it already ended. */
  stop(): Promise<void>;
}

/**
 * Starts `redis-server ARGS...` (or a Sentinel whose configuration lines are ARGS) on a free port, or
 * on `port` (a restart), in its own directory under `parent`, and waits (bounded) until it answers PING.
 * Nothing is persisted unless ARGS say so (`--appendonly yes`): a killed master's data is gone, as on a
 * node that lost its disk.
 */
export async function startRedisProcess(
  parent: string,
  args: readonly string[],
  options: { readonly sentinel?: boolean; readonly port?: number } = {},
): Promise<RedisProcess> {
  const port = options.port ?? (await freePort());
  const dir = join(parent, String(port));
  await mkdir(dir, { recursive: true });
  const common = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
  ];
  let argv: string[];
  if (options.sentinel) {
    // Sentinel rewrites its configuration file as it learns the topology: it must be its own.
    const config = join(dir, 'sentinel.conf');
    await writeFile(config, `${args.join('\n')}\n`);
    argv = [config, '--sentinel', '--port', String(port), '--bind', '127.0.0.1', '--dir', dir];
  } else {
    argv = [...common, ...args];
  }
  const child = spawn('redis-server', argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const processOf = redisProcess(port, child);
  try {
    await waitFor(async () => child.exitCode === null && (await processOf.cli('PING')) === 'PONG', {
      what: () => `redis-server ${argv.join(' ')} answering PING (exit ${child.exitCode}, stderr: ${stderr})`,
      timeoutMs: 15_000,
    });
  } catch (error) {
    await processOf.kill();
    throw error;
  }
  return processOf;
}

function redisProcess(port: number, child: ChildProcess): RedisProcess {
  const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await ended;
  };
  return {
    port,
    async cli(...args) {
      const { stdout } = await run('redis-cli', ['-p', String(port), ...args], { timeout: 5000 });
      return stdout.trim();
    },
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}

/** INFO's `field:value` lines of one section, as a record. */
export async function infoOf(node: RedisProcess, section: string): Promise<Record<string, string>> {
  const text = await node.cli('INFO', section);
  return Object.fromEntries(
    text
      .split(/\r?\n/)
      .filter((line) => line.includes(':') && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]),
  );
}

/** Stops every process, killed ones included; for afterAll. */
export async function stopAll(processes: readonly RedisProcess[]): Promise<void> {
  await Promise.all(processes.map((each) => each.stop()));
}
