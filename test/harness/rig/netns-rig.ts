import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from '../wait-for.js';

const run = promisify(execFile);

/** One end of the rig: a named network namespace and its address on the shared link. */
export interface RigNamespace {
  readonly name: string;
  readonly address: string;
  readonly interface: string;
}

/**
 * Two network namespaces joined by a veth pair in 198.18.<octet>.0/24 (inside the test range, away
 * from docker0's 198.18.0.0/24 and the docker pools in 198.19.0.0/16). `server` runs a DNS server for
 * the `test.internal` zone, an HTTP server and a TCP listener; `client` resolves through that DNS
 * server (/etc/netns/<client>/resolv.conf), as a pod resolves through its cluster DNS.
 */
export interface NetnsRig {
  readonly client: RigNamespace;
  readonly server: RigNamespace;
  readonly zone: string;
  /** `db.test.internal`: an A record pointing at the server. */
  readonly dbName: string;
  readonly httpPort: number;
  /** Served by the HTTP server at http://<server>:<httpPort>/hello.txt */
  readonly httpBody: string;
  readonly openTcpPort: number;
  /** Nothing listens here: a connect test gets refused. */
  readonly closedTcpPort: number;
  teardown(): Promise<void>;
}

const prefix = 'nsb-';

/** Builds a rig; if any step fails, whatever was made is removed before the error propagates. */
export async function createNetnsRig(): Promise<NetnsRig> {
  await removeLeftoversOfDeadRuns();
  const octet = 64 + Math.floor(Math.random() * 64);
  const tag = `${prefix}${process.pid}-${octet}`;
  const client: RigNamespace = { name: `${tag}-c`, address: `198.18.${octet}.10`, interface: `nsb${octet}c` };
  const server: RigNamespace = { name: `${tag}-s`, address: `198.18.${octet}.2`, interface: `nsb${octet}s` };
  const children: ChildProcess[] = [];
  const scratch = await mkdtemp(join(tmpdir(), `${tag}-`));
  const httpBody = `hello from ${server.name}\n`;

  const teardown = async () => {
    for (const child of children) {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
    await Promise.all([removeNamespace(client.name), removeNamespace(server.name)]);
    await rm(scratch, { recursive: true, force: true });
  };

  try {
    await ip('netns', 'add', client.name);
    await ip('netns', 'add', server.name);
    await ip(
      'link',
      'add',
      client.interface,
      'netns',
      client.name,
      'type',
      'veth',
      'peer',
      'name',
      server.interface,
      'netns',
      server.name,
    );
    for (const end of [client, server]) {
      await ip('-n', end.name, 'addr', 'add', `${end.address}/24`, 'dev', end.interface);
      await ip('-n', end.name, 'link', 'set', end.interface, 'up');
      await ip('-n', end.name, 'link', 'set', 'lo', 'up');
    }
    await mkdir(join('/etc/netns', client.name), { recursive: true });
    await writeFile(
      join('/etc/netns', client.name, 'resolv.conf'),
      `nameserver ${server.address}\nsearch test.internal\n`,
    );

    await mkdir(join(scratch, 'www'));
    await writeFile(join(scratch, 'www', 'hello.txt'), httpBody);
    children.push(
      inNamespace(server.name, [
        'dnsmasq',
        '--no-daemon',
        '--conf-file=/dev/null',
        '--user=root',
        '--bind-interfaces',
        `--listen-address=${server.address}`,
        '--no-resolv',
        '--no-hosts',
        '--log-queries=extra',
        `--pid-file=${join(scratch, 'dnsmasq.pid')}`,
        // Authoritative for the zone: a name not listed gets NXDOMAIN, not REFUSED.
        '--local=/test.internal/',
        `--address=/db.test.internal/${server.address}`,
        `--address=/web.test.internal/${server.address}`,
      ]),
      inNamespace(server.name, [
        'python3',
        '-m',
        'http.server',
        '8080',
        '--bind',
        server.address,
        '--directory',
        join(scratch, 'www'),
      ]),
      inNamespace(server.name, ['nc', '-lk', '-s', server.address, '-p', '5432']),
    );
    await waitForListeners(server.name, ['udp:53', 'tcp:8080', 'tcp:5432']);
  } catch (error) {
    await teardown();
    throw error;
  }

  return {
    client,
    server,
    zone: 'test.internal',
    dbName: 'db.test.internal',
    httpPort: 8080,
    httpBody,
    openTcpPort: 5432,
    closedTcpPort: 5433,
    teardown,
  };
}

async function ip(...args: string[]): Promise<void> {
  await run('ip', args, { timeout: 10_000 });
}

function inNamespace(namespace: string, argv: string[]): ChildProcess {
  const child = spawn('ip', ['netns', 'exec', namespace, ...argv], { detached: true, stdio: 'ignore' });
  child.on('error', () => {
    // Reported by waitForListeners, which names what did not come up.
  });
  return child;
}

/** Polls `ss` until every `protocol:port` of `wanted` listens in `namespace`; bounded. */
async function waitForListeners(namespace: string, wanted: string[]): Promise<void> {
  await waitFor(
    async () => {
      const { stdout } = await run('ip', ['netns', 'exec', namespace, 'ss', '-Hltun'], { timeout: 5000 });
      return wanted.every((entry) => {
        const [protocol, port] = entry.split(':');
        return stdout
          .split('\n')
          .some((line) => line.startsWith(protocol!) && new RegExp(`:${port}\\s`).test(line));
      });
    },
    { what: `rig services listening in ${namespace}: ${wanted.join(', ')}`, everyMs: 100 },
  );
}

/** Kills what runs inside, then deletes the namespace and its /etc/netns files (the diagnose fault rig too). */
export async function removeNamespace(name: string): Promise<void> {
  // Processes still inside would keep the namespace alive; kill them first.
  try {
    const { stdout } = await run('ip', ['netns', 'pids', name], { timeout: 5000 });
    for (const pid of stdout.split('\n').filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // Gone.
      }
    }
  } catch {
    // No such namespace.
  }
  await run('ip', ['netns', 'del', name], { timeout: 10_000 }).catch(() => undefined);
  await rm(join('/etc/netns', name), { recursive: true, force: true });
}

/** Rigs of test runs that died without tearing down (their pid is gone) are removed first. */
async function removeLeftoversOfDeadRuns(): Promise<void> {
  if (!existsSync('/var/run/netns')) return;
  const stale = readdirSync('/var/run/netns').filter((name) => {
    const match = /^nsb-(\d+)-\d+-[cs]$/.exec(name);
    return match && !isAlive(Number(match[1]));
  });
  await Promise.all(stale.map(removeNamespace));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
