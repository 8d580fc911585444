import type Docker from 'dockerode';
import type { TargetRef } from '../../grammar/target.js';
import { resolveDockerPlacement } from '../../targets/docker-target.js';
import { managedByLabel } from './labels.js';

/** One container's line of what ctop shows, from one `stats` reading of the Docker API. */
export interface ContainerStats {
  readonly id: string;
  readonly name: string;
  /** Percent of one CPU, as `docker stats` reports it (200 = two CPUs busy). */
  readonly cpuPercent: number;
  readonly memoryBytes: number;
  readonly memoryLimitBytes: number;
  readonly netRxBytes: number;
  readonly netTxBytes: number;
  readonly pids: number;
}

export interface StatsSnapshot {
  readonly takenAt: string;
  readonly containers: readonly ContainerStats[];
  /** A fixed-width table, for the raw output of the run. */
  readonly table: string;
}

/**
 * `stats` (SPEC 3: ctop as a snapshot): for container/ and service/ targets, that container; for
 * host and network/ targets, every running container there (the bot's own toolboxes left out).
 */
export async function snapshotStats(docker: Docker, target: TargetRef): Promise<StatsSnapshot> {
  const ids = await containersOf(docker, target);
  const containers = await Promise.all(ids.map((id) => readStats(docker, id)));
  containers.sort((a, b) => b.cpuPercent - a.cpuPercent || a.name.localeCompare(b.name));
  return { takenAt: new Date().toISOString(), containers, table: formatStatsTable(containers) };
}

async function containersOf(docker: Docker, target: TargetRef): Promise<string[]> {
  if (target.kind === 'network') {
    // Resolved first for the same not-found and wrong-driver errors as every other command.
    const placement = await resolveDockerPlacement(docker, target);
    if (placement.kind !== 'member' && placement.kind !== 'sandbox') return [];
    const network = await docker.getNetwork(placement.networkId).inspect();
    return Object.keys((network as { Containers?: Record<string, unknown> }).Containers ?? {});
  }
  const placement = await resolveDockerPlacement(docker, target);
  if (placement.kind === 'container' && target.kind !== 'host') return [placement.container.id];
  const running = await docker.listContainers();
  return running.filter((container) => !container.Labels[managedByLabel]).map((container) => container.Id);
}

async function readStats(docker: Docker, id: string): Promise<ContainerStats> {
  const container = docker.getContainer(id);
  const [stats, info] = await Promise.all([
    container.stats({ stream: false }) as Promise<Docker.ContainerStats>,
    container.inspect(),
  ]);
  const networks = Object.values(stats.networks ?? {});
  return {
    id: info.Id.slice(0, 12),
    name: info.Name.replace(/^\//, ''),
    cpuPercent: cpuPercentOf(stats),
    memoryBytes: memoryUsedOf(stats),
    memoryLimitBytes: stats.memory_stats?.limit ?? 0,
    netRxBytes: networks.reduce((sum, network) => sum + network.rx_bytes, 0),
    netTxBytes: networks.reduce((sum, network) => sum + network.tx_bytes, 0),
    pids: stats.pids_stats?.current ?? 0,
  };
}

/** The docker CLI's formula: this container's CPU time over the system's, in the same interval. */
export function cpuPercentOf(stats: Docker.ContainerStats): number {
  const cpu = stats.cpu_stats;
  const before = stats.precpu_stats;
  if (!cpu || !before) return 0;
  const containerDelta = cpu.cpu_usage.total_usage - before.cpu_usage.total_usage;
  const systemDelta = (cpu.system_cpu_usage ?? 0) - (before.system_cpu_usage ?? 0);
  const cpus = cpu.online_cpus || cpu.cpu_usage.percpu_usage?.length || 1;
  if (containerDelta <= 0 || systemDelta <= 0) return 0;
  return Math.round((containerDelta / systemDelta) * cpus * 1000) / 10;
}

/** Usage without the page cache, as `docker stats` shows it (cgroup v1 `cache`, v2 `inactive_file`). */
export function memoryUsedOf(stats: Docker.ContainerStats): number {
  const memory = stats.memory_stats;
  if (!memory?.usage) return 0;
  const detail = (memory.stats ?? {}) as Record<string, number | undefined>;
  const cache = detail.total_inactive_file ?? detail.inactive_file ?? detail.cache ?? 0;
  return Math.max(0, memory.usage - cache);
}

export function formatStatsTable(containers: readonly ContainerStats[]): string {
  const header = ['NAME', 'CID', 'CPU', 'MEM', 'NET RX/TX', 'PIDS'];
  const rows = containers.map((stats) => [
    stats.name,
    stats.id,
    `${stats.cpuPercent.toFixed(1)}%`,
    `${bytes(stats.memoryBytes)} / ${bytes(stats.memoryLimitBytes)}`,
    `${bytes(stats.netRxBytes)} / ${bytes(stats.netTxBytes)}`,
    String(stats.pids),
  ]);
  if (rows.length === 0) return 'no running containers';
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function bytes(value: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let unit = 0;
  let scaled = value;
  while (scaled >= 1024 && unit < units.length - 1) {
    scaled /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? scaled : scaled.toFixed(1)}${units[unit]}`;
}
