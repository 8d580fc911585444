import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** `netshoot-bot <argv>` from the sources in a child process, with only `env` (no SLACK_* of the host). */
function runEntry(
  argv: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/main/cli.ts', ...argv],
      { cwd: root, timeout: 60_000, env: { PATH: process.env.PATH, NODE_OPTIONS: '', ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A port nothing listens on: taken from the kernel, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

// Redis on a closed port too: had anything started past the check, it would say so about Redis.
const nothingListens = async () => ({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });

describe('starting netshoot-bot all without its configuration (a first docker compose up without .env)', () => {
  it('names every missing Slack value and where to set it, starts nothing, and exits 1', async () => {
    const { code, stdout, stderr } = await runEntry(['all'], await nothingListens());
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^configuration error:\nSLACK_SIGNING_SECRET: is not set: .*\nSLACK_BOT_TOKEN: is not set: .*xoxb-/,
    );
    expect(stderr).toContain('cp .env.example .env');
    // No worker took a job, none was aborted, Redis was never asked.
    expect(stdout).toBe('');
    expect(stderr).not.toMatch(/worker|jobs still running|Redis/);
  }, 60_000);

  it('reports a bad worker setting together with the Slack values', async () => {
    const { code, stderr } = await runEntry(['all'], {
      ...(await nothingListens()),
      WORKER_CONCURRENCY: 'many',
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^WORKER_CONCURRENCY: /m);
    expect(stderr).toMatch(/^SLACK_BOT_TOKEN: is not set/m);
  }, 60_000);
});

describe.each([['bot'], ['all']])("netshoot-bot %s when Slack's API cannot be reached", (command) => {
  it('stops with one line naming SLACK_API_URL and the address, before any worker starts', async () => {
    const apiUrl = `http://127.0.0.1:${await closedPort()}/api/`;
    const { code, stdout, stderr } = await runEntry([command], {
      ...(await nothingListens()),
      SLACK_API_URL: apiUrl,
      SLACK_BOT_TOKEN: 'xoxb-1-2-3',
      SLACK_SIGNING_SECRET: '0123456789abcdef',
    });
    expect(code).toBe(1);
    const port = new URL(apiUrl).port;
    expect(stderr).toBe(
      `could not reach Slack's API at SLACK_API_URL (${apiUrl}: connect ECONNREFUSED 127.0.0.1:${port}): check the network (and a proxy, if one is needed), or set SLACK_API_URL to where Slack's Web API answers\n`,
    );
    expect(stdout).not.toMatch(/worker taking jobs|jobs still running/);
  }, 60_000);
});
