import type Docker from 'dockerode';
import type { TargetRef } from '../../grammar/target.js';
import { inspectContainer } from './targets/docker-container.js';
import { resolveDockerPlacement } from './targets/docker-target.js';
import { resolveSwarmServiceContainer } from './targets/docker-service.js';
import { descendingBy, renderTable, sortAndLimit, type StatsView } from '../stats-table.js';
import { managedByLabel } from './labels.js';

/** One container's line of what ctop shows, from one `stats` reading of the Docker API. */
export interface ContainerStats {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  /** Percent of one CPU, as `docker stats` reports it (200 = two CPUs busy). */
  readonly cpuPercent: number;
  readonly memoryBytes: number;
  readonly memoryLimitBytes: number;
  readonly netRxBytes: number;
  readonly netTxBytes: number;
  readonly blockReadBytes: number;
  readonly blockWriteBytes: number;
  readonly pids: number;
}

export interface StatsSnapshot {
  readonly takenAt: string;
  /** Sorted and limited as asked. */
  readonly containers: readonly ContainerStats[];
  /** How many there were before the limit. */
  readonly total: number;
  /** A fixed-width table, for the raw output of the run. */
  readonly table: string;
}

/**
 * `stats` (SPEC 3: ctop as a snapshot): for container/ and service/ targets, that container; for
 * host, every container of the engine (running ones, or all with `all`); for network/, the containers
 * on it. The bot's own toolboxes are left out of the lists.
 */
export async function snapshotStats(
  docker: Docker,
  target: TargetRef,
  view: StatsView = {},
): Promise<StatsSnapshot> {
  const ids = await containersOf(docker, target, view.all ?? false);
  const read = await Promise.all(ids.map((id) => readStats(docker, id)));
  const { shown, total } = sortAndLimit(read, byKey[view.sort ?? 'cpu'], view.limit);
  return {
    takenAt: new Date().toISOString(),
    containers: shown,
    total,
    table: formatStatsTable(shown, total),
  };
}

const byName = (stats: ContainerStats): string => stats.name;
const byKey: Record<NonNullable<StatsView['sort']>, (a: ContainerStats, b: ContainerStats) => number> = {
  cpu: descendingBy((stats) => stats.cpuPercent, byName),
  memory: descendingBy((stats) => stats.memoryBytes, byName),
  net: descendingBy((stats) => stats.netRxBytes + stats.netTxBytes, byName),
  io: descendingBy((stats) => stats.blockReadBytes + stats.blockWriteBytes, byName),
};

async function containersOf(docker: Docker, target: TargetRef, all: boolean): Promise<string[]> {
  switch (target.kind) {
    case 'container':
      // The container itself, running or stopped (its state is in the table).
      return [(await inspectContainer(docker, target.name)).Id];
    case 'service':
      return [await resolveSwarmServiceContainer(docker, target.name)];
    case 'network': {
      // Resolved first for the same not-found and wrong-driver errors as every other command.
      const placement = await resolveDockerPlacement(docker, target);
      if (placement.kind !== 'member' && placement.kind !== 'sandbox') return [];
      const network = (await docker.getNetwork(placement.networkId).inspect()) as Docker.NetworkInspectInfo;
      const toolboxes = new Set((await listToolboxes(docker)).map((toolbox) => toolbox.Id));
      return Object.keys(network.Containers ?? {}).filter((id) => !toolboxes.has(id));
    }
    default: {
      const containers = await docker.listContainers({ all });
      return containers
        .filter((container) => !container.Labels[managedByLabel])
        .map((container) => container.Id);
    }
  }
}

function listToolboxes(docker: Docker): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ filters: { label: [managedByLabel] } });
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
    state: info.State.Status,
    cpuPercent: cpuPercentOf(stats),
    memoryBytes: memoryUsedOf(stats),
    memoryLimitBytes: stats.memory_stats?.limit ?? 0,
    netRxBytes: networks.reduce((sum, network) => sum + network.rx_bytes, 0),
    netTxBytes: networks.reduce((sum, network) => sum + network.tx_bytes, 0),
    ...blockIoOf(stats),
    pids: stats.pids_stats?.current ?? 0,
  };
}

/** The docker CLI's formula: this container's CPU time over the system's, in the same interval. */
export function cpuPercentOf(stats: Docker.ContainerStats): number {
  const cpu = stats.cpu_stats;
  const before = stats.precpu_stats;
  if (!cpu?.cpu_usage || !before?.cpu_usage) return 0;
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

/** Bytes read and written by the container's block devices (cgroup v1 `Read`, v2 `read`). */
export function blockIoOf(stats: Docker.ContainerStats): { blockReadBytes: number; blockWriteBytes: number } {
  const entries = (stats.blkio_stats?.io_service_bytes_recursive ?? []) as { op: string; value: number }[];
  const sum = (op: string): number =>
    entries.filter((entry) => entry.op.toLowerCase() === op).reduce((total, entry) => total + entry.value, 0);
  return { blockReadBytes: sum('read'), blockWriteBytes: sum('write') };
}

export function formatStatsTable(containers: readonly ContainerStats[], total = containers.length): string {
  if (containers.length === 0) return 'no containers';
  const header = ['NAME', 'CID', 'STATE', 'CPU', 'MEM', 'NET RX/TX', 'IO R/W', 'PIDS'];
  const rows = containers.map((stats) => [
    stats.name,
    stats.id,
    stats.state,
    `${stats.cpuPercent.toFixed(1)}%`,
    `${bytes(stats.memoryBytes)} / ${bytes(stats.memoryLimitBytes)}`,
    `${bytes(stats.netRxBytes)} / ${bytes(stats.netTxBytes)}`,
    `${bytes(stats.blockReadBytes)} / ${bytes(stats.blockWriteBytes)}`,
    String(stats.pids),
  ]);
  return renderTable(header, rows, total);
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
