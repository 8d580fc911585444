import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const recorder = fileURLToPath(new URL('./record-imports/register.mjs', import.meta.url));

/** The clients that make start-up slow (SPEC 8): only `bot`, `worker`, `all` and `run` need them. */
const heavy = [
  '@slack/bolt',
  '@slack/web-api',
  'dockerode',
  '@kubernetes/client-node',
  'bullmq',
  'ioredis',
  'pino',
  'prom-client',
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'netshoot-loaded-modules-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The packages under node_modules that the CLI imported for `argv`, and its exit status. */
function packagesLoadedBy(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; packages: Set<string> }> {
  const file = join(dir, `${argv[0]}-${Math.random().toString(36).slice(2)}.txt`);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--import', recorder, 'src/main/cli.ts', ...argv],
      {
        cwd: root,
        timeout: 60_000,
        env: { PATH: process.env.PATH, NODE_OPTIONS: '', RECORD_IMPORTS_TO: file, ...env },
      },
      (error) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        readFile(file, 'utf8').then((text) => {
          const packages = new Set(
            [...text.matchAll(/\/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((match) => match[1] as string),
          );
          resolve({ code, packages });
        }, reject);
      },
    );
  });
}

describe('what the CLI loads to start', () => {
  it.each([
    [['explain', 'dig host example.test']],
    [['explain', '--json', 'tcpdump container/web -i eth0 port 9999 -c 1']],
    [['help']],
    [['help', 'dig']],
    [['help', 'run']],
    [['--help']],
  ])(
    '%j loads none of the Slack, queue or executor clients',
    async (argv) => {
      const { code, packages } = await packagesLoadedBy(argv);
      expect(code).toBe(0);
      // The recorder sees packages at all: the catalogue's own dependencies are there.
      expect(packages).toContain('zod');
      expect(packages).toContain('commander');
      expect(heavy.filter((name) => packages.has(name))).toEqual([]);
    },
    60_000,
  );

  it('sees the clients a command that needs them loads (the recorder can fail the test above)', async () => {
    // Slack's API on port 9, which fetch refuses at once: the bot loads its clients, then stops.
    const { code, packages } = await packagesLoadedBy(['bot'], {
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      SLACK_BOT_TOKEN: 'xoxb-1-2-3',
      SLACK_SIGNING_SECRET: '0123456789abcdef',
    });
    expect(code).toBe(1);
    expect(packages).toContain('@slack/bolt');
    expect(packages).toContain('bullmq');
    expect(packages).toContain('pino');
  }, 60_000);
});
