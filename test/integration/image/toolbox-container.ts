import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);
const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** The image under test: NETSHOOT_IMAGE when set, else the tag scripts/build-image gives it. */
export const toolboxImage = process.env.NETSHOOT_IMAGE ?? `netshoot-bot/netshoot:${version}`;

/** Labels on everything these suites create, so a leftover is easy to find and remove. */
export const testLabel = 'netshoot-bot.test=image';

export interface Finished {
  /** null when the process could not start or was killed. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `docker ARGS...`, bounded in time; a non-zero exit is returned, not thrown. */
export async function docker(args: readonly string[], timeoutMs = 30_000): Promise<Finished> {
  try {
    const { stdout, stderr } = await run('docker', [...args], { timeout: timeoutMs, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : null,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? String(error),
    };
  }
}

/** Docker's answer when it must succeed: its stdout, trimmed. */
export async function dockerOk(args: readonly string[], timeoutMs = 60_000): Promise<string> {
  const result = await docker(args, timeoutMs);
  if (result.code !== 0) throw new Error(`docker ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

export async function requireToolboxImage(): Promise<void> {
  const found = await docker(['image', 'inspect', toolboxImage, '--format', '{{.Id}}']);
  if (found.code !== 0) {
    throw new Error(`the toolbox image ${toolboxImage} is not on this engine: run scripts/build-image`);
  }
}
