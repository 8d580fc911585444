import { setTimeout as pause } from 'node:timers/promises';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** metrics-server's numbers for some containers, read with one `docker stats --no-stream`. */
export async function containerUsage(
  names: readonly string[],
): Promise<Map<string, { cpu: string; memory: string }>> {
  const usage = new Map<string, { cpu: string; memory: string }>();
  if (names.length === 0) return usage;
  const { stdout } = await run('docker', ['stats', '--no-stream', '--format', '{{json .}}', ...names], {
    timeout: 30_000,
  }).catch(() => ({ stdout: '' }));
  for (const line of stdout.split('\n').filter(Boolean)) {
    const entry = JSON.parse(line) as { Name: string; CPUPerc: string; MemUsage: string };
    // 1 % of one CPU is 10 millicores; metrics-server reports nanocores and kibibytes.
    const nanocores = Math.round(parseFloat(entry.CPUPerc) * 1e7);
    usage.set(entry.Name, {
      cpu: `${nanocores}n`,
      memory: `${Math.round(bytes(entry.MemUsage.split('/')[0]!.trim()) / 1024)}Ki`,
    });
  }
  return usage;
}

/** The host's CPU (over 200 ms) and memory in use, as NodeMetrics reports a node's. */
export async function hostUsage(): Promise<{ cpu: string; memory: string }> {
  const busy = async () => {
    const fields = (await readFile('/proc/stat', 'utf8'))
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.reduce((sum, value) => sum + value, 0);
    return { idle, total };
  };
  const before = await busy();
  // A sampling window, as metrics-server's is: CPU use is a difference over time, not a wait for an event.
  await pause(200);
  const after = await busy();
  const cores =
    (await readFile('/proc/cpuinfo', 'utf8')).split('\n').filter((line) => line.startsWith('processor'))
      .length || 1;
  const share = 1 - (after.idle - before.idle) / Math.max(1, after.total - before.total);
  const meminfo = await readFile('/proc/meminfo', 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(meminfo)?.[1] ?? 0);
  return { cpu: `${Math.round(share * cores * 1e9)}n`, memory: `${kib('MemTotal') - kib('MemAvailable')}Ki` };
}

function bytes(text: string): number {
  const match = /^([\d.]+)\s*([KMGT]?i?B)$/.exec(text);
  if (!match) return 0;
  const factor =
    { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9 }[
      match[2]!
    ] ?? 1;
  return Number(match[1]) * factor;
}
