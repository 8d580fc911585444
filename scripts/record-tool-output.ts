import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createNetnsRig, type NetnsRig } from '../test/harness/rig/netns-rig.js';
import type { RecordedMeta, RecordingCase, RigFacts, RigStep } from '../test/fixtures/record/recording.js';
import { toolboxImage } from '../test/integration/image/toolbox-container.js';
import { waitFor } from '../test/harness/wait-for.js';

// `npx tsx scripts/record-tool-output.ts [NAME-PREFIX ...]`, as root, after `scripts/test --provision`:
// re-records the real tools' outputs that the summaries' and golden tests read (issue 13). Each case
// (test/fixtures/record/cases-*.ts) runs in the netns rig's client namespace, with the host's tools
// or the toolbox image's (`docker run --privileged ... ip netns exec`), against the rig's server.
// Then `UPDATE_GOLDEN=1 npx jest test/unit/format/golden.test.ts` re-renders the golden messages.

const root = fileURLToPath(new URL('..', import.meta.url));
const outputDir = join(root, 'test/fixtures/tool-output');
const casesDir = join(root, 'test/fixtures/record');
/** No case runs longer than this, whatever it asks: a hung tool must not hang the recording. */
const caseLimitMs = 60_000;

async function loadCases(): Promise<RecordingCase[]> {
  const files = readdirSync(casesDir).filter((file) => /^cases-.*\.ts$/.test(file));
  const cases: RecordingCase[] = [];
  for (const file of files.sort()) {
    const module = (await import(pathToFileURL(join(casesDir, file)).href)) as { cases: RecordingCase[] };
    cases.push(...module.cases);
  }
  return cases;
}

function factsOf(rig: NetnsRig): RigFacts {
  const prefix = rig.server.address.split('.').slice(0, 3).join('.');
  return {
    client: rig.client.address,
    server: rig.server.address,
    db: rig.dbName,
    httpPort: String(rig.httpPort),
    openPort: String(rig.openTcpPort),
    closedPort: String(rig.closedTcpPort),
    silent: `${prefix}.99`,
    clientInterface: rig.client.interface,
    serverInterface: rig.server.interface,
  };
}

function fill(text: string, facts: RigFacts): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.hasOwn(facts, key) ? facts[key as keyof RigFacts] : whole,
  );
}

interface Captured {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
}

/** Runs argv to its end (or SIGINT after `stopAfterMs`, SIGKILL at the case limit); never a shell. */
function capture(argv: readonly string[], stopAfterMs?: number): Promise<Captured> {
  const [file, ...args] = argv;
  const started = performance.now();
  const child = spawn(file ?? 'false', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const stop = stopAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGINT'), stopAfterMs);
  const limit = setTimeout(() => child.kill('SIGKILL'), caseLimitMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      clearTimeout(stop);
      clearTimeout(limit);
      resolve({ stdout, stderr, exitCode, signal, durationMs: Math.round(performance.now() - started) });
    });
  });
}

/** The argv that runs `argv` in `namespace`: with the host's tools, or the image's. */
function inNamespace(namespace: string, argv: readonly string[], place: RecordingCase['place']): string[] {
  const netnsExec = ['ip', 'netns', 'exec', namespace, ...argv];
  if (place === 'rig') return netnsExec;
  // The image's own binaries, in the rig's namespace: /run/netns holds the namespace, /etc/netns its resolv.conf.
  return [
    'docker',
    'run',
    '--rm',
    // Not --privileged, which this machine's runtime refuses: the capabilities `ip netns exec` and the tools need.
    ...['--cap-add', 'SYS_ADMIN', '--cap-add', 'NET_ADMIN', '--cap-add', 'NET_RAW'],
    ...['--security-opt', 'apparmor=unconfined', '--security-opt', 'seccomp=unconfined'],
    '--network',
    'none',
    '-v',
    '/run/netns:/run/netns',
    '-v',
    '/etc/netns:/etc/netns:ro',
    '--entrypoint',
    'ip',
    toolboxImage,
    'netns',
    'exec',
    namespace,
    ...argv,
  ];
}

/** Runs a setup or cleanup step to its end; one that fails stops the recording, saying which. */
async function runStep(rig: NetnsRig, step: RigStep, facts: RigFacts): Promise<void> {
  const argv = step.argv.map((word) => fill(word, facts));
  const namespace = step.in === 'client' ? rig.client.name : rig.server.name;
  const done = await capture(step.in === 'host' ? argv : inNamespace(namespace, argv, 'rig'));
  if (done.exitCode !== 0) throw new Error(`${argv.join(' ')} in ${step.in}: ${done.stderr.trim()}`);
}

/**
 * Runs each step in the client namespace to its end. A step that fails is said and the next runs: some
 * fail on purpose (a ping to the silent address leaves a FAILED neighbour); read the fixture.
 */
async function runSteps(
  rig: NetnsRig,
  steps: readonly (readonly string[])[],
  facts: RigFacts,
): Promise<void> {
  for (const step of steps) {
    const argv = step.map((word) => fill(word, facts));
    const done = await capture(inNamespace(rig.client.name, argv, 'rig'));
    if (done.exitCode !== 0) {
      console.warn(`  step ${argv.join(' ')} exited ${done.exitCode ?? done.signal} ${done.stderr.trim()}`);
    }
  }
}

