import { setTimeout as pause } from 'node:timers/promises';
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { age, printRows, printTable, type Table } from './kubectl-printer.js';
import { apiGroupOf, collectionPath, namespaced, pluralOf, singular } from './kubectl-resources.js';
import { ApiTransport, CommandError } from './kubectl-transport.js';
import { kubectlWire, namespaceProtobuf, selfSubjectAccessReviewProtobuf } from './kubectl-wire.js';

/** What a kubectl command printed and how it exited. */
export interface KubectlResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/**
 * kubectl v1.32 as seen from the API server, for machines without kubectl (Debian has none): each
 * command sends the requests kubectl-wire.ts records, with their methods, queries, Accept and
 * Content-Type headers and bodies, and prints what kubectl prints from the answers. It checks the
 * double against the same contract kubectl would; it is not a kubectl (only the commands below).
 */
export class KubectlReplay {
  private readonly api: ApiTransport;

  constructor(kubeconfig: string) {
    this.api = new ApiTransport(kubeconfig);
  }

  static async fromFile(path: string): Promise<KubectlReplay> {
    return new KubectlReplay(await readFile(path, 'utf8'));
  }

  async run(args: readonly string[]): Promise<KubectlResult> {
    let namespace = 'default';
    const rest: string[] = [];
    for (let index = 0; index < args.length; index += 1) {
      const arg = args[index]!;
      if (arg === '--') {
        rest.push(...args.slice(index));
        break;
      }
      if (arg === '-n' || arg === '--namespace') namespace = args[++index]!;
      else if (arg.startsWith('--namespace=')) namespace = arg.slice('--namespace='.length);
      else rest.push(arg);
    }
    try {
      const result = await this.command(namespace, rest);
      return typeof result === 'string' ? { stdout: result, stderr: '', code: 0 } : result;
    } catch (error) {
      if (error instanceof CommandError)
        return { stdout: '', stderr: `${error.message}\n`, code: error.code };
      throw error;
    }
  }

  private async command(namespace: string, args: string[]): Promise<string | KubectlResult> {
    const [verb, ...rest] = args;
    const dash = rest.indexOf('--');
    const argv = dash >= 0 ? rest.slice(dash + 1) : [];
    const words = dash >= 0 ? rest.slice(0, dash) : rest;
    const short: Record<string, string> = { c: 'container', o: 'output', f: 'filename' };
    const flags = new Map<string, string>();
    const switches = new Set<string>();
    const positional: string[] = [];
    for (let index = 0; index < words.length; index += 1) {
      const word = words[index]!;
      if (word.startsWith('--')) {
        const [key, value] = word.slice(2).split(/=(.*)/s) as [string, string?];
        if (value === undefined) switches.add(key);
        else flags.set(key, value);
      } else if (word.startsWith('-') && short[word[1]!]) {
        flags.set(short[word[1]!]!, word.length > 2 ? word.slice(2).replace(/^=/, '') : words[++index]!);
      } else positional.push(word);
    }
    const flag = (name: string) => flags.get(name);
    switch (verb) {
      case 'get':
        return this.get(namespace, positional[0]!, positional[1], flag('output') === 'wide');
      case 'create':
        if (positional[0] !== 'namespace' && positional[0] !== 'ns')
          throw new Error(`the replay knows only "create namespace", not ${positional[0]}`);
        return this.createNamespace(positional[1]!);
      case 'run':
        return this.runPod(namespace, positional[0]!, flag('image')!, argv, switches.has('command'));
      case 'apply':
        return this.apply(namespace, flag('filename')!);
      case 'delete':
        return this.delete(namespace, positional[0]!, positional[1]!);
      case 'debug':
        return this.debug(namespace, positional[0]!, flag('image')!, flag('container')!, argv);
      case 'exec':
        return this.exec(namespace, positional[0]!, flag('container'), argv);
      case 'logs':
        return this.logs(namespace, positional[0]!, flag('container'));
      case 'auth':
        if (positional[0] !== 'can-i') throw new Error(`the replay knows only "auth can-i"`);
        return this.canI(namespace, positional[1]!, positional[2]!, flag('subresource') ?? '', {
          user: flag('as'),
          // Repeated flags: every --as-group=G, in order.
          groups: words.filter((word) => word.startsWith('--as-group=')).map((word) => word.slice(11)),
        });
      default:
        throw new Error(`the replay does not know kubectl ${verb}`);
    }
  }

  // ---- the commands -------------------------------------------------------------------------------

