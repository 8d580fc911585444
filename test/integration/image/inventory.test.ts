import { commands } from '../../../commands/index.js';
import { isTwoParty } from '../../../src/catalogue/define-command.js';
import { planRequest } from '../../../src/catalogue/plan.js';
import { parseRequest } from '../../../src/grammar/parse-request.js';
import { describeWith } from '../../harness/infrastructure.js';
import { readSeedPackageList } from './seed-list.js';
import { additions, mappingOf, packageMap } from './seed-packages.js';
import { toolProbes } from './tool-probes.js';
import { docker, dockerOk, requireToolboxImage, testLabel, toolboxImage } from './toolbox-container.js';

/**
 * What image/Dockerfile promises, checked in the built image: every package of the seed's list (read
 * from the seed README itself) and of later netshoot releases, or its Debian stand-in, and every
 * program the catalogue runs is there and runs. Probes run in a container with no network at all,
 * so none of them can send anything anywhere.
 */
const seedList = readSeedPackageList();
const beyondSeed = packageMap.filter((entry) => !seedList.includes(entry.name));

/** The programs a catalogue command runs: argv[0] of the plan of its first example. */
async function programsOf(command: (typeof commands)[number]): Promise<string[]> {
  const example = command.examples[0];
  if (example === undefined) throw new Error(`${command.name} has no example`);
  const plan = await planRequest(parseRequest(example, commands), { resolve: () => '198.18.0.10', commands });
  const argvs = plan.kind === 'single' ? [plan.argv] : [plan.server, plan.client];
  return argvs.map((argv) => argv[0] ?? '(empty argv)');
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

  it('has every Debian package that the netshoot lists and the additions map to', async () => {
    const wanted = [...new Set([...packageMap, ...additions].flatMap((entry) => entry.debian))];
    const result = await exec(['dpkg-query', '-W', '-f', '${Package} ${db:Status-Status}\n', ...wanted]);
    const installed = new Set(
      result.stdout
        .split('\n')
        .filter((line) => line.endsWith(' installed'))
        .map((line) => line.split(' ')[0]),
    );
    expect(wanted.filter((name) => !installed.has(name))).toEqual([]);
  });

  // One case per name of the seed's list as the seed README has it today: a name it gains fails here
  // until seed-packages.ts maps it (and seed-list.test.ts until image/README.md does).
  it.each(seedList)(
    "has the seed's %s: its Debian package runs, or Debian has none and its stand-in runs",
    async (name) => {
      const entry = mappingOf(name);
      if (entry === undefined) {
        throw new Error(
          `${name} is not mapped in test/integration/image/seed-packages.ts: map it (image/README.md too)`,
        );
      }
      // Only builds with the extras stage hold these; checked against the image's labels below.
      if (entry.optionalBinary !== undefined) return;
      expect(await probeFails(entry.probe ?? `(no probe for ${name})`)).toBeUndefined();
    },
    30_000,
  );

  it.each(beyondSeed.filter((entry) => entry.probe !== undefined).map((entry) => [entry.name, entry.probe]))(
    'runs %s of later netshoot releases (or its Debian stand-in) with the probe %s',
    async (_name, probe) => {
      expect(await probeFails(probe as string)).toBeUndefined();
    },
    30_000,
  );

  it.each(additions.map((entry) => [entry.name, entry.probe]))(
    'runs the addition %s with the probe %s',
    async (_what, probe) => {
      expect(await probeFails(probe as string)).toBeUndefined();
    },
  );

  it('holds calicoctl and ctop exactly when the build was given their versions', async () => {
    const labels = JSON.parse(
      await dockerOk(['image', 'inspect', toolboxImage, '--format', '{{json .Config.Labels}}']),
    ) as Record<string, string>;
    for (const entry of packageMap.filter((candidate) => candidate.optionalBinary !== undefined)) {
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
      // diagnose runs other commands' programs (dig, ping, nc, curl, openssl, ip, tracepath), probed
      // with those, and getent, cat and stdbuf of Debian's essential libc-bin and coreutils.
      if (!isTwoParty(command) && command.runsIn === 'diagnose') continue;
      for (const program of await programsOf(command)) {
        // calicoctl and ctop are checked above: only builds with the extras stage hold them.
        if (packageMap.some((entry) => entry.optionalBinary === program)) continue;
        const problem = await probeFails(program);
        if (problem) problems.push(`${command.name}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

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
