import { argvFor, planJob } from '../catalogue/plan.js';
import { TargetUnavailableError } from '../errors.js';
import type { CalicoQuery, Executor } from '../executors/executor.js';
import type { JobData } from '../queue/job.js';
import type { RunResult } from '../results/run-result.js';
import type { RunJobContext } from './run-job.js';

/** The exit status of a command that is not there (a shell's, the local executor's spawn ENOENT, docker exec's). */
const notFound = 127;

/**
 * calicoctl, with or without its binary: on the worker's host the binary runs as before; when no
 * executor serves that host or the binary is not there (status 127), and an executor reads Calico's
 * datastore through its API (Kubernetes), the API answers instead, with calicoctl's own tables.
 */
export async function calicoctlOrApi(
  data: JobData,
  context: RunJobContext,
  runBinary: () => Promise<RunResult>,
): Promise<RunResult> {
  const api = calicoReader(context);
  if (!api) return runBinary();
  let binary: RunResult;
  try {
    binary = await runBinary();
  } catch (error) {
    // No executor for the worker's host (a Kubernetes-only worker): nowhere to run a binary at all.
    if (error instanceof TargetUnavailableError) return askCalico(api, data, context);
    throw error;
  }
  return binary.exitCode === notFound ? askCalico(api, data, context) : binary;
}

/** The executor of the cluster (the one that serves node/ targets), if it reads Calico's datastore. */
function calicoReader(context: RunJobContext): Executor | undefined {
  try {
    const executor = context.selectExecutor({ kind: 'node', name: '' });
    return executor.calico ? executor : undefined;
  } catch {
    // dropped: no executor serves node/ targets (no Kubernetes here), so there is no datastore to
    // read: the binary runs, as it always did.
    return undefined;
  }
}

function askCalico(executor: Executor, data: JobData, context: RunJobContext): Promise<RunResult> {
  const { request } = data;
  const plan = planJob(request, context.commands);
  const built = argvFor(plan, { addresses: new Map(), ports: new Map() });
  if (built.kind !== 'single') throw new Error('calicoctl was planned as a two-party tool');
  // commands/calicoctl.ts validated these.
  const args = request.args as Omit<CalicoQuery, 'argv' | 'namespace'>;
  context.onProgress('running', 'calicoctl from the Kubernetes API (no calicoctl binary on the worker)');
  return executor.calico!({
    argv: built.argv,
    verb: args.verb,
    what: args.what,
    name: args.name,
    output: args.output,
    allNamespaces: args.allNamespaces,
    showBlocks: args.showBlocks,
    namespace: request.namespace,
  });
}
