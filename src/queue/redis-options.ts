import type { ClusterNode, RedisOptions } from 'ioredis';
import { InvalidInputError } from '../errors.js';

/**
 * Where Redis is, read from REDIS_URL (docs/operations.md, "Redis"):
 * - `redis://[user:pass@]host:port/db`, `rediss://...` (TLS): one server;
 * - `redis+sentinel://[user:pass@]host:26379,host:26379/mastername[/db]`: the master that the Sentinels
 *   name, found again after a failover (ioredis asks the Sentinels); `rediss+sentinel://` for TLS to
 *   both; `?sentinelPassword=...` when the Sentinels want a password of their own;
 * - `redis+cluster://[user:pass@]host:7000,host:7001`: a Redis Cluster, from any of its nodes.
 * A one-server place and a Sentinel place are both one ioredis `Redis` (BullMQ takes its options as they
 * are); a Cluster place is an ioredis `Cluster`, which BullMQ takes as an instance.
 */
export type RedisPlace =
  | { readonly kind: 'server' | 'sentinel'; readonly options: RedisOptions }
  | { readonly kind: 'cluster'; readonly nodes: ClusterNode[]; readonly options: RedisOptions };

const multiHost = /^(rediss?)\+(sentinel|cluster):\/\/(?:([^@/]*)@)?([^/?#]+)(\/[^?#]*)?(\?[^#]*)?$/;

export function parseRedisUrl(url: string): RedisPlace {
  const several = multiHost.exec(url);
  if (!several) return { kind: 'server', options: serverOptions(url) };
  const [, scheme, kind, userinfo, hosts, path = '', query = ''] = several;
  const tls = scheme === 'rediss' ? { tls: {} } : {};
  const nodes = (hosts ?? '')
    .split(',')
    .map((host) => hostAndPort(host, url, kind === 'sentinel' ? 26379 : 6379));
  const auth = credentialsOf(userinfo);
  const segments = path.split('/').filter(Boolean);
  if (kind === 'cluster') {
    // A Cluster has database 0 only: a path would be ignored by Redis, so it is refused here.
    if (segments.length > 0 && !(segments.length === 1 && segments[0] === '0')) {
      throw badUrl(url, 'a Redis Cluster has database 0 only: write no path after the nodes');
    }
    return { kind: 'cluster', nodes, options: { ...auth, ...tls } };
  }
  const [name, db = '0', ...rest] = segments;
  if (name === undefined || rest.length > 0 || !/^\d+$/.test(db)) {
    throw badUrl(
      url,
      'write the master name the Sentinels watch, and optionally a database: /mymaster or /mymaster/0',
    );
  }
  const sentinelPassword = new URLSearchParams(query.slice(1)).get('sentinelPassword');
  return {
    kind: 'sentinel',
    options: {
      sentinels: nodes,
      name: decodeURIComponent(name),
      db: Number(db),
      ...auth,
      ...(sentinelPassword ? { sentinelPassword } : {}),
      ...(scheme === 'rediss' ? { tls: {}, sentinelTLS: {}, enableTLSForSentinelMode: true } : {}),
    },
  };
}

/** REDIS_URL's check (src/config/env.ts): one of the forms above, that parses. */
export function isRedisUrl(url: string): boolean {
  if (!/^rediss?(\+(sentinel|cluster))?:\/\//.test(url)) return false;
  try {
    parseRedisUrl(url);
    return true;
  } catch {
    // dropped: the variable's own fix sentence says what to write instead.
    return false;
  }
}

/**
 * ioredis options from a one-server `redis://[user:pass@]host:port/db` URL. `failFast` is for
 * producers: with no offline queue, a command sent while Redis is down fails at once instead of waiting,
 * so the user hears "could not queue" and the job is not silently accepted later.
 */
export function redisOptionsFromUrl(url: string, { failFast = false } = {}): RedisOptions {
  const place = parseRedisUrl(url);
  if (place.kind === 'cluster') {
    throw badUrl(url, 'this part of netshoot-bot takes one server or Sentinel, not a Cluster');
  }
  return { ...place.options, ...(failFast ? failFastOptions : {}) };
}

/** A command sent while Redis is away fails at once (see redisOptionsFromUrl). */
export const failFastOptions = { enableOfflineQueue: false, maxRetriesPerRequest: 1 } as const;

/** Where a place is, in words for an error: never its password. */
export function describePlace(place: RedisPlace): string {
  const list = (nodes: readonly ClusterNode[]) =>
    nodes.map((node) => (typeof node === 'object' ? `${node.host}:${node.port}` : String(node))).join(',');
  switch (place.kind) {
    case 'server':
      return `${place.options.host ?? '127.0.0.1'}:${place.options.port ?? 6379}`;
    case 'sentinel':
      return `master '${place.options.name}' of Sentinels ${list(place.options.sentinels ?? [])}`;
    case 'cluster':
      return `Cluster ${list(place.nodes)}`;
  }
}

function serverOptions(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badUrl(
      url,
      'write redis://host:6379, redis+sentinel://host:26379/mymaster or redis+cluster://host:7000',
    );
  }
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    db,
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

function credentialsOf(userinfo: string | undefined): { username?: string; password?: string } {
  if (!userinfo) return {};
  const colon = userinfo.indexOf(':');
  const username = decodeURIComponent(colon < 0 ? userinfo : userinfo.slice(0, colon));
  const password = colon < 0 ? '' : decodeURIComponent(userinfo.slice(colon + 1));
  return { ...(username ? { username } : {}), ...(password ? { password } : {}) };
}

/** `host:port`, `[v6]:port` or `host` (the default port). */
function hostAndPort(text: string, url: string, defaultPort: number): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(text);
  if (!match)
    throw badUrl(url, `'${text}' is not host:port; separate the nodes with commas: host1:26379,host2:26379`);
  const port = match[3] === undefined ? defaultPort : Number(match[3]);
  if (port < 1 || port > 65535) throw badUrl(url, `port ${port} of '${text}' is not 1 to 65535`);
  return { host: (match[1] ?? match[2])!, port };
}

/** The URL may carry a password: the message names the form, not the value. */
function badUrl(url: string, fix: string): InvalidInputError {
  const scheme = /^[a-z+]+:/i.exec(url)?.[0] ?? 'REDIS_URL';
  return new InvalidInputError(`REDIS_URL (${scheme}//...) is not a Redis place netshoot-bot can use`, [fix]);
}
