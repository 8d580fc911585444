import { readFileSync } from 'node:fs';
import { commands } from '../../../commands/index.js';
import { isTwoParty } from '../../../src/catalogue/define-command.js';
import { planRequest } from '../../../src/catalogue/plan.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { describeWith } from '../../harness/infrastructure.js';
import { additions, seedPackages } from './seed-packages.js';
import { toolProbes } from './tool-probes.js';
import { docker, dockerOk, requireToolboxImage, testLabel, toolboxImage } from './toolbox-container.js';

/**
 * What image/Dockerfile promises, checked in the built image: every seed package (or its Debian
 * stand-in) and every program the catalogue runs is there and runs. Probes run in a container with
 * no network at all, so none of them can send anything anywhere.
 */

/** The programs a catalogue command runs: argv[0] of the plan of its first example. */
async function programsOf(command: (typeof commands)[number]): Promise<string[]> {
  const example = command.examples[0];
  if (example === undefined) throw new Error(`${command.name} has no example`);
  const plan = await planRequest(parseRequest(example), { resolve: () => '198.18.0.10' });
  const argvs = plan.kind === 'single' ? [plan.argv] : [plan.server, plan.client];
  return argvs.map((argv) => argv[0] ?? '(empty argv)');
}

/** Rows of image/README.md's seed table: `| \`seed\` | \`deb\`, \`deb\` | notes |`, or `none`. */
function readmeSeedTable(): Map<string, string[]> {
  const readme = readFileSync(new URL('../../../image/README.md', import.meta.url), 'utf8');
  const section = readme.split('## Seed packages and their Debian names')[1]?.split('\n## ')[0] ?? '';
  const rows = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const seed = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
    if (seed === undefined) continue;
    const debian =
      cells[2] === 'none' ? [] : [...(cells[2] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
    rows.set(seed, debian);
  }
  return rows;
}

describeWith(['docker'], 'the toolbox image inventory', () => {
  let container = '';

  async function exec(argv: readonly string[]) {
    return docker(['exec', container, ...argv], 30_000);
  }

  async function probeFails(key: string): Promise<string | undefined> {
    const probe = toolProbes[key];
    if (probe === undefined) return `${key}: no probe in test/integration/image/tool-probes.ts`;
    const result = await exec(probe.argv);
    const output = `${result.stdout}${result.stderr}`;
    if (probe.output.test(output)) return undefined;
    return `${probe.argv.join(' ')} exited ${result.code} with: ${output.trim().slice(0, 200)}`;
  }

  beforeAll(async () => {
    await requireToolboxImage();
    container = await dockerOk([
      'run',
      '-d',
      '--rm',
      '--network',
      'none',
      '--label',
      testLabel,
      toolboxImage,
    ]);
  }, 60_000);

  afterAll(async () => {
    if (container) await docker(['rm', '-f', container]);
  });

  it('has every Debian package that the seed list and the additions map to', async () => {
    const wanted = [...new Set([...seedPackages, ...additions].flatMap((entry) => entry.debian))];
    const result = await exec(['dpkg-query', '-W', '-f', '${Package} ${db:Status-Status}\n', ...wanted]);
    const installed = new Set(
      result.stdout
        .split('\n')
        .filter((line) => line.endsWith(' installed'))
        .map((line) => line.split(' ')[0]),
    );
    expect(wanted.filter((name) => !installed.has(name))).toEqual([]);
  });

  it.each(
    seedPackages.filter((entry) => entry.probe !== undefined).map((entry) => [entry.seed, entry.probe]),
  )(
    "runs the seed's %s (or its Debian stand-in) with the probe %s",
    async (_seed, probe) => {
      expect(await probeFails(probe as string)).toBeUndefined();
    },
    30_000,
  );

  it.each(additions.map((entry) => [entry.seed, entry.probe]))(
    'runs the addition %s with the probe %s',
    async (_what, probe) => {
      expect(await probeFails(probe as string)).toBeUndefined();
    },
  );

  it('holds calicoctl and ctop exactly when the build was given their versions', async () => {
    const labels = JSON.parse(
      await dockerOk(['image', 'inspect', toolboxImage, '--format', '{{json .Config.Labels}}']),
    ) as Record<string, string>;
    for (const entry of seedPackages.filter((candidate) => candidate.optionalBinary !== undefined)) {
      const binary = entry.optionalBinary as string;
      const builtWith = labels[`io.netshoot-bot.${binary}`] ?? '';
      const present = (await exec(['test', '-x', `/usr/local/bin/${binary}`])).code === 0;
      expect({ binary, present }).toEqual({ binary, present: builtWith !== '' });
    }
  });

  it('runs the program of every catalogue command that runs in the toolbox', async () => {
    const problems: string[] = [];
    for (const command of commands) {
      if (!isTwoParty(command) && command.runsIn === 'api') continue; // stats asks the API
      for (const program of await programsOf(command)) {
        // calicoctl and ctop are checked above: only builds with the extras stage hold them.
        if (seedPackages.some((entry) => entry.optionalBinary === program)) continue;
        const problem = await probeFails(program);
        if (problem) problems.push(`${command.name}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it("agrees with image/README.md's table of seed packages and Debian names", () => {
    const table = readmeSeedTable();
    expect([...table.keys()]).toEqual(seedPackages.map((entry) => entry.seed));
    for (const entry of seedPackages)
      expect([entry.seed, table.get(entry.seed)]).toEqual([entry.seed, entry.debian]);
  });

  it('shows the banner to an interactive shell on a terminal, and never in a command’s output', async () => {
    const atTerminal = await docker(['exec', '-t', container, 'bash', '-ic', 'true']);
    expect(atTerminal.stdout).toContain('Welcome to Netshoot!');
    for (const argv of [
      ['bash', '-ic', 'dig -v'],
      ['bash', '-lc', 'dig -v'],
      ['zsh', '-ic', 'true'],
      ['dig', '-v'],
    ]) {
      const result = await exec(argv);
      expect({ argv, banner: `${result.stdout}${result.stderr}`.includes('Welcome to Netshoot') }).toEqual({
        argv,
        banner: false,
      });
    }
  });
});
