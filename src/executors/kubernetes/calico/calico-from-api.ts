import { InvalidInputError } from '../../../errors.js';
import type { CalicoQuery } from '../../executor.js';
import type { RunResult } from '../../../results/run-result.js';
import type { KubeClients } from '../kube-clients.js';
import { listCalico } from './calico-datastore.js';
import { calicoKind, kindsReadFromApi } from './calico-kinds.js';
import { ipamShow } from './calico-ipam.js';
import { printPsTable } from './calico-print.js';

const withBinary =
  'the worker runs the calicoctl binary when its image has one (image/Dockerfile: --build-arg CALICOCTL_VERSION)';

/**
 * `calicoctl get` and `ipam show` answered from Calico's resources through the Kubernetes API, for
 * a worker without the calicoctl binary: the same tables calicoctl prints (calico-print.ts), in a
 * RunResult whose argv is the calicoctl line it stands for.
 */
export async function calicoFromApi(clients: KubeClients, query: CalicoQuery): Promise<RunResult> {
  const started = Date.now();
  const stdout = await answer(clients, query);
  return {
    argv: query.argv,
    exitCode: stdout.found ? 0 : 1,
    signal: null,
    timedOut: false,
    canceled: false,
    stdout: stdout.found ? stdout.text : '',
    stderr: stdout.found ? '' : stdout.text,
    truncated: false,
    durationMs: Date.now() - started,
    artifacts: [],
  };
}

async function answer(clients: KubeClients, query: CalicoQuery): Promise<{ found: boolean; text: string }> {
  if (query.verb === 'ipam') return { found: true, text: await ipamShow(clients, query.showBlocks) };
  const kind = query.verb === 'get' && query.what ? calicoKind(query.what) : undefined;
  if (!kind) {
    throw new InvalidInputError(
      `without the calicoctl binary only these are read from the API: get ${kindsReadFromApi}; ipam show`,
      [withBinary],
    );
  }
  if (query.output && query.output !== 'wide' && query.output !== 'ps') {
    throw new InvalidInputError(
      `without the calicoctl binary, get prints its table (-o wide too), not -o ${query.output}`,
      [withBinary],
    );
  }
  const scope = query.allNamespaces ? ({ allNamespaces: true } as const) : { namespace: query.namespace };
  const objects = (await listCalico(clients, kind, scope))
    .filter((object) => !query.name || object.metadata.name === query.name)
    .sort((a, b) =>
      `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace ?? ''}/${b.metadata.name}`,
      ),
    );
  if (query.name && objects.length === 0) {
    // calicoctl's own words for a name that is not there.
    const where = kind.namespaced ? `${query.namespace}/` : '';
    return {
      found: false,
      text: `Failed to get resources: resource does not exist: ${kind.kind}(${where}${query.name})\n`,
    };
  }
  // `-A` puts the namespace first (resourcemgr GetTableTemplate, printNamespace).
  const headings = [
    ...(kind.namespaced && query.allNamespaces ? ['NAMESPACE'] : []),
    ...(query.output === 'wide' ? kind.wide : kind.headings),
  ];
  const rows = objects.map((object) => headings.map((heading) => kind.cell(object, heading)));
  return { found: true, text: printPsTable(headings, rows) };
}
