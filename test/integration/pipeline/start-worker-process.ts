import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { testRedisUrl } from '../../harness/infrastructure.js';
import { waitFor } from '../../harness/wait-for.js';

/**
 * worker-process.ts in a process of its own for `cluster`, resolved once it says "ready" (it takes
 * jobs from then on); what it prints later is in `output()`.
 */
export async function startWorkerProcess(
  cluster: string,
): Promise<{ child: ChildProcess; output(): string }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(process.cwd(), 'test/integration/pipeline/worker-process.ts'),
      testRedisUrl,
      cluster,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  try {
    await waitFor(() => output.includes('ready'), {
      what: 'the worker process saying ready',
      timeoutMs: 20_000,
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { child, output: () => output };
}
