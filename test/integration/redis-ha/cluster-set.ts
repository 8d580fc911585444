import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { waitFor } from '../../harness/wait-for.js';
import { infoOf, startRedisProcess, stopAll, type RedisProcess } from '../../harness/redis-process.js';

const run = promisify(execFile);

/** A Redis Cluster of three masters, each with one replica, all on 127.0.0.1. */
export interface ClusterSet {
  readonly nodes: readonly RedisProcess[];
  /** REDIS_URL for it: redis+cluster://127.0.0.1:A,127.0.0.1:B,127.0.0.1:C (three nodes are enough to find the rest). */
  readonly url: string;
  /** The node serving `key`'s slot as a master now, as a surviving node sees it. */
  masterOf(key: string, askNode?: RedisProcess): Promise<RedisProcess>;
  stop(): Promise<void>;
}

/**
 * Six redis-server processes in cluster mode, joined by `redis-cli --cluster create` (redis-tools, no
 * network needed). node-timeout 1 s keeps a failover to seconds; production keeps 15 s or so.
 */
export async function startClusterSet(dir: string): Promise<ClusterSet> {
  const nodes: RedisProcess[] = [];
  try {
    for (let i = 0; i < 6; i += 1) {
      nodes.push(
        await startRedisProcess(dir, [
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          'nodes.conf',
          '--cluster-node-timeout',
          '1000',
        ]),
      );
    }
    await run(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...nodes.map((node) => `127.0.0.1:${node.port}`),
        '--cluster-replicas',
        '1',
        '--cluster-yes',
      ],
      { timeout: 30_000 },
    );
    for (const node of nodes) {
      await waitFor(
        async () =>
          (await infoOf(node, 'cluster')).cluster_enabled === '1' && (await clusterState(node)) === 'ok',
        {
          what: `node ${node.port} saying cluster_state:ok`,
          timeoutMs: 30_000,
        },
      );
    }
    // A replica in sync before any failover is asked of it.
    for (const node of nodes) {
      await waitFor(
        async () => {
          const replication = await infoOf(node, 'replication');
          return replication.role === 'master' || replication.master_link_status === 'up';
        },
        { what: `replica ${node.port} in sync with its master`, timeoutMs: 30_000 },
      );
    }
    const set: ClusterSet = {
      nodes,
      url: `redis+cluster://${nodes
        .slice(0, 3)
        .map((node) => `127.0.0.1:${node.port}`)
        .join(',')}`,
      async masterOf(key, askNode) {
        const asked = askNode ?? nodes[0]!;
        const slot = Number(await asked.cli('CLUSTER', 'KEYSLOT', key));
        // CLUSTER NODES: id, ip:port@bus, flags, master id, ping, pong, epoch, link, then slot ranges.
        for (const line of (await asked.cli('CLUSTER', 'NODES')).split(/\r?\n/)) {
          const [, address = '', flags = '', , , , , , ...ranges] = line.split(' ');
          if (!flags.split(',').includes('master') || flags.includes('fail')) continue;
          const serves = ranges.some((range) => {
            const [from, to = from] = range.split('-').map(Number);
            return from !== undefined && to !== undefined && from <= slot && slot <= to;
          });
          const port = Number(address.split('@')[0]!.split(':')[1]);
          const master = nodes.find((node) => node.port === port);
          if (serves && master) return master;
        }
        throw new Error(`no master serves slot ${slot} of ${key}`);
      },
      stop: () => stopAll(nodes),
    };
    return set;
  } catch (error) {
    await stopAll(nodes);
    throw error;
  }
}

export async function clusterState(node: RedisProcess): Promise<string | undefined> {
  const info = await node.cli('CLUSTER', 'INFO');
  return /cluster_state:(\w+)/.exec(info)?.[1];
}
