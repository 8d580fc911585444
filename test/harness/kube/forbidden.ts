import type { IncomingMessage } from 'node:http';
import { workerUser } from './access-reviews.js';
import { ApiStatusError } from './api-status.js';
import type { DoubleContext } from './context.js';
import { rbacVerbs, type RequestInfo } from './request-info.js';

/**
 * The real authorizer's refusal for a resource in the `forbidden` option: a 403 Status worded as
 * kube-apiserver words it (its forbidden message), so the client sees what a worker without the
 * grant sees.
 */
export function assertNotForbidden(
  context: DoubleContext,
  request: IncomingMessage,
  url: URL,
  info: RequestInfo,
): void {
  const qualified = info.apiGroup ? `${info.resource}.${info.apiGroup}` : info.resource;
  if (!context.options.forbidden?.includes(qualified)) return;
  const verb = rbacVerbs(request, url, info)[0] ?? 'get';
  const resource = info.subresource ? `${info.resource}/${info.subresource}` : info.resource;
  const named = info.name ? ` "${info.name}"` : '';
  const scope = info.namespace ? `in the namespace "${info.namespace}"` : 'at the cluster scope';
  throw new ApiStatusError(
    403,
    'Forbidden',
    `${qualified}${named} is forbidden: User "${workerUser}" cannot ${verb} resource "${resource}" in API group "${info.apiGroup}" ${scope}`,
    { ...(info.name ? { name: info.name } : {}), group: info.apiGroup, kind: info.resource },
  );
}
