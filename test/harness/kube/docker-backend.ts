import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The test bridge pods live on: 198.18.200.0/24, pods from the lower half, Service IPs from the upper. */
export const doubleNetwork = {
  name: 'netshoot-kube-double',
  subnet: '198.18.200.0/24',
  gateway: '198.18.200.1',
  podRange: '198.18.200.0/25',
  serviceRangeStart: 200,
  serviceRangeEnd: 250,
} as const;

export const doubleLabel = 'netshoot-bot.test/kube-double';

export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly { name: string; value?: string }[];
  readonly securityContext?: {
    readonly privileged?: boolean;
    readonly runAsUser?: number;
    readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
  };
}

export interface ContainerState {
  /** Created but not started yet: `docker run` is between its create and start. */
  readonly creating: boolean;
  readonly running: boolean;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly exitCode?: number;
  readonly ip?: string;
  readonly pid?: number;
}

/** Node's execFile passes `detached` on to spawn; its types leave it out. */
const ownProcessGroup = { detached: true };

async function docker(args: readonly string[], timeout = 60_000): Promise<string> {
  // In its own process group: a SIGTERM to the double's group (Ctrl-C, `kill -- -PGID`) must not kill
  // a `docker run` half way, or its container could appear after the double listed what to remove.
  const options = { timeout, maxBuffer: 16 * 1024 * 1024, ...ownProcessGroup };
  const { stdout } = await run('docker', [...args], options);
  return stdout;
}

/** Creates the test bridge once; another double (or an earlier run) may have made it already. */
export async function ensureDoubleNetwork(): Promise<void> {
  const existing = await docker([
    'network',
    'ls',
    '--filter',
    `name=^${doubleNetwork.name}$`,
    '--format',
    '{{.Name}}',
  ]);
  if (existing.trim() === doubleNetwork.name) return;
  try {
    await docker([
      'network',
      'create',
      '--driver',
      'bridge',
      '--label',
      `${doubleLabel}=network`,
      '--subnet',
      doubleNetwork.subnet,
      '--gateway',
      doubleNetwork.gateway,
      '--ip-range',
      doubleNetwork.podRange,
      doubleNetwork.name,
    ]);
  } catch (error) {
    // Two doubles starting together race to create it; losing the race is fine.
    if (!String((error as Error).message).includes('already exists')) throw error;
  }
}

/**
 * The pod's namespace holder, Kubernetes' pause container: it owns the network namespace (and the
 * resolv.conf that every container of the pod shares), and sleeps.
 */
export async function startHolder(options: {
  readonly containerName: string;
  readonly image: string;
  readonly hostNetwork: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly dns?: {
    nameservers?: readonly string[];
    searches?: readonly string[];
    options?: readonly string[];
  };
}): Promise<string> {
  const args = ['run', '-d', '--name', options.containerName, '--init'];
  args.push('--network', options.hostNetwork ? 'host' : doubleNetwork.name);
  for (const [key, value] of Object.entries(options.labels)) args.push('--label', `${key}=${value}`);
  args.push('--entrypoint', 'sleep', options.image, 'infinity');
  const id = (await docker(args)).trim();
  if (options.dns) await writeResolvConf(id, options.dns);
  return id;
}

/**
 * The kubelet writes a pod's resolv.conf itself (see pod-dns.ts), where Docker would put its embedded
 * resolver 127.0.0.11 and `ndots:0` on a user-defined network; in the order containerd writes it.
 * Every container of the pod joins the holder's network and shares this file.
 */
async function writeResolvConf(
  container: string,
  dns: { nameservers?: readonly string[]; searches?: readonly string[]; options?: readonly string[] },
): Promise<void> {
  const path = (await docker(['inspect', '--format', '{{.ResolvConfPath}}', container])).trim();
  const lines = [
    ...(dns.searches?.length ? [`search ${dns.searches.join(' ')}`] : []),
    ...(dns.nameservers ?? []).map((server) => `nameserver ${server}`),
    ...(dns.options?.length ? [`options ${dns.options.join(' ')}`] : []),
  ];
  await writeFile(path, `${lines.join('\n')}\n`);
}

