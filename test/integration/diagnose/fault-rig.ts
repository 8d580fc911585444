import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isAlive, removeNamespace } from '../../harness/rig/netns-rig.js';
import { selfSignedCertificate } from '../../harness/kube/self-signed-certificate.js';
import { waitFor } from '../../harness/wait-for.js';

const run = promisify(execFile);

/**
 * Three network namespaces for diagnose's faults (issue 14, item 4): client — router — server, in
 * 198.18.<n>.0/24 and 198.18.<n+1>.0/24 (n from 128: away from the netns rig's 64..127, docker0's
 * 198.18.0.0/24 and the Docker pools in 198.19.0.0/16). A router is what makes a smaller MTU
 * observable: it answers "fragmentation needed" (or, with that ICMP dropped, makes a black hole).
 * The server runs a DNS server for test.internal (the client's resolver, with that search domain),
 * an HTTP server whose page is larger than any MTU here, a TLS server and a silent TCP listener.
 */
export interface FaultRig {
  readonly client: string;
  readonly router: string;
  readonly server: string;
  readonly serverAddress: string;
  readonly routerClientSide: string;
  /** The router's interface toward the server: where the smaller MTU goes. */
  readonly routerServerInterface: string;
  readonly serverInterface: string;
  readonly httpPort: number;
  readonly tlsPort: number;
  /** A listener that accepts and says nothing (a database-like port). */
  readonly tcpPort: number;
  /** Runs a command in one of the rig's namespaces, as root on the host (nft, ip, kill). */
  exec(namespace: string, argv: readonly string[], input?: string): Promise<string>;
  /** Stops the HTTP server and starts it again (the "listener missing" fault and its repair). */
  stopHttp(): Promise<void>;
  startHttp(): Promise<void>;
  teardown(): Promise<void>;
}

const prefix = 'nsd-';

