import type Docker from 'dockerode';
import {
  blockIoOf,
  cpuPercentOf,
  formatStatsTable,
  memoryUsedOf,
} from '../../../../src/executors/docker/container-stats.js';

/** The fields of a Docker stats reading that the snapshot uses, shaped as the engine sends them. */
function reading(fields: {
  total: number;
  system: number;
  preTotal: number;
  preSystem: number;
  cpus: number;
  usage: number;
  cache: Record<string, number>;
}): Docker.ContainerStats {
  return {
    cpu_stats: {
      cpu_usage: { total_usage: fields.total },
      system_cpu_usage: fields.system,
      online_cpus: fields.cpus,
    },
    precpu_stats: {
      cpu_usage: { total_usage: fields.preTotal },
      system_cpu_usage: fields.preSystem,
      online_cpus: fields.cpus,
    },
    memory_stats: { usage: fields.usage, limit: 1024, stats: fields.cache },
  } as unknown as Docker.ContainerStats;
}

describe('the stats snapshot arithmetic', () => {
  it('computes CPU percent the way docker stats does: container share of system time times CPUs', () => {
    const stats = reading({
      total: 300,
      system: 2000,
      preTotal: 100,
      preSystem: 1000,
      cpus: 2,
      usage: 0,
      cache: {},
    });
    expect(cpuPercentOf(stats)).toBe(40);
  });

  it('reports zero CPU for a first reading with no earlier sample', () => {
    const stats = reading({
      total: 300,
      system: 2000,
      preTotal: 0,
      preSystem: 0,
      cpus: 2,
      usage: 0,
      cache: {},
    });
    expect(cpuPercentOf({ ...stats, precpu_stats: { ...stats.precpu_stats, system_cpu_usage: 2000 } })).toBe(
      0,
    );
  });

  it('leaves the page cache out of memory, on cgroup v1 and v2', () => {
    expect(
      memoryUsedOf(
        reading({
          total: 0,
          system: 0,
          preTotal: 0,
          preSystem: 0,
          cpus: 1,
          usage: 1000,
          cache: { total_inactive_file: 300 },
        }),
      ),
    ).toBe(700);
    expect(
      memoryUsedOf(
        reading({
          total: 0,
          system: 0,
          preTotal: 0,
          preSystem: 0,
          cpus: 1,
          usage: 1000,
          cache: { inactive_file: 100 },
        }),
      ),
    ).toBe(900);
  });

  const web = {
    id: 'abc',
    name: 'web',
    state: 'running',
    cpuPercent: 12.5,
    memoryBytes: 5 * 1024 * 1024,
    memoryLimitBytes: 1024 ** 3,
    netRxBytes: 2048,
    netTxBytes: 10,
    blockReadBytes: 4096,
    blockWriteBytes: 0,
    pids: 3,
  };

  it('lays out one aligned line per container with human units', () => {
    expect(formatStatsTable([web]).split('\n')).toEqual([
      'NAME  CID  STATE    CPU    MEM              NET RX/TX     IO R/W       PIDS',
      'web   abc  running  12.5%  5.0MiB / 1.0GiB  2.0KiB / 10B  4.0KiB / 0B  3',
    ]);
  });

  it('says how many containers the limit left out', () => {
    expect(formatStatsTable([web], 3).split('\n').at(-1)).toBe('(2 more not shown)');
  });

  it('adds up block reads and writes of every device, in cgroup v1 and v2 spelling', () => {
    const stats = {
      blkio_stats: {
        io_service_bytes_recursive: [
          { major: 8, minor: 0, op: 'Read', value: 100 },
          { major: 8, minor: 16, op: 'read', value: 50 },
          { major: 8, minor: 0, op: 'Write', value: 7 },
          { major: 8, minor: 0, op: 'Total', value: 107 },
        ],
      },
    } as unknown as Docker.ContainerStats;
    expect(blockIoOf(stats)).toEqual({ blockReadBytes: 150, blockWriteBytes: 7 });
  });

  it('says so when there is nothing to show', () => {
    expect(formatStatsTable([])).toBe('no containers');
  });
});
