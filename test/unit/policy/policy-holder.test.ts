import { mkdir, mkdtemp, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInThisContext } from 'node:vm';
import { pino } from 'pino';
import { startPolicyHolder, type PolicyHolder } from '../../../src/policy/policy-holder.js';
import { PolicyFileError } from '../../../src/policy/load-policy.js';
import { waitFor } from '../../harness/wait-for.js';

/** A policy with one rule, named so that a test can tell which file is in force. */
const policyNamed = (name: string) =>
  `version: 1\nrules:\n  - name: ${name}\n    effect: allow\n    who: { everyone: true }\n    tools: [read]\n`;

interface LogLine {
  level: number;
  msg: string;
  err?: string;
  reason?: string;
}

let dir: string;
let holder: PolicyHolder | undefined;
let lines: LogLine[];
const logger = () =>
  pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
/**
 * The real process: jest's sandbox gives tests a copy of `process` whose signal listeners the kernel's
 * SIGHUP never reaches (it would kill the test run). Code run in Node's own realm sees the real one.
 */
const nodeProcess = runInThisContext('process') as NodeJS.Process;
async function replaceFile(path: string, text: string): Promise<void> {
  await writeFile(`${path}.new`, text);
  await rename(`${path}.new`, path);
}
const ruleInForce = () => holder?.current().rules[0]?.name;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'netshoot-policy-holder-'));
  lines = [];
});
afterEach(async () => {
  holder?.close();
  holder = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('startPolicyHolder', () => {
  it('holds the built-in policy without a path', async () => {
    holder = await startPolicyHolder(undefined, logger());
    expect(holder.current().source).toBe('built-in');
    expect(holder.status()).toMatchObject({ source: 'built-in' });
    expect(holder.status().reloadError).toBeUndefined();
  });

  it('throws the file error at start when the file does not load, so the bot stops', async () => {
    const path = join(dir, 'policy.yaml');
    await writeFile(path, 'version: 1\nrules: []\n');
    await expect(startPolicyHolder(path, logger())).rejects.toThrow(PolicyFileError);
    await expect(startPolicyHolder(join(dir, 'absent.yaml'), logger())).rejects.toThrow(/no such file/);
  });

  it('reloads when the file is rewritten in place', async () => {
    const path = join(dir, 'policy.yaml');
    await writeFile(path, policyNamed('first'));
    holder = await startPolicyHolder(path, logger(), { debounceMs: 20 });
    expect(ruleInForce()).toBe('first');
    await writeFile(path, policyNamed('second'));
    await waitFor(() => ruleInForce() === 'second', { what: 'the rewritten policy to be in force' });
    expect(lines.find((line) => line.msg === 'policy reloaded')).toMatchObject({
      level: 30,
      reason: 'change',
    });
  });

  it('reloads when a ConfigMap-style ..data symlink is swapped to a new directory', async () => {
    // What kubelet does: files live in a timestamped directory, reached through ..data.
    const mount = join(dir, 'mount');
    await mkdir(join(mount, '..2026_01'), { recursive: true });
    await writeFile(join(mount, '..2026_01', 'policy.yaml'), policyNamed('first'));
    await symlink('..2026_01', join(mount, '..data'));
    await symlink(join('..data', 'policy.yaml'), join(mount, 'policy.yaml'));
    holder = await startPolicyHolder(join(mount, 'policy.yaml'), logger(), { debounceMs: 20 });
    expect(ruleInForce()).toBe('first');

    await mkdir(join(mount, '..2026_02'));
    await writeFile(join(mount, '..2026_02', 'policy.yaml'), policyNamed('second'));
    await symlink('..2026_02', join(mount, '..data_tmp'));
    await rename(join(mount, '..data_tmp'), join(mount, '..data'));
    await rm(join(mount, '..2026_01'), { recursive: true });

    await waitFor(() => ruleInForce() === 'second', { what: 'the policy behind the swapped symlink' });
  });

  it('keeps the last good policy when a reload fails, says so in the log and the status, and clears it on a good one', async () => {
    const path = join(dir, 'policy.yaml');
    await writeFile(path, policyNamed('good'));
    holder = await startPolicyHolder(path, logger(), { debounceMs: 20 });

    // Whole, as editors and kubelet write: a reader never sees it half written.
    await replaceFile(path, 'version: 1\nrules:\n  - name: Bad\n');
    const error = await waitFor(() => holder?.status().reloadError, {
      what: 'the failed reload to show in status()',
    });
    expect(error.message).toMatch(new RegExp(`^${path}:3: rules\\[0\\]`));
    expect(ruleInForce()).toBe('good');
    expect(lines.find((line) => line.level === 50)).toMatchObject({
      msg: 'policy reload failed; the last good policy stays in force',
      err: error.message,
    });

    await writeFile(path, policyNamed('fixed'));
    await waitFor(() => ruleInForce() === 'fixed', { what: 'the fixed policy to be in force' });
    expect(holder.status().reloadError).toBeUndefined();
  });

  it('keeps the last good policy when the file disappears', async () => {
    const path = join(dir, 'policy.yaml');
    await writeFile(path, policyNamed('good'));
    holder = await startPolicyHolder(path, logger(), { debounceMs: 20 });
    await unlink(path);
    const error = await waitFor(() => holder?.status().reloadError, { what: 'the missing file in status()' });
    expect(error.message).toContain('no such file');
    expect(ruleInForce()).toBe('good');
  });

  it('reloads on SIGHUP, and stops listening for it once closed', async () => {
    const path = join(dir, 'policy.yaml');
    await writeFile(path, policyNamed('first'));
    // A debounce longer than any test: only the signal can make this reload happen in time.
    holder = await startPolicyHolder(path, logger(), { debounceMs: 60_000, signals: nodeProcess });
    await writeFile(path, policyNamed('second'));
    process.kill(process.pid, 'SIGHUP');
    await waitFor(() => ruleInForce() === 'second', { what: 'the SIGHUP reload' });
    expect(lines.find((line) => line.msg === 'policy reloaded')).toMatchObject({ reason: 'SIGHUP' });

    const listeners = nodeProcess.listenerCount('SIGHUP');
    holder.close();
    expect(nodeProcess.listenerCount('SIGHUP')).toBe(listeners - 1);
  });

  it('does not change the policy after close', async () => {
    const path = join(dir, 'policy.yaml');
    await writeFile(path, policyNamed('first'));
    holder = await startPolicyHolder(path, logger(), { debounceMs: 20 });
    holder.close();
    await writeFile(path, policyNamed('second'));
    await holder.reload();
    expect(ruleInForce()).toBe('first');
  });
});