/** Polls `ss` until every `protocol:port` listens in the client namespace; bounded, says what never came. */
async function waitForClientListeners(rig: NetnsRig, wanted: readonly string[]): Promise<void> {
  if (wanted.length === 0) return;
  const deadline = performance.now() + 10_000;
  for (;;) {
    const { stdout } = await capture(inNamespace(rig.client.name, ['ss', '-Hltun'], 'rig'));
    const missing = wanted.filter((entry) => {
      const [protocol, port] = entry.split(':');
      return !stdout
        .split('\n')
        .some((line) => line.startsWith(protocol ?? '') && line.includes(`:${port} `));
    });
    if (missing.length === 0) return;
    if (performance.now() > deadline)
      throw new Error(`never listening in the client namespace: ${missing.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Polls `argv` in the client namespace until its stdout matches; bounded, says what never came. */
async function waitUntil(rig: NetnsRig, until: RecordingCase['waitUntil'], facts: RigFacts): Promise<void> {
  if (!until) return;
  const argv = until.argv.map((word) => fill(word, facts));
  const deadline = performance.now() + 20_000;
  for (;;) {
    const { stdout } = await capture(inNamespace(rig.client.name, argv, 'rig'));
    if (new RegExp(fill(until.matches, facts)).test(stdout)) return;
    if (performance.now() > deadline) throw new Error(`${argv.join(' ')} never printed /${until.matches}/`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function record(rig: NetnsRig, recording: RecordingCase): Promise<void> {
  const facts = factsOf(rig);
  try {
    for (const step of recording.setup ?? []) await runStep(rig, step, facts);
  } catch (error) {
    // What the setup made before it failed is undone as far as it goes; the first error is the one to read.
    for (const step of recording.cleanup ?? []) await runStep(rig, step, facts).catch(() => undefined);
    throw error;
  }
  const argv = recording.argv.map((word) => fill(word, facts));
  const server = recording.serverSide
    ? spawn('ip', ['netns', 'exec', rig.server.name, ...recording.serverSide.map((w) => fill(w, facts))], {
        stdio: 'ignore',
      })
    : undefined;
  const clientSide: ReturnType<typeof spawn>[] = [];
  try {
    if (recording.serverListens) await waitForListener(rig.server.name, recording.serverListens);
    await runSteps(rig, recording.clientSetup ?? [], facts);
    for (const side of recording.clientSide ?? []) {
      const words = side.map((w) => fill(w, facts));
      clientSide.push(spawn('ip', ['netns', 'exec', rig.client.name, ...words], { stdio: 'ignore' }));
    }
    await waitForClientListeners(rig, recording.clientListening ?? []);
    for (const side of recording.clientLater ?? []) {
      const words = side.map((w) => fill(w, facts));
      clientSide.push(spawn('ip', ['netns', 'exec', rig.client.name, ...words], { stdio: 'ignore' }));
    }
    await waitUntil(rig, recording.waitUntil, facts);
    const running = capture(inNamespace(rig.client.name, argv, recording.place), recording.stopAfterMs);
    const alongside = recording.alongside
      ? await capture(
          inNamespace(
            rig.client.name,
            recording.alongside.map((w) => fill(w, facts)),
            'rig',
          ),
        )
      : undefined;
    const captured = await running;
    void alongside;
    const meta: RecordedMeta = {
      tool: recording.tool ?? argv[0] ?? '',
      request: fill(recording.request, facts),
      argv,
      exitCode: captured.exitCode,
      signal: captured.signal,
      durationMs: captured.durationMs,
      capturedOn:
        (recording.place === 'rig'
          ? 'netns rig (test/harness/rig), the host tools'
          : `netns rig (test/harness/rig), the tools of ${toolboxImage}`) +
        (recording.note ? `; ${recording.note}` : ''),
      rig: { client: facts.client, server: facts.server },
      ...(recording.noSummary ? { noSummary: true } : {}),
    };
    writeFileSync(join(outputDir, `${recording.name}.stdout`), captured.stdout);
    writeFileSync(join(outputDir, `${recording.name}.stderr`), captured.stderr);
    writeFileSync(join(outputDir, `${recording.name}.meta.json`), `${JSON.stringify(meta, null, 2)}\n`);
    console.log(`${recording.name}: exit ${captured.exitCode ?? captured.signal}, ${captured.durationMs} ms`);
  } finally {
    server?.kill('SIGKILL');
    for (const side of clientSide) side.kill('SIGKILL');
    await runSteps(rig, recording.clientTeardown ?? [], facts);
    for (const step of recording.cleanup ?? []) await runStep(rig, step, facts);
  }
}

/** Polls `ss` in `namespace` until `protocol:port` (tcp:8443) listens; bounded. */
async function waitForListener(namespace: string, wanted: string): Promise<void> {
  const [protocol = 'tcp', port = ''] = wanted.split(':');
  await waitFor(
    async () => {
      const listing = await capture(['ip', 'netns', 'exec', namespace, 'ss', '-Hltun']);
      return listing.stdout
        .split('\n')
        .some((line) => line.startsWith(protocol) && new RegExp(`:${port}\\s`).test(line));
    },
    { what: `the case's server listening on ${wanted} in ${namespace}`, everyMs: 100 },
  );
}

const prefixes = process.argv.slice(2);
const chosen = (await loadCases()).filter(
  (recording) => prefixes.length === 0 || prefixes.some((prefix) => recording.name.startsWith(prefix)),
);
if (chosen.length === 0) {
  console.error(`no case matches ${prefixes.join(' ')}`);
  process.exit(2);
}
const rig = await createNetnsRig();
try {
  for (const recording of chosen) await record(rig, recording);
} finally {
  await rig.teardown();
}
