import { formatTarget } from '../grammar/target.js';
import type { Request } from '../grammar/request.js';

const kubernetesKinds = new Set(['pod', 'deploy', 'sts', 'ds', 'svc']);

/** Where a request runs, as users read it: "pod/frontend (ns default)", "netns/a -> netns/b". */
export function describeWhere(request: Pick<Request, 'targets' | 'namespace'>): string {
  if (request.targets.length === 0) return 'the worker';
  const written = request.targets.map(formatTarget).join(' -> ');
  const inNamespace = request.targets.some((target) => kubernetesKinds.has(target.kind));
  return inNamespace ? `${written} (ns ${request.namespace})` : written;
}
