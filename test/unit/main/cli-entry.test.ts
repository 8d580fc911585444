import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The real entry point in a child process, as `npx tsx src/main/cli.ts` runs it. */
function runEntry(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/main/cli.ts', ...argv],
      { cwd: root, timeout: 30_000, env: { ...process.env, NODE_OPTIONS: '' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('the netshoot-bot entry point', () => {
  it('runs as a program and exits with the status main returns', async () => {
    const help = await runEntry(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: netshoot-bot');

    const invalid = await runEntry(['explain', 'no-such-tool pod/a']);
    expect(invalid.code).toBe(2);
    expect(invalid.stdout).toBe('');
    expect(invalid.stderr).toMatch(/^unknown tool 'no-such-tool'\n/);
    expect(invalid.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
