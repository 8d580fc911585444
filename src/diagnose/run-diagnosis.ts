import type { ProbeSession, SelectDiagnoseExecutor } from './ports.js';
import { formatTarget, type TargetRef } from '../grammar/target.js';
import type { RunResult } from '../results/run-result.js';
import { askApi } from './api-layers.js';
import { checkApp } from './app-layer.js';
import { assembleDiagnosis, firstFailure, skipped } from './assemble-diagnosis.js';
import { createBudget, type Budget } from './budget.js';
import { destinationOf, portNumber, withPort, type Destination } from './destination.js';
import type { ApiView, DiagnoseDestination, LayerFinding, ProbeAddress } from './diagnosis.js';
import { checkName } from './name-layer.js';
import { checkPath } from './path-layer.js';
import { checkReach } from './reach-layer.js';

export interface DiagnoseInput {
  readonly from: TargetRef;
  readonly to: DiagnoseDestination;
  /** As written: a number, or a Service port name. */
  readonly port?: string;
  readonly namespace: string;
  /** The job's deadline (--timeout, 20 s by default): the whole diagnosis stays within it. */
  readonly timeoutMs: number;
}

export interface DiagnoseDeps {
  /** FROM's session, opened as for any tool (src/worker/run-job.ts). */
  readonly openSession: () => Promise<ProbeSession>;
  readonly selectExecutor: SelectDiagnoseExecutor;
  /** Cancel or deadline: running probes are killed, no new one starts. */
  readonly signal: AbortSignal;
  /** The running line: which layer is being checked. */
  readonly onProgress: (detail: string) => void;
}

/**
 * `diagnose FROM TO[:PORT]` (issue 14): asks FROM's executor's API, then checks the layers in
 * order with read-only probes in FROM's network namespace, stops spending time above a broken
 * layer, and answers with a Diagnosis as JSON on stdout (src/format/summaries/diagnose reads it).
 */
export async function runDiagnosis(input: DiagnoseInput, deps: DiagnoseDeps): Promise<RunResult> {
  const budget = createBudget(input.timeoutMs, deps.signal);
  const to = destinationOf(input.to);
  const written = {
    from: formatTarget(input.from),
    to: to.written,
    ...(input.port === undefined ? {} : { port: input.port }),
  };
  deps.onProgress(
    `diagnose ${written.from} → ${withPort(to.written, input.port)}: reading the API, opening the session`,
  );
  const fromExecutor = deps.selectExecutor(input.from);
  const [session, api] = await Promise.all([
    deps.openSession(),
    askApi(
      fromExecutor,
      {
        from: input.from,
        to: input.to,
        ...(input.port === undefined ? {} : { port: input.port }),
        namespace: input.namespace,
        signal: deps.signal,
      },
      budget,
    ),
  ]);
  const found = await checkLayers(session, budget, input, to, api.view, [...api.findings], deps);
  const diagnosis = assembleDiagnosis(written, found, budget.elapsedMs());
  return {
    argv: ['diagnose', written.from, withPort(to.written, input.port)],
    exitCode: 0,
    signal: null,
    timedOut: false,
    canceled: deps.signal.aborted,
    stdout: JSON.stringify(diagnosis),
    stderr: '',
    truncated: false,
    durationMs: budget.elapsedMs(),
    artifacts: [],
  };
}

async function checkLayers(
  session: ProbeSession,
  budget: Budget,
  input: DiagnoseInput,
  to: Destination,
  api: ApiView | undefined,
  found: LayerFinding[],
  deps: DiagnoseDeps,
): Promise<LayerFinding[]> {
  deps.onProgress('name');
  const resolveTarget = async () => {
    if (to.kind !== 'target') throw new Error('not a target');
    return deps
      .selectExecutor(to.target)
      .resolveAddress(to.target, { namespace: input.namespace, from: input.from });
  };
  const name = await checkName(session, budget, to, api, resolveTarget);
  found.unshift(name.finding);
  const broken = firstFailure(found);
  if (broken || name.addresses.length === 0) {
    const because = broken ?? name.finding;
    return [
      ...found,
      ...(['reach', 'app', 'path'] as const).map((layer) => skippedOrUnchecked(layer, because)),
    ];
  }
  const port = await portOf(input, to, deps);
  const { service, endpoints } = probeAddresses(api, name.addresses[0]!, to.written, port);
  deps.onProgress('reach: ICMP and TCP');
  const reach = await checkReach(session, budget, service, endpoints);
  found.push(reach.finding);
  let app: LayerFinding;
  let silent = false;
  const at = reach.connected[0];
  if (reach.finding.status === 'fail') app = skipped('app', reach.finding);
  else if (!at)
    app = {
      layer: 'app',
      status: 'unchecked',
      evidence:
        port === undefined
          ? 'no port given: write TO:PORT to check the application'
          : (budget.exhausted() ?? 'no address connected'),
    };
  else {
    deps.onProgress('app: HTTP and TLS');
    const checked = await checkApp(session, budget, at, to.kind === 'name' ? to.name : undefined);
    app = checked.finding;
    silent = checked.silent;
  }
  found.push(app);
  deps.onProgress('path: packet size and route');
  found.push(
    await checkPath(session, budget, {
      address: endpoints[0]?.address ?? service?.address ?? name.addresses[0]!,
      troubled: reach.finding.status === 'fail' || app.status === 'fail' || silent,
      smallEchoAnswered: (reach.echo?.received ?? 0) > 0,
      ...(reach.echo?.ttl === undefined ? {} : { replyTtl: reach.echo.ttl }),
    }),
  );
  return found;
}

/** Below a failure, skipped; below a layer that could not be checked (no time), unchecked too. */
function skippedOrUnchecked(layer: 'reach' | 'app' | 'path', because: LayerFinding): LayerFinding {
  return because.status === 'fail'
    ? skipped(layer, because)
    : { layer, status: 'unchecked', evidence: `not run: the ${because.layer} layer could not be checked` };
}

/**
 * The port as a number: as written, or a Service port name looked up on the Service when the API
 * view did not carry it (its executor's resolveServicePort).
 */
async function portOf(
  input: DiagnoseInput,
  to: Destination,
  deps: DiagnoseDeps,
): Promise<number | undefined> {
  const number = portNumber(input.port);
  if (number !== undefined || input.port === undefined || to.kind !== 'target') return number;
  const executor = deps.selectExecutor(to.target);
  if (!executor.resolveServicePort) return undefined;
  try {
    return await executor.resolveServicePort(to.target, input.port, { namespace: input.namespace });
  } catch {
    // dropped: the Service layer (from the API) says what is wrong with the port name; TCP is then
    // not tried and the reach layer says no port is known.
    return undefined;
  }
}

/**
 * What to dial: the API's Service address and ready endpoints when it gave them, else TO's own
 * address (a name as resolved, an address, a target's address) with the port asked about.
 */
function probeAddresses(
  api: ApiView | undefined,
  address: string,
  label: string,
  port: number | undefined,
): { service?: ProbeAddress; endpoints: readonly ProbeAddress[] } {
  const withDefault = (target: ProbeAddress): ProbeAddress =>
    target.port === undefined && port !== undefined ? { ...target, port } : target;
  const service = api?.serviceAddress ? withDefault(api.serviceAddress) : undefined;
  const endpoints = (api?.endpoints ?? []).map(withDefault);
  if (service || endpoints.length > 0) return { ...(service ? { service } : {}), endpoints };
  return { endpoints: [{ address, protocol: 'TCP', label, ...(port === undefined ? {} : { port }) }] };
}
