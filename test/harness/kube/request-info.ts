import type { IncomingMessage } from 'node:http';
import { ApiStatusError } from './api-status.js';

/** What the API server's request-info resolver reads from a path. */
export interface RequestInfo {
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  name: string;
  subresource: string;
}

/** One call as the API server's audit log would record it: what RBAC must grant for it to pass. */
export interface AccessLogEntry {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  /** The RBAC verbs this request needs (a WebSocket exec needs get and create since 1.32). */
  readonly verbs: readonly string[];
  readonly apiGroup: string;
  readonly resource: string;
  readonly subresource: string;
  readonly namespace: string;
  readonly name: string;
  readonly code: number;
  readonly contentType: string;
  readonly accept: string;
  readonly userAgent: string;
}

/** Reads /api/v1/namespaces/ns/pods/name/exec and /apis/apps/v1/namespaces/ns/deployments/name. */
export function parseRequestInfo(pathname: string): RequestInfo | undefined {
  const parts = pathname.split('/').filter(Boolean);
  let apiGroup = '';
  let apiVersion: string;
  let rest: string[];
  if (parts[0] === 'api' && parts[1] === 'v1') {
    apiVersion = 'v1';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    apiGroup = parts[1]!;
    apiVersion = parts[2]!;
    rest = parts.slice(3);
  } else return undefined;
  if (rest.length === 0) return undefined;
  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1]!;
    rest = rest.slice(2);
  }
  const [resource, name = '', subresource = ''] = rest as [string, string?, string?];
  return { apiGroup, apiVersion, namespace, resource, name, subresource };
}

export function accessLogEntry(
  request: IncomingMessage,
  url: URL,
  info: RequestInfo,
  code: number,
): AccessLogEntry {
  return {
    method: request.method ?? 'GET',
    path: url.pathname,
    query: url.search,
    verbs: rbacVerbs(request, url, info),
    apiGroup: info.apiGroup,
    resource: info.resource,
    subresource: info.subresource,
    namespace: info.namespace,
    name: info.name,
    code,
    contentType: String(request.headers['content-type'] ?? ''),
    accept: String(request.headers.accept ?? ''),
    userAgent: String(request.headers['user-agent'] ?? ''),
  };
}

/** The RBAC verbs of a request, as the API server's authorizer derives them. */
export function rbacVerbs(request: IncomingMessage, url: URL, info: RequestInfo): string[] {
  const method = request.method ?? 'GET';
  if (info.subresource === 'exec' && request.headers.upgrade) return ['get', 'create'];
  switch (method) {
    case 'GET':
      if (info.name) return ['get'];
      return [url.searchParams.get('watch') === 'true' ? 'watch' : 'list'];
    case 'POST':
      return ['create'];
    case 'PUT':
      return ['update'];
    case 'PATCH':
      return ['patch'];
    case 'DELETE':
      return [info.name ? 'delete' : 'deletecollection'];
    default:
      return [method.toLowerCase()];
  }
}

export function mediaType(request: IncomingMessage): string {
  return String(request.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim();
}

export function methodNotAllowed(): ApiStatusError {
  return new ApiStatusError(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
  );
}

export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
