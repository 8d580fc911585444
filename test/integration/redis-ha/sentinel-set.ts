import { waitFor } from '../../harness/wait-for.js';
import { infoOf, startRedisProcess, stopAll, type RedisProcess } from '../../harness/redis-process.js';

export const masterName = 'netshoot-test';

/** A master, its replica and three Sentinels (quorum 2) watching them, all on 127.0.0.1. */
export interface SentinelSet {
  readonly master: RedisProcess;
  readonly replica: RedisProcess;
  readonly sentinels: readonly RedisProcess[];
  /** REDIS_URL for it: redis+sentinel://127.0.0.1:A,127.0.0.1:B,127.0.0.1:C/netshoot-test */
  readonly url: string;
  /** The master's port, as the Sentinels say it now. */
  masterPort(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Three Sentinels, not one: with quorum 2 a failover needs two to agree the master is down and a
 * majority to elect the one that promotes, which is how Sentinel is deployed. They cost a few MiB each.
 * down-after 1 s keeps the test short; production keeps Sentinel's default of 30 s or a few seconds.
 */
export async function startSentinelSet(dir: string): Promise<SentinelSet> {
  const started: RedisProcess[] = [];
  try {
    const master = await startRedisProcess(dir, []);
    started.push(master);
    const replica = await startRedisProcess(dir, ['--replicaof', '127.0.0.1', String(master.port)]);
    started.push(replica);
    await waitFor(async () => (await infoOf(replica, 'replication')).master_link_status === 'up', {
      what: 'the replica in sync with the master',
      timeoutMs: 15_000,
    });
    const config = [
      `sentinel monitor ${masterName} 127.0.0.1 ${master.port} 2`,
      `sentinel down-after-milliseconds ${masterName} 1000`,
      `sentinel failover-timeout ${masterName} 10000`,
    ];
    const sentinels: RedisProcess[] = [];
    for (let i = 0; i < 3; i += 1) {
      const sentinel = await startRedisProcess(dir, config, { sentinel: true });
      sentinels.push(sentinel);
      started.push(sentinel);
    }
    // A failover needs each Sentinel to know the replica and the other two (they find each other
    // through the master's hello channel, every 2 s).
    for (const sentinel of sentinels) {
      await waitFor(
        async () => {
          const state = fieldsOf(await sentinel.cli('SENTINEL', 'MASTER', masterName));
          return state['num-slaves'] === '1' && state['num-other-sentinels'] === '2';
        },
        {
          what: `Sentinel ${sentinel.port} knowing the replica and the two other Sentinels`,
          timeoutMs: 30_000,
        },
      );
    }
    return {
      master,
      replica,
      sentinels,
      url: `redis+sentinel://${sentinels.map((each) => `127.0.0.1:${each.port}`).join(',')}/${masterName}`,
      async masterPort() {
        const [, port] = (await sentinels[0]!.cli('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName)).split(
          /\s+/,
        );
        return Number(port);
      },
      stop: () => stopAll(started),
    };
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

/** redis-cli's answer to SENTINEL MASTER: field and value on alternate lines. */
function fieldsOf(text: string): Record<string, string> {
  const lines = text.split(/\r?\n/);
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < lines.length; i += 2) fields[lines[i]!] = lines[i + 1]!;
  return fields;
}
