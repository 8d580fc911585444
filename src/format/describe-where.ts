import { formatTarget } from '../grammar/target.js';
import type { Request } from '../grammar/request.js';

const kubernetesKinds = new Set(['pod', 'deploy', 'sts', 'ds', 'svc']);

/**
 * Where a request runs, as users read it: "pod/frontend (ns default)", "netns/b -> netns/a". The
 * arrow of a two-party tool points the way the data goes: from the client (the second target, which
 * sends) to the server (the first); --reverse has already swapped the targets, so it holds then too.
 */
export function describeWhere(request: Pick<Request, 'targets' | 'namespace'>): string {
  if (request.targets.length === 0) return 'the worker';
  const written = [...request.targets].reverse().map(formatTarget).join(' -> ');
  const inNamespace = request.targets.some((target) => kubernetesKinds.has(target.kind));
  return inNamespace ? `${written} (ns ${request.namespace})` : written;
}
