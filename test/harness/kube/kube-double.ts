import { setTimeout as pause } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { ApiStatusError } from './api-status.js';
import type { DoubleContext, KubeDoubleOptions } from './context.js';
import {
  doubleNetwork,
  ensureDoubleNetwork,
  listDoubleContainers,
  removeContainers,
} from './docker-backend.js';
import { seedNamespaces } from './namespaces.js';
import { seedNodes } from './nodes.js';
import { seedClusterAdmin } from './cluster-admin.js';
import { startClusterDns, type ClusterDnsServer } from './cluster-dns-server.js';
import { clusterDnsView, clusterDomain } from './cluster-dns-view.js';
import { ObjectStore, kinds, type KubeObject } from './object-store.js';
import { Objects } from './objects.js';
import { upgradeExec } from './pod-exec.js';
import { PodRuntime } from './pod-runtime.js';
import { accessLogEntry, parseRequestInfo, readBody, type AccessLogEntry } from './request-info.js';
import { route } from './router.js';
import { selfSignedCertificate } from './self-signed-certificate.js';
import { Services } from './services.js';

export type { AccessLogEntry } from './request-info.js';
export type { KubeDoubleOptions } from './context.js';

/**
 * An API-server double backed by the real Docker engine: the REST paths, verbs, content types, status
 * codes and Status bodies of the calls kubectl and the bot make, with pods that really run. This file
 * composes it: the HTTP server and the harness helpers; router.ts sends each request to the part that
 * serves its resource (namespaces, nodes, pods, ephemeral containers, exec and logs, services and
 * endpointslices, metrics, workloads as stored objects).
 */
export class KubeDouble {
  readonly id = randomBytes(3).toString('hex');
  readonly accessLog: AccessLogEntry[] = [];
  private readonly store = new ObjectStore();
  private readonly runtime: PodRuntime;
  private readonly services: Services;
  private readonly objects: Objects;
  private readonly context: DoubleContext;
  private readonly nodeAddress = doubleNetwork.gateway;
  private readonly pending = new Set<Promise<unknown>>();
  private server?: Server;
  private dns?: ClusterDnsServer;
  private tlsCertificate?: { key: string; cert: string };
  url = '';
  kubeconfigPath = '';
  /** kube-dns's address, the nameserver of ClusterFirst pods (see cluster-dns-server.ts). */
  clusterDnsAddress = '';

  constructor(private readonly options: KubeDoubleOptions) {
    this.runtime = new PodRuntime(this.id, options.holderImage, this.nodeAddress);
    this.services = new Services(this.store, this.runtime);
    this.context = {
      options,
      store: this.store,
      runtime: this.runtime,
      programServices: () => this.services.program(),
      track: (promise) => {
        this.pending.add(promise);
        void promise.finally(() => this.pending.delete(promise));
      },
    };
    this.objects = new Objects(this.context, this.services);
  }