  private async get(
    namespace: string,
    resource: string,
    name: string | undefined,
    wide: boolean,
  ): Promise<string | KubectlResult> {
    await this.discover();
    const plural = pluralOf(resource);
    const path = `${collectionPath(plural, namespace)}${name ? `/${name}` : '?limit=500'}`;
    const response = await this.api.expect(
      await this.api.call('GET', path, { accept: kubectlWire.get.accept }),
      200,
    );
    const body = response.json();
    const empty =
      body.kind === 'Table'
        ? !(body as unknown as Table).rows.length
        : !name && !(body.items as unknown[]).length;
    if (empty) {
      const where = namespaced(plural) ? ` in ${namespace} namespace` : '';
      return { stdout: '', stderr: `No resources found${where}.\n`, code: 0 };
    }
    if (body.kind === 'Table') return printTable(body as unknown as Table, wide);
    // Without server-side printing kubectl falls back to NAME and AGE.
    const items = (name ? [body] : (body.items as Record<string, unknown>[])) as {
      metadata: { name: string; creationTimestamp: string };
    }[];
    return printRows(
      ['NAME', 'AGE'],
      items.map((item) => [item.metadata.name, age(item.metadata.creationTimestamp)]),
    );
  }

  private async createNamespace(name: string): Promise<string> {
    const { path, query, accept, contentType } = kubectlWire.createNamespace;
    await this.api.expect(
      await this.api.call('POST', `${path}${query}`, { accept, contentType, body: namespaceProtobuf(name) }),
      201,
    );
    return `namespace/${name} created\n`;
  }

  private async runPod(namespace: string, name: string, image: string, argv: string[], command: boolean) {
    await this.discover();
    const container: Record<string, unknown> = { name, image, resources: {} };
    if (argv.length) container[command ? 'command' : 'args'] = argv;
    const body = {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name, creationTimestamp: null, labels: { run: name } },
      spec: { containers: [container], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' },
      status: {},
    };
    await this.api.expect(
      await this.api.call('POST', `${collectionPath('pods', namespace)}${kubectlWire.run.query}`, {
        accept: kubectlWire.json,
        contentType: 'application/json',
        body: JSON.stringify(body),
      }),
      201,
    );
    return `pod/${name} created\n`;
  }

  private async apply(namespace: string, file: string): Promise<string> {
    await this.discover();
    const manifests = parseAllDocuments(await readFile(file, 'utf8')).map(
      (document) => document.toJS() as Manifest,
    );
    await this.checkServerSideValidation(manifests);
    let out = '';
    for (const manifest of manifests) {
      const plural = pluralOf(manifest.kind);
      const target = manifest.metadata.namespace ?? namespace;
      const path = `${collectionPath(plural, target)}/${manifest.metadata.name}`;
      const lastApplied = JSON.stringify({
        ...manifest,
        metadata: { annotations: {}, ...manifest.metadata },
      });
      const annotated = {
        ...manifest,
        metadata: {
          ...manifest.metadata,
          annotations: {
            ...manifest.metadata.annotations,
            'kubectl.kubernetes.io/last-applied-configuration': `${lastApplied}\n`,
          },
        },
      };
      const existing = await this.api.call('GET', path, { accept: kubectlWire.json });
      // kubectl names an object by kind and, outside the core group, group: role.rbac.authorization.k8s.io/x.
      const group = manifest.apiVersion.includes('/') ? `.${manifest.apiVersion.split('/')[0]}` : '';
      const label = `${manifest.kind.toLowerCase()}${group}/${manifest.metadata.name}`;
      if (existing.status === 404) {
        if (namespaced(plural))
          await this.api.expect(await this.api.call('GET', `/api/v1/namespaces/${target}`, {}), 200);
        await this.api.expect(
          await this.api.call('POST', `${collectionPath(plural, target)}${kubectlWire.apply.query}`, {
            accept: kubectlWire.json,
            contentType: 'application/json',
            body: JSON.stringify(annotated),
          }),
          201,
        );
        out += `${label} created\n`;
        continue;
      }
      const current = (await this.api.expect(existing, 200)).json() as unknown as Manifest;
      const previous = current.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
      if (previous === `${lastApplied}\n`) {
        out += `${label} unchanged\n`;
        continue;
      }
      const { apiVersion: _apiVersion, kind: _kind, ...patch } = annotated;
      await this.api.expect(
        await this.api.call('PATCH', `${path}${kubectlWire.apply.query}`, {
          accept: kubectlWire.json,
          contentType: 'application/strategic-merge-patch+json',
          body: JSON.stringify(patch),
        }),
        200,
      );
      out += `${label} configured\n`;
    }
    return out;
  }

