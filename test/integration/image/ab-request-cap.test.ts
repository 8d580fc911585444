import { commands } from '../../../commands/index.js';
import { planRequest } from '../../../src/catalogue/plan.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { describeWith } from '../../harness/infrastructure.js';
import { docker, dockerOk, requireToolboxImage, testLabel, toolboxImage } from './toolbox-container.js';

/**
 * Issue 12, class 3, against the real ab in the toolbox image: ab 2.4 sets the request count to
 * 50,000 when it reads -t, so an argv with -n before -t ran for the whole time limit. The catalogue's
 * argv must stop at the -n it was given. The target is a tiny HTTP server the test starts in the same
 * container, which has no network but loopback: no traffic leaves it.
 */
const port = 18080;
const url = `http://127.0.0.1:${port}/`;

async function plannedArgv(line: string): Promise<readonly string[]> {
  const request = parseRequest(line, commands);
  const plan = await planRequest(request, { commands, resolve: () => '127.0.0.1' });
  if (plan.kind !== 'single') throw new Error(`${line} is not a single command`);
  return plan.argv;
}

function completeRequests(output: string): number {
  const match = /Complete requests:\s+(\d+)/.exec(output);
  if (!match) throw new Error(`ab printed no request count:\n${output}`);
  return Number(match[1]);
}

describeWith(['docker'], 'ab in the toolbox image', () => {
  const container = `netshoot-test-ab-${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    await requireToolboxImage();
    await dockerOk([
      'run',
      '-d',
      '--rm',
      '--name',
      container,
      '--network',
      'none',
      '--label',
      testLabel,
      '--entrypoint',
      'timeout',
      toolboxImage,
      '300',
      'python3',
      '-m',
      'http.server',
      String(port),
      '--bind',
      '127.0.0.1',
    ]);
    // Wait until the server listens, bounded: `nc -z` connects and closes.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const probe = await docker(['exec', container, 'nc', '-z', '-w', '1', '127.0.0.1', String(port)]);
      if (probe.code === 0) break;
      if (Date.now() > deadline) {
        throw new Error(`the test HTTP server never listened on ${port}: ${probe.stderr}`);
      }
    }
  }, 60_000);

  afterAll(async () => {
    await docker(['rm', '-f', container]);
  });

  it('puts -t before -n, so the request count is the one given', async () => {
    const argv = await plannedArgv(`ab host -t 3 -n 20 ${url}`);
    expect(argv.indexOf('-t')).toBeGreaterThanOrEqual(0);
    expect(argv.indexOf('-t')).toBeLessThan(argv.indexOf('-n'));
    const run = await dockerOk(['exec', container, 'timeout', '30', ...argv], 60_000);
    expect(completeRequests(run)).toBe(20);
  }, 60_000);

  it('would run past -n with the order it replaces (the bug this guards against is real)', async () => {
    const run = await dockerOk(
      ['exec', container, 'timeout', '30', 'ab', '-n', '20', '-t', '2', url],
      60_000,
    );
    expect(completeRequests(run)).toBeGreaterThan(20);
  }, 60_000);
});