  async start(): Promise<this> {
    await ensureDoubleNetwork();
    seedNamespaces(this.store);
    seedNodes(this.store, this.options, this.nodeAddress);
    seedClusterAdmin(this.store);
    const serial = Math.floor(Date.now() / 1000);
    this.dns = await startClusterDns(() =>
      clusterDnsView(
        { store: this.store, services: this.services, runtime: this.runtime },
        this.clusterDnsAddress,
        serial,
      ),
    );
    this.clusterDnsAddress = this.dns.address;
    this.runtime.clusterDns = { nameserver: this.dns.address, domain: clusterDomain };
    const handler = (request: IncomingMessage, response: ServerResponse) =>
      void this.handle(request, response);
    this.tlsCertificate = this.options.tls ? await selfSignedCertificate() : undefined;
    this.server = this.tlsCertificate
      ? createHttpsServer(this.tlsCertificate, handler)
      : createServer(handler);
    this.server.on('upgrade', (request: IncomingMessage, socket, head: Buffer) => {
      const url = new URL(request.url ?? '/', 'http://double');
      const info = parseRequestInfo(url.pathname);
      void upgradeExec(this.context, request, socket, head, url, info, (code) => {
        if (info) this.accessLog.push(accessLogEntry(request, url, info, code));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.options.port ?? 0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `${this.tlsCertificate ? 'https' : 'http'}://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    this.kubeconfigPath = this.writeKubeconfig();
    return this;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    const server = this.server;
    if (server) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections of clients would hold close() open indefinitely.
      server.closeAllConnections();
      await closed;
    }
    await removeContainers(await listDoubleContainers(this.id));
    await this.dns?.close();
  }

  private writeKubeconfig(): string {
    const dir = mkdtempSync(join(tmpdir(), 'kube-double-'));
    const path = join(dir, 'kubeconfig');
    // Plain HTTP on loopback: client-node accepts it only with insecure-skip-tls-verify. HTTPS: the
    // self-signed certificate is its own CA, so clients verify it as they would a real cluster's.
    const cluster = this.tlsCertificate
      ? `{server: "${this.url}", certificate-authority-data: ${Buffer.from(this.tlsCertificate.cert).toString('base64')}}`
      : `{server: "${this.url}", insecure-skip-tls-verify: true}`;
    writeFileSync(
      path,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        `- name: double`,
        `  cluster: ${cluster}`,
        'users:',
        '- name: double',
        '  user: {token: double-token}',
        'contexts:',
        '- name: double',
        '  context: {cluster: double, user: double, namespace: default}',
        'current-context: double',
        '',
      ].join('\n'),
    );
    return path;
  }

  // ---- harness helpers: set-up and assertions, not recorded in the access log -------------------

  /** Creates any supported object as `kubectl create` would, without an access-log entry. */
  async apply<T extends object>(object: T): Promise<T> {
    const typed = object as KubeObject;
    // By kind and apiVersion: Calico's NetworkPolicy is not networking.k8s.io's.
    const resource = Object.entries(kinds).find(
      ([, kind]) => kind.kind === typed.kind && (!typed.apiVersion || kind.apiVersion === typed.apiVersion),
    )?.[0];
    if (!resource) throw new Error(`the double does not serve kind ${String(typed.kind)}`);
    return (await this.objects.create(
      resource,
      typed.metadata?.namespace ?? (kinds[resource]!.namespaced ? 'default' : ''),
      typed,
    )) as T;
  }

  /** The pod as stored, status refreshed from Docker. */
  async pod(namespace: string, name: string): Promise<V1Pod> {
    const pod = this.store.get('pods', namespace, name) as V1Pod;
    await this.runtime.refresh([pod]);
    return pod;
  }

  /** Waits until every container of the pod runs; bounded. */
  async waitForPodRunning(namespace: string, name: string, timeoutMs = 60_000): Promise<V1Pod> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pod = await this.pod(namespace, name);
      const ready = pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      if (pod.status?.phase === 'Running' && ready) return pod;
      const ended = pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded';
      if (ended || Date.now() > deadline) {
        throw new Error(
          `pod ${namespace}/${name} is not Running: ${JSON.stringify({ phase: pod.status?.phase, message: pod.status?.message, containers: pod.status?.containerStatuses?.map((c) => c.state) })}`,
        );
      }
      await pause(250); // the next look at the pod's status, within the bound above
    }
  }

  /** The Docker container backing a container of a pod, for tests that look underneath. */
  dockerName(namespace: string, pod: string, container?: string): string {
    const object = this.store.get('pods', namespace, pod) as V1Pod;
    return container ? this.runtime.containerName(object, container) : this.runtime.holderName(object);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://double');
    const info = parseRequestInfo(url.pathname);
    let code = 200;
    let body: unknown;
    try {
      const raw = await readBody(request);
      const result = await route(
        { context: this.context, objects: this.objects, services: this.services, url: this.url },
        request,
        url,
        info,
        raw,
      );
      code = result.code;
      body = result.body;
    } catch (error) {
      const status =
        error instanceof ApiStatusError
          ? error
          : new ApiStatusError(500, 'InternalError', String((error as Error).stack ?? error));
      code = status.code;
      body = status.toStatus();
    }
    if (info) this.accessLog.push(accessLogEntry(request, url, info, code));
    if (typeof body === 'string') {
      response.writeHead(code, { 'Content-Type': 'text/plain' });
      response.end(body);
    } else {
      response.writeHead(code, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    }
  }
}

export async function startKubeDouble(options: KubeDoubleOptions): Promise<KubeDouble> {
  return new KubeDouble(options).start();
}