export async function createFaultRig(): Promise<FaultRig> {
  await removeLeftoversOfDeadRuns();
  const n = 128 + 2 * Math.floor(Math.random() * 30);
  const tag = `${prefix}${process.pid}-${n}`;
  const [client, router, server] = [`${tag}-c`, `${tag}-r`, `${tag}-s`];
  const net = (octet: number, host: number) => `198.18.${octet}.${host}`;
  const serverAddress = net(n + 1, 2);
  const scratch = await mkdtemp(join(tmpdir(), `${tag}-`));
  const children = new Map<string, ChildProcess>();
  const ifc = { c: `nsd${n}c`, rc: `nsd${n}rc`, rs: `nsd${n}rs`, s: `nsd${n}s` };

  const exec = async (namespace: string, argv: readonly string[], input?: string): Promise<string> => {
    const child = run('ip', ['netns', 'exec', namespace, ...argv], { timeout: 10_000 });
    if (input !== undefined) child.child.stdin?.end(input);
    return (await child).stdout;
  };
  const start = (key: string, argv: string[]) => {
    const child = spawn('ip', ['netns', 'exec', server, ...argv], { detached: true, stdio: 'ignore' });
    child.on('error', () => {
      // Reported by the wait for listeners, which names what did not come up.
    });
    children.set(key, child);
  };
  const stop = (key: string) => {
    const child = children.get(key);
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    children.delete(key);
  };
  const startHttp = async () => {
    start('http', [
      'python3',
      '-m',
      'http.server',
      '8080',
      '--bind',
      serverAddress,
      '--directory',
      join(scratch, 'www'),
    ]);
    await listening(server, 'tcp', 8080, true);
  };
  const teardown = async () => {
    for (const key of [...children.keys()]) stop(key);
    await Promise.all([client, router, server].map(removeNamespace));
    await rm(scratch, { recursive: true, force: true });
  };

  try {
    for (const name of [client, router, server]) {
      await ip('netns', 'add', name);
      await ip('-n', name, 'link', 'set', 'lo', 'up');
    }
    await ip('link', 'add', ifc.c, 'netns', client, 'type', 'veth', 'peer', 'name', ifc.rc, 'netns', router);
    await ip('link', 'add', ifc.rs, 'netns', router, 'type', 'veth', 'peer', 'name', ifc.s, 'netns', server);
    const address = async (namespace: string, device: string, cidr: string) => {
      await ip('-n', namespace, 'addr', 'add', cidr, 'dev', device);
      await ip('-n', namespace, 'link', 'set', device, 'up');
    };
    await address(client, ifc.c, `${net(n, 10)}/24`);
    await address(router, ifc.rc, `${net(n, 1)}/24`);
    await address(router, ifc.rs, `${net(n + 1, 1)}/24`);
    await address(server, ifc.s, `${serverAddress}/24`);
    await ip('-n', client, 'route', 'add', 'default', 'via', net(n, 1));
    await ip('-n', server, 'route', 'add', 'default', 'via', net(n + 1, 1));
    await exec(router, ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
    await mkdir(join('/etc/netns', client), { recursive: true });
    await writeFile(
      join('/etc/netns', client, 'resolv.conf'),
      `nameserver ${serverAddress}\nsearch test.internal\n`,
    );

    // Bigger than any MTU here: a response that must be split into full-size segments.
    await mkdir(join(scratch, 'www'));
    await writeFile(join(scratch, 'www', 'index.html'), `<p>${'x'.repeat(6000)}</p>\n`);
    const { key, cert } = await selfSignedCertificate();
    await writeFile(join(scratch, 'key.pem'), key);
    await writeFile(join(scratch, 'cert.pem'), cert);
    start('dns', [
      'dnsmasq',
      '--no-daemon',
      '--conf-file=/dev/null',
      '--user=root',
      '--bind-interfaces',
      `--listen-address=${serverAddress}`,
      '--no-resolv',
      '--no-hosts',
      `--pid-file=${join(scratch, 'dnsmasq.pid')}`,
      // Authoritative for the zone: a name not listed gets NXDOMAIN.
      '--local=/test.internal/',
      `--address=/db.test.internal/${serverAddress}`,
      `--address=/web.test.internal/${serverAddress}`,
    ]);
    start('tls', [
      'openssl',
      's_server',
      '-quiet',
      '-www',
      '-accept',
      `${serverAddress}:8443`,
      '-cert',
      join(scratch, 'cert.pem'),
      '-key',
      join(scratch, 'key.pem'),
    ]);
    start('tcp', ['nc', '-lk', '-s', serverAddress, '-p', '5432']);
    await startHttp();
    await listening(server, 'udp', 53, true);
    await listening(server, 'tcp', 8443, true);
    await listening(server, 'tcp', 5432, true);
  } catch (error) {
    await teardown();
    throw error;
  }
  return {
    client,
    router,
    server,
    serverAddress,
    routerClientSide: net(n, 1),
    routerServerInterface: ifc.rs,
    serverInterface: ifc.s,
    httpPort: 8080,
    tlsPort: 8443,
    tcpPort: 5432,
    exec,
    async stopHttp() {
      stop('http');
      await listening(server, 'tcp', 8080, false);
    },
    startHttp,
    teardown,
  };
}

async function ip(...args: string[]): Promise<void> {
  await run('ip', args, { timeout: 10_000 });
}

/** Polls `ss` until the port listens in the namespace (or, with `wanted` false, no longer does). */
async function listening(namespace: string, protocol: 'tcp' | 'udp', port: number, wanted: boolean) {
  await waitFor(
    async () => {
      const { stdout } = await run('ip', ['netns', 'exec', namespace, 'ss', '-Hltun'], { timeout: 5000 });
      const found = stdout
        .split('\n')
        .some((line) => line.startsWith(protocol) && new RegExp(`:${port}\\s`).test(line));
      return found === wanted;
    },
    {
      what: `${protocol}/${port} ${wanted ? 'listening' : 'no longer listening'} in ${namespace}`,
      everyMs: 100,
    },
  );
}

/** Rigs of test runs that died without tearing down (their pid is gone) are removed first. */
async function removeLeftoversOfDeadRuns(): Promise<void> {
  if (!existsSync('/var/run/netns')) return;
  const stale = readdirSync('/var/run/netns').filter((name) => {
    const match = /^nsd-(\d+)-\d+-[crs]$/.exec(name);
    return match && !isAlive(Number(match[1]));
  });
  await Promise.all(stale.map(removeNamespace));
}
