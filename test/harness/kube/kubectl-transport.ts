import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import WebSocket from 'ws';
import { parse } from 'yaml';
import { recordedUserAgent } from './kubectl-wire.js';

interface StatusBody {
  reason?: string;
  message?: string;
  details?: { kind?: string; name?: string; causes?: { field?: string; message: string }[] };
}

export type Response = { status: number; body: Buffer; json: () => Record<string, unknown> };

/** A kubectl command that failed: its message goes to stderr, its code is the exit code. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
  }
}

/** HTTP and WebSocket to the server of a kubeconfig, trusting its CA as kubectl does. */
export class ApiTransport {
  private readonly server: URL;
  private readonly ca?: Buffer;

  constructor(kubeconfig: string) {
    const config = parse(kubeconfig) as {
      clusters: { cluster: { server: string; 'certificate-authority-data'?: string } }[];
    };
    const cluster = config.clusters[0]!.cluster;
    this.server = new URL(cluster.server);
    const ca = cluster['certificate-authority-data'];
    this.ca = ca ? Buffer.from(ca, 'base64') : undefined;
  }

  webSocket(path: string, protocol: string): WebSocket {
    const url = new URL(path, this.server);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return new WebSocket(url, [protocol], { ca: this.ca, headers: { 'User-Agent': recordedUserAgent } });
  }

  /** The answer if it has this code, else kubectl's words for the Status the server sent. */
  async expect(response: Response, code: number): Promise<Response> {
    if (response.status === code) return response;
    let status: StatusBody = {};
    try {
      status = response.json() as StatusBody;
    } catch {
      status = { message: response.body.toString('utf8') };
    }
    const causes = status.details?.causes ?? [];
    // kubectl rewords 422 Invalid from its details: The KIND "NAME" is invalid: FIELD: MESSAGE, ...
    if (status.reason === 'Invalid' && status.details?.kind && causes.length)
      throw new CommandError(
        `The ${status.details.kind} "${status.details.name ?? ''}" is invalid: ${causes.map((cause) => `${cause.field}: ${cause.message}`).join(', ')}`,
      );
    throw new CommandError(
      `Error from server (${status.reason ?? response.status}): ${status.message ?? ''}`,
    );
  }

  call(
    method: string,
    path: string,
    options: {
      accept?: string;
      contentType?: string;
      body?: string | Buffer;
      /** Impersonate-User and the like (`--as`); a list sends the header once per value. */
      headers?: Record<string, string | string[]>;
    },
  ): Promise<Response> {
    const url = new URL(path, this.server);
    const headers: Record<string, string | string[]> = {
      'User-Agent': recordedUserAgent,
      ...options.headers,
    };
    if (options.accept) headers.Accept = options.accept;
    if (options.contentType) headers['Content-Type'] = options.contentType;
    if (options.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(options.body));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const request = send(url, { method, headers, ca: this.ca }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: response.statusCode ?? 0,
            body,
            json: () => JSON.parse(body.toString('utf8')) as Record<string, unknown>,
          });
        });
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(options.body);
    });
  }
}
