import type { Measure, Summarizer, Summary } from '../summary.js';
import { plural } from './json.js';

/** The bot's own `stats` table (src/executors/docker/container-stats.ts, kubernetes-stats.ts). */
interface Row {
  readonly name: string;
  readonly state: string;
  readonly cpu?: number;
  readonly memory: string;
  readonly memoryUsed?: number;
  readonly memoryLimit?: number;
}

const units: Record<string, number> = {
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ki: 1024,
};

/** "440.0KiB" -> bytes; undefined for what is not a size. */
function bytesOf(size: string | undefined): number | undefined {
  const match = /^([\d.]+)\s*([KMGT]i?B?|B)$/.exec(size?.trim() ?? '');
  if (!match) return undefined;
  return Number(match[1]) * (units[match[2] ?? 'B'] ?? 1);
}

/** Memory this close to its limit gets a container OOM-killed at the next peak. */
const memoryNearLimit = 0.9;

/**
 * Docker's table (NAME ... CPU "28.8%", MEM "440.0KiB / 23.5GiB") or Kubernetes' (CONTAINER or POD,
 * STATE or PHASE, CPU(m) in millicores, MEMORY(Mi)).
 */
function readTable(text: string): Row[] | undefined {
  const lines = text.split('\n').filter((line) => line.trim() !== '' && !/^\(.*not shown.*\)$/.test(line));
  const header = lines[0]?.split(/\s{2,}/);
  if (!header || !['NAME', 'CONTAINER', 'POD'].includes(header[0] ?? '')) return undefined;
  const at = (...names: string[]) => header.findIndex((title) => names.includes(title));
  const stateAt = at('STATE', 'PHASE');
  const cpuAt = at('CPU', 'CPU(m)');
  const memAt = at('MEM', 'MEMORY(Mi)');
  const millicores = header[cpuAt] === 'CPU(m)';
  const mebibytes = header[memAt] === 'MEMORY(Mi)';
  return lines.slice(1).map((line) => {
    const cells = line.split(/\s{2,}/);
    const memory = (cells[memAt] ?? '').trim();
    const [used, limit] = mebibytes
      ? [Number.parseFloat(memory) * 1024 ** 2, undefined]
      : memory.split('/').map((part) => bytesOf(part));
    const cpu = Number.parseFloat(cells[cpuAt] ?? '');
    return {
      name: cells[0] ?? '',
      state: stateAt >= 0 ? (cells[stateAt] ?? '') : '',
      // Millicores as percent of one CPU, as docker says it: 250m is 25%.
      ...(Number.isFinite(cpu) ? { cpu: millicores ? cpu / 10 : cpu } : {}),
      memory: mebibytes ? `${memory} MiB` : memory,
      ...(used !== undefined && Number.isFinite(used) ? { memoryUsed: used } : {}),
      ...(limit ? { memoryLimit: limit } : {}),
    };
  });
}

/** `stats`: the top consumers of CPU and memory; a container restarting, dead or near its memory limit. */
export const summarizeStats: Summarizer = (result): Summary | undefined => {
  if (result.exitCode !== 0) return undefined;
  if (result.stdout.trim() === 'no containers') return { tone: 'ok', headline: 'no containers', facts: [] };
  const rows = readTable(result.stdout);
  if (!rows || rows.length === 0) return undefined;
  const troubled = rows.filter((row) =>
    ['restarting', 'dead', 'CrashLoopBackOff', 'OOMKilled'].includes(row.state),
  );
  const nearLimit = rows.filter(
    (row) =>
      row.memoryUsed !== undefined &&
      row.memoryLimit !== undefined &&
      row.memoryUsed >= row.memoryLimit * memoryNearLimit,
  );
  const byCpu = [...rows].filter((row) => row.cpu !== undefined).sort((a, b) => (b.cpu ?? 0) - (a.cpu ?? 0));
  const byMemory = [...rows]
    .filter((row) => row.memoryUsed !== undefined)
    .sort((a, b) => (b.memoryUsed ?? 0) - (a.memoryUsed ?? 0));
  const busiest = byCpu[0];
  const biggest = byMemory[0];
  const more = /^\((\d+) more not shown\)$/m.exec(result.stdout)?.[1];
  const sortedBy = result.argv[result.argv.indexOf('--sort') + 1];
  const cpuFact = busiest ? `busiest ${busiest.name} ${busiest.cpu}% CPU` : undefined;
  const memoryFact = biggest ? `most memory ${biggest.name} ${biggest.memory}` : undefined;
  const [lead, second] = sortedBy === 'memory' ? [memoryFact, cpuFact] : [cpuFact, memoryFact];
  return {
    tone: troubled.length > 0 || nearLimit.length > 0 ? 'degraded' : 'ok',
    headline: [
      plural(rows.length + Number(more ?? 0), 'container'),
      ...(lead ? [lead] : []),
      ...(troubled.length > 0 ? [troubled.map((row) => `${row.name} ${row.state}`).join(', ')] : []),
    ].join(', '),
    facts: [
      ...(second ? [second] : []),
      ...nearLimit.map(
        (row) => `${row.name} is near its memory limit (${row.memory}): the next peak is an OOM kill`,
      ),
      ...(more ? [`${more} more not shown (--limit)`] : []),
    ],
    measures: rows.flatMap((row): Measure[] => [
      ...(row.cpu !== undefined
        ? [{ key: `cpu.${row.name}`, label: `${row.name} CPU`, value: row.cpu, unit: '%' }]
        : []),
      ...(row.memoryUsed !== undefined
        ? [
            {
              key: `memory.${row.name}`,
              label: `${row.name} memory`,
              value: Math.round((row.memoryUsed / 1024 ** 2) * 10) / 10,
              unit: 'MiB',
            },
          ]
        : []),
      ...(row.state ? [{ key: `state.${row.name}`, label: `${row.name} state`, value: row.state }] : []),
    ]),
  };
};