  /** kubectl apply asks OpenAPI v3 whether the server validates fields, as the real one does. */
  private async checkServerSideValidation(manifests: Manifest[]): Promise<void> {
    const root = (
      await this.api.expect(await this.api.call('GET', '/openapi/v3', { accept: kubectlWire.json }), 200)
    ).json() as {
      paths: Record<string, { serverRelativeURL: string }>;
    };
    for (const manifest of manifests) {
      const [group, version] = manifest.apiVersion.includes('/')
        ? manifest.apiVersion.split('/')
        : ['', manifest.apiVersion];
      const entry = root.paths[group ? `apis/${group}/${version}` : `api/${version}`];
      if (!entry)
        throw new CommandError(
          `error: error validating "${manifest.metadata.name}": no OpenAPI v3 document for ${manifest.apiVersion}; kubectl would fall back to /openapi/v2`,
        );
      const document = (
        await this.api.expect(
          await this.api.call('GET', entry.serverRelativeURL, { accept: kubectlWire.json }),
          200,
        )
      ).json() as {
        paths: Record<
          string,
          {
            patch?: {
              'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string };
              parameters?: { name: string; in: string }[];
            };
          }
        >;
      };
      const supported = Object.values(document.paths).some(
        (path) =>
          path.patch?.['x-kubernetes-group-version-kind']?.kind === manifest.kind &&
          path.patch.parameters?.some(
            (parameter) => parameter.name === 'fieldValidation' && parameter.in === 'query',
          ),
      );
      if (!supported)
        throw new CommandError(
          `error: the server does not say it validates fields of ${manifest.kind}; kubectl would download /openapi/v2 to validate`,
        );
    }
  }

  private async delete(namespace: string, resource: string, name: string): Promise<string> {
    await this.discover();
    const plural = pluralOf(resource);
    const path = `${collectionPath(plural, namespace)}/${name}`;
    await this.api.expect(
      await this.api.call('DELETE', path, {
        accept: 'application/json',
        contentType: 'application/json',
        body: kubectlWire.delete.body,
      }),
      200,
    );
    // kubectl delete waits until a GET answers 404; its own bound is --timeout.
    const deadline = Date.now() + 30_000;
    while ((await this.api.call('GET', path, { accept: 'application/json' })).status !== 404) {
      if (Date.now() > deadline)
        throw new CommandError(`error: timed out waiting for the deletion of ${plural}/${name}`);
      await pause(200); // kubectl's own poll interval for the 404, within its bound
    }
    return `${singular(plural)} "${name}" deleted\n`;
  }