/** One container of the pod, in the holder's network namespace, as the kubelet would start it. */
export async function startPodContainer(options: {
  readonly containerName: string;
  readonly holder: string;
  readonly spec: ContainerSpec;
  readonly labels: Readonly<Record<string, string>>;
}): Promise<string> {
  const { spec } = options;
  const args = ['run', '-d', '--name', options.containerName, '--network', `container:${options.holder}`];
  for (const [key, value] of Object.entries(options.labels)) args.push('--label', `${key}=${value}`);
  for (const variable of spec.env ?? []) args.push('-e', `${variable.name}=${variable.value ?? ''}`);
  for (const cap of spec.securityContext?.capabilities?.add ?? []) args.push('--cap-add', cap);
  for (const cap of spec.securityContext?.capabilities?.drop ?? []) args.push('--cap-drop', cap);
  if (spec.securityContext?.privileged) args.push('--privileged');
  if (spec.securityContext?.runAsUser !== undefined)
    args.push('--user', String(spec.securityContext.runAsUser));
  // Kubernetes' command replaces the image's entrypoint and args replace its cmd; docker run takes the
  // entrypoint as one word, so the rest of `command` goes in front of the args.
  const [entrypoint, ...commandRest] = spec.command ?? [];
  if (entrypoint !== undefined) args.push('--entrypoint', entrypoint);
  args.push(spec.image, ...commandRest, ...(spec.args ?? []));
  return (await docker(args)).trim();
}

/** State of many containers in one `docker inspect`; missing containers are simply absent. */
export async function inspectContainers(names: readonly string[]): Promise<Map<string, ContainerState>> {
  const states = new Map<string, ContainerState>();
  if (names.length === 0) return states;
  let out: string;
  try {
    out = await docker(['inspect', ...names]);
  } catch (error) {
    // `docker inspect` prints what it found and fails for the rest.
    out = (error as { stdout?: string }).stdout ?? '[]';
  }
  const parsed = JSON.parse(out || '[]') as {
    Name: string;
    State: {
      Status: string;
      Running: boolean;
      StartedAt: string;
      FinishedAt: string;
      ExitCode: number;
      Pid: number;
    };
    NetworkSettings: { Networks: Record<string, { IPAddress: string }> };
  }[];
  for (const entry of parsed) {
    const ip = entry.NetworkSettings.Networks[doubleNetwork.name]?.IPAddress;
    states.set(entry.Name.replace(/^\//, ''), {
      creating: entry.State.Status === 'created',
      running: entry.State.Running,
      startedAt: entry.State.StartedAt,
      finishedAt: entry.State.Running ? undefined : entry.State.FinishedAt,
      exitCode: entry.State.Running ? undefined : entry.State.ExitCode,
      ip: ip || undefined,
      pid: entry.State.Pid || undefined,
    });
  }
  return states;
}

/** Whether an image's configured user is root, as the kubelet decides for runAsNonRoot. */
export async function imageRunsAsRoot(image: string): Promise<boolean> {
  const user = (await docker(['image', 'inspect', '--format', '{{.Config.User}}', image])).trim();
  return user === '' || user === '0' || user === 'root' || user.startsWith('0:') || user.startsWith('root:');
}

export async function removeContainers(names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await docker(['rm', '-f', '-v', ...names]).catch(() => undefined);
}

/** Every container a double with this id started: for close(). */
export async function listDoubleContainers(doubleId: string): Promise<string[]> {
  const out = await docker([
    'ps',
    '-a',
    '--filter',
    `label=${doubleLabel}=${doubleId}`,
    '--format',
    '{{.Names}}',
  ]);
  return out.split('\n').filter(Boolean);
}

/**
 * A process in a container, as the kubelet's exec does it. Like the real server, ending this child (the
 * client went away) does not end the process inside the container: only its own end or `timeout` does.
 */
export function spawnExec(container: string, argv: readonly string[], stdin: boolean): ChildProcess {
  return spawn('docker', ['exec', ...(stdin ? ['-i'] : []), container, ...argv], {
    stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
}

export async function containerLogs(container: string): Promise<string> {
  const { stdout, stderr } = await run('docker', ['logs', container], { maxBuffer: 16 * 1024 * 1024 });
  return stdout + stderr;
}

/**
 * kube-proxy's part for one Service: its ClusterIP becomes an address of an endpoint pod's namespace
 * (pods on the bridge find it by ARP), and each Service port is redirected to its target port there.
 */
export async function programServiceAddress(options: {
  readonly holderPid: number;
  readonly clusterIp: string;
  readonly ports: readonly { protocol: string; port: number; targetPort: number }[];
}): Promise<void> {
  const inNetns = ['nsenter', '-t', String(options.holderPid), '-n'];
  await run(inNetns[0]!, [
    ...inNetns.slice(1),
    'ip',
    'addr',
    'replace',
    `${options.clusterIp}/32`,
    'dev',
    'eth0',
  ]);
  for (const port of options.ports) {
    if (port.port === port.targetPort) continue;
    await run(inNetns[0]!, [
      ...inNetns.slice(1),
      'iptables',
      '-t',
      'nat',
      '-A',
      'PREROUTING',
      '-d',
      options.clusterIp,
      '-p',
      port.protocol.toLowerCase(),
      '--dport',
      String(port.port),
      '-j',
      'REDIRECT',
      '--to-ports',
      String(port.targetPort),
    ]);
  }
}
