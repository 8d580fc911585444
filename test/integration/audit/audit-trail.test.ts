import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { readAuditRecords } from '../../../src/audit/audit-reader.js';
import { createAuditTrail } from '../../../src/audit/audit-trail.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import { within } from '../../harness/wait-for.js';

/** A pino logger whose lines the test can read. */
function recordingLogger() {
  const lines: { level: number; msg: string; audit?: Record<string, unknown> }[] = [];
  const logger = pino({ level: 'info' }, { write: (text: string) => void lines.push(JSON.parse(text)) });
  return { logger, lines };
}

/** A port nothing listens on: taken from the kernel, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

describeWith(['redis'], 'the audit trail on Redis', () => {
  let redis: Redis;
  let prefix: string;

  beforeEach(() => {
    redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
    prefix = `t-audit-${randomUUID().slice(0, 8)}`;
  });

  afterEach(async () => {
    await redis.del(`${prefix}:audit`);
    redis.disconnect();
  });

  it('appends each record to the stream and the log, and reads them back in order, filtered', async () => {
    const { logger, lines } = recordingLogger();
    const trail = createAuditTrail(redis, { logger, prefix });
    await trail.record({ event: 'requested', subject: 'U1ALICE', tool: 'tcpdump', channel: 'C1' });
    await trail.record({
      event: 'refused',
      subject: 'U2BOB',
      tool: 'tcpdump',
      rule: 'default',
      reason: 'no rule',
    });
    await trail.record({ event: 'queued', subject: 'U1ALICE', tool: 'dig', rule: 'read-tools', jobId: '1' });
    await trail.record({ event: 'canceled', subject: 'U1ALICE', tool: 'dig', jobId: '1', by: 'U2BOB' });

    expect(await redis.xlen(`${prefix}:audit`)).toBe(4);
    const all = await readAuditRecords(redis, { prefix });
    expect(all.map((record) => [record.event, record.subject, record.tool])).toEqual([
      ['requested', 'U1ALICE', 'tcpdump'],
      ['refused', 'U2BOB', 'tcpdump'],
      ['queued', 'U1ALICE', 'dig'],
      ['canceled', 'U1ALICE', 'dig'],
    ]);
    // Each has its time, and the log line carries the same record.
    expect(all.every((record) => !Number.isNaN(Date.parse(record.at)))).toBe(true);
    expect(lines.filter((line) => line.audit).map((line) => line.audit)).toEqual(all);

    const events = async (query: Parameters<typeof readAuditRecords>[1]) =>
      (await readAuditRecords(redis, { prefix, ...query })).map((record) => record.event);
    expect(await events({ tool: 'tcpdump' })).toEqual(['requested', 'refused']);
    // A user's records: as subject, and what they did to others' jobs (canceled by U2BOB).
    expect(await events({ user: 'U2BOB' })).toEqual(['refused', 'canceled']);
    expect(await events({ user: 'U1ALICE', event: 'queued' })).toEqual(['queued']);
    // The newest N, still newest last.
    expect(await events({ limit: 2 })).toEqual(['queued', 'canceled']);
    expect(await events({ user: 'U1ALICE', limit: 2 })).toEqual(['queued', 'canceled']);
  });

  it('finds the few matching records across many pages of others, newest last', async () => {
    const { logger } = recordingLogger();
    const trail = createAuditTrail(redis, { logger, prefix });
    // More than two of the reader's pages (500 entries each), with a match in each.
    for (let index = 0; index < 1200; index += 1) {
      const tool = index % 300 === 7 ? 'nmap' : 'dig';
      await trail.record({ event: 'requested', subject: 'U1', tool, jobId: String(index) });
    }
    const jobIds = async (query: Parameters<typeof readAuditRecords>[1]) =>
      (await readAuditRecords(redis, { prefix, ...query })).map((record) => record.jobId);
    expect(await jobIds({ tool: 'nmap' })).toEqual(['7', '307', '607', '907']);
    expect(await jobIds({ tool: 'nmap', limit: 2 })).toEqual(['607', '907']);
    expect(await jobIds({ limit: 3 })).toEqual(['1197', '1198', '1199']);
  });

  it('reads only the records appended within --since, by their stream time', async () => {
    const { logger } = recordingLogger();
    const trail = createAuditTrail(redis, { logger, prefix });
    await trail.record({ event: 'requested', subject: 'U1', tool: 'dig' });
    const [[firstId] = []] = await redis.xrange(`${prefix}:audit`, '-', '+');
    const firstMs = Number(String(firstId).split('-')[0]);
    // "Now" as seen by the reader: 10 s after the first record, looking back 5 s, sees nothing;
    // looking back 15 s sees it.
    expect(await readAuditRecords(redis, { prefix, sinceMs: 5000, now: firstMs + 10_000 })).toEqual([]);
    expect(await readAuditRecords(redis, { prefix, sinceMs: 15_000, now: firstMs + 10_000 })).toHaveLength(1);
  });

  it('keeps the stream near its bound, dropping the oldest records first', async () => {
    const { logger } = recordingLogger();
    const trail = createAuditTrail(redis, { logger, prefix, maxRecords: 50 });
    for (let index = 0; index < 600; index += 1) {
      await trail.record({ event: 'requested', subject: 'U1', tool: 'dig', jobId: String(index) });
    }
    // MAXLEN ~ trims whole stream nodes (100 entries each by default): about the bound, never the lot.
    const length = await redis.xlen(`${prefix}:audit`);
    expect(length).toBeGreaterThanOrEqual(50);
    expect(length).toBeLessThanOrEqual(150);
    const kept = await readAuditRecords(redis, { prefix, limit: 1000 });
    expect(kept.at(-1)?.jobId).toBe('599');
    expect(kept.some((record) => record.jobId === '0')).toBe(false);
  });

  /** Records one refusal through a trail on `client` and returns the log lines; record() must resolve. */
  async function recordWith(client: Redis): Promise<ReturnType<typeof recordingLogger>['lines']> {
    const { logger, lines } = recordingLogger();
    const trail = createAuditTrail(client, { logger, prefix, writeTimeoutMs: 500 });
    await within(trail.record({ event: 'refused', subject: 'U1', tool: 'tcpdump', rule: 'default' }), {
      what: 'record() resolving while Redis is away',
      timeoutMs: 5000,
    });
    return lines;
  }

  function expectKeptInTheLog(lines: ReturnType<typeof recordingLogger>['lines']): void {
    const info = lines.find((line) => line.msg === 'audit: refused');
    expect(info?.audit).toMatchObject({ event: 'refused', subject: 'U1', tool: 'tcpdump', rule: 'default' });
    const error = lines.find((line) => line.level === 50);
    expect(error?.msg).toMatch(
      new RegExp(`not in the Redis stream ${prefix}:audit \\(the log line keeps it\\)`),
    );
    expect(error?.audit).toEqual(info?.audit);
  }

  it('never throws when Redis refuses the connection: the log keeps the record and says it is not in the stream', async () => {
    const down = new Redis({
      host: '127.0.0.1',
      port: await closedPort(),
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    down.on('error', () => {
      // Expected: nothing listens there.
    });
    try {
      expectKeptInTheLog(await recordWith(down));
    } finally {
      // Not once ended (it never retries): disconnect() would wait for the close on a 2 s timer.
      if (down.status !== 'end') down.disconnect();
    }
  });

  it('never waits long for a Redis that does not answer: the write is bounded and the log keeps the record', async () => {
    // A server that takes connections and never answers, as a Redis that hangs or fails over: the
    // write goes out and no reply comes.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {
        // The test closes these itself.
      });
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const hung = new Redis({
      host: '127.0.0.1',
      port: (silent.address() as AddressInfo).port,
      lazyConnect: true,
      // Its ready check would wait on the silent server too, and hold a timer after the test.
      enableReadyCheck: false,
    });
    hung.on('error', () => {
      // Expected once the test closes the server.
    });
    try {
      expectKeptInTheLog(await recordWith(hung));
    } finally {
      const ended = once(hung, 'end');
      hung.disconnect();
      // Its close ends the client at once, instead of on ioredis's own timer.
      for (const socket of sockets) socket.destroy();
      await within(ended, { what: 'the client of the silent server ending' });
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('posts one line per record to the audit channel when asked, and a failing post changes nothing', async () => {
    const { logger, lines } = recordingLogger();
    const posted: string[] = [];
    const trail = createAuditTrail(redis, {
      logger,
      prefix,
      postLine: async (line) => {
        posted.push(line);
        if (posted.length === 2) throw new Error('Slack is away');
      },
    });
    await trail.record({
      event: 'queued',
      subject: 'U1ALICE',
      tool: 'tcpdump',
      where: 'pod/web',
      channel: 'C1INCIDENT',
      rule: 'sre-captures',
    });
    await trail.record({ event: 'started', subject: 'U1ALICE', tool: 'tcpdump', jobId: '3' });
    expect(posted).toEqual([
      '🔒 <@U1ALICE> ran tcpdump on pod/web in <#C1INCIDENT>: allowed by sre-captures',
      '▶️ #3 tcpdump started for <@U1ALICE>',
    ]);
    expect(await redis.xlen(`${prefix}:audit`)).toBe(2);
    await within(
      (async () => {
        while (!lines.some((line) => line.msg.startsWith('audit: could not post')))
          await new Promise(setImmediate);
      })(),
      { what: 'the failed post logged' },
    );
  });
});