  private async debug(namespace: string, pod: string, image: string, container: string, argv: string[]) {
    const path = `${collectionPath('pods', namespace)}/${pod}`;
    await this.api.expect(await this.api.call('GET', path, { accept: kubectlWire.json }), 200);
    const { accept, contentType } = kubectlWire.debug;
    const body = {
      spec: {
        ephemeralContainers: [
          {
            command: argv,
            image,
            name: container,
            resources: {},
            securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } },
            terminationMessagePolicy: 'File',
          },
        ],
      },
    };
    await this.api.expect(
      await this.api.call('PATCH', `${path}/ephemeralcontainers`, {
        accept,
        contentType,
        body: JSON.stringify(body),
      }),
      200,
    );
    return '';
  }

  private async exec(
    namespace: string,
    pod: string,
    container: string | undefined,
    argv: string[],
  ): Promise<KubectlResult> {
    await this.discover();
    const path = `${collectionPath('pods', namespace)}/${pod}`;
    const object = (
      await this.api.expect(await this.api.call('GET', path, { accept: kubectlWire.json }), 200)
    ).json() as {
      spec: { containers: { name: string }[] };
    };
    const query = new URLSearchParams();
    for (const arg of argv) query.append('command', arg);
    query.append('container', container ?? object.spec.containers[0]!.name);
    query.append('stderr', 'true');
    query.append('stdout', 'true');
    const socket = this.api.webSocket(`${path}/exec?${query.toString()}`, kubectlWire.exec.protocol);
    let stdout = '';
    let stderr = '';
    let status: {
      status?: string;
      message?: string;
      details?: { causes?: { reason: string; message: string }[] };
    } = {};
    const refused = new Promise<never>((_resolve, reject) =>
      socket.on('unexpected-response', (_request, response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => {
          const message = (JSON.parse(text || '{}') as { message?: string }).message ?? text;
          reject(new CommandError(`error: ${message}`));
        });
      }),
    );
    const closed = new Promise<void>((resolve, reject) => {
      socket.on('message', (data: Buffer) => {
        const payload = data.subarray(1).toString('utf8');
        if (data[0] === 1) stdout += payload;
        else if (data[0] === 2) stderr += payload;
        else if (data[0] === 3) status = JSON.parse(payload) as typeof status;
      });
      socket.on('close', () => resolve());
      socket.on('error', (error) => reject(error));
    });
    await Promise.race([refused, closed]);
    if (socket.protocol !== kubectlWire.exec.protocol)
      throw new CommandError('error: unexpected EOF (the server did not accept v5.channel.k8s.io)');
    if (status.status === 'Success') return { stdout, stderr, code: 0 };
    const exit = status.details?.causes?.find((cause) => cause.reason === 'ExitCode')?.message;
    if (exit)
      return { stdout, stderr: `${stderr}command terminated with exit code ${exit}\n`, code: Number(exit) };
    throw new CommandError(`error: ${status.message ?? 'the exec stream ended without a Status frame'}`);
  }

  private async logs(namespace: string, pod: string, container: string | undefined): Promise<string> {
    const path = `${collectionPath('pods', namespace)}/${pod}`;
    const object = (
      await this.api.expect(await this.api.call('GET', path, { accept: kubectlWire.json }), 200)
    ).json() as {
      spec: {
        containers: { name: string }[];
        initContainers?: { name: string }[];
        ephemeralContainers?: { name: string }[];
      };
    };
    const names = [
      ...object.spec.containers,
      ...(object.spec.initContainers ?? []),
      ...(object.spec.ephemeralContainers ?? []),
    ].map((c) => c.name);
    const chosen = container ?? object.spec.containers[0]!.name;
    // kubectl refuses an unknown container itself, from the pod it read.
    if (!names.includes(chosen))
      throw new CommandError(`error: container ${chosen} is not valid for pod ${pod}`);
    const response = await this.api.expect(
      await this.api.call('GET', `${path}/log?container=${encodeURIComponent(chosen)}`, {
        accept: kubectlWire.json,
      }),
      200,
    );
    return response.body.toString('utf8');
  }

  /** `auth can-i VERB RESOURCE[/NAME] [--subresource=S] [--as=U] [--as-group=G]...`: yes (0) or no (1). */
  private async canI(
    namespace: string,
    verb: string,
    what: string,
    subresource: string,
    as: { user: string | undefined; groups: string[] },
  ): Promise<KubectlResult> {
    await this.discover();
    const [resource, name = ''] = what.split('/') as [string, string?];
    const plural = pluralOf(resource);
    const { path, accept, contentType } = kubectlWire.authCanI;
    const body = selfSubjectAccessReviewProtobuf({
      namespace,
      verb,
      group: apiGroupOf(plural),
      resource: plural,
      subresource,
      name,
    });
    const headers = {
      ...(as.user ? { 'Impersonate-User': as.user } : {}),
      ...(as.groups.length ? { 'Impersonate-Group': as.groups } : {}),
    };
    const response = await this.api.expect(
      await this.api.call('POST', path, { accept, contentType, body, headers }),
      201,
    );
    const status = (response.json().status ?? {}) as { allowed?: boolean; reason?: string };
    if (status.allowed) return { stdout: 'yes\n', stderr: '', code: 0 };
    return { stdout: `no${status.reason ? ` - ${status.reason}` : ''}\n`, stderr: '', code: 1 };
  }

  // ---- the wire -----------------------------------------------------------------------------------

  /** Discovery as kubectl does it without a cache: aggregated first, plain JSON as the fallback. */
  private async discover(): Promise<void> {
    const version = (
      await this.api.expect(await this.api.call('GET', '/version', { accept: kubectlWire.json }), 200)
    ).json();
    if (typeof version.gitVersion !== 'string') throw new CommandError('error: /version has no gitVersion');
    const answers: Record<string, unknown>[] = [];
    for (const [path, kind] of [
      ['/api', 'APIVersions'],
      ['/apis', 'APIGroupList'],
    ] as const) {
      const response = await this.api.expect(
        await this.api.call('GET', path, { accept: kubectlWire.discovery.accept }),
        200,
      );
      const got = response.json().kind;
      // The double serves no aggregated discovery: kubectl accepts the plain kinds instead.
      if (got !== kind)
        throw new CommandError(
          `error: couldn't get current server API group list: ${path} answered kind ${String(got)}`,
        );
      answers.push(response.json());
    }
    const groups = answers[1] as unknown as { groups: { preferredVersion: { groupVersion: string } }[] };
    for (const path of [
      '/api/v1',
      ...groups.groups.map((group) => `/apis/${group.preferredVersion.groupVersion}`),
    ]) {
      const list = (
        await this.api.expect(
          await this.api.call('GET', path, { accept: kubectlWire.discovery.resourceAccept }),
          200,
        )
      ).json();
      if (list.kind !== 'APIResourceList')
        throw new CommandError(`error: ${path} answered kind ${String(list.kind)}`);
    }
  }
}

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  [field: string]: unknown;
}
