import type { DiagnoseExecutor } from './ports.js';
import { formatTarget } from '../grammar/target.js';
import type { Budget } from './budget.js';
import type { ApiView, DiagnoseQuery, LayerFinding } from './diagnosis.js';

export interface ApiLayers {
  readonly view?: ApiView;
  /** The `service` and `policy` findings, in that order, each present. */
  readonly findings: readonly [LayerFinding, LayerFinding];
}

/** The API gets this much of the bound at most: the probes need the rest. */
const apiMs = 6000;

/**
 * The `service` and `policy` layers come from FROM's executor's API (read verbs only): Kubernetes
 * reads Services, EndpointSlices, NetworkPolicies and Calico; Docker its networks. An executor
 * without an API (local: netns/, host) leaves both unchecked, and says so.
 */
export async function askApi(
  executor: DiagnoseExecutor,
  query: DiagnoseQuery,
  budget: Budget,
): Promise<ApiLayers> {
  if (!executor.diagnose) {
    const why = `${formatTarget(query.from)} has no API to read Services or policies (the ${executor.name} executor)`;
    return { findings: [unchecked('service', why), unchecked('policy', why)] };
  }
  const grantedMs = budget.grant(apiMs);
  if (grantedMs === undefined) {
    const why = budget.exhausted() ?? 'no time left';
    return { findings: [unchecked('service', why), unchecked('policy', why)] };
  }
  let view: ApiView;
  try {
    view = await executor.diagnose({
      ...query,
      signal: AbortSignal.any([budget.signal, AbortSignal.timeout(grantedMs)]),
    });
  } catch (error) {
    // The probes still run: an API that cannot be read is a layer unchecked, not a failed diagnosis.
    const why = `the ${executor.name} API could not be read: ${error instanceof Error ? error.message : String(error)}`;
    return { findings: [unchecked('service', why), unchecked('policy', why)] };
  }
  const layer = (name: 'service' | 'policy'): LayerFinding =>
    view.findings.find((finding) => finding.layer === name) ??
    unchecked(
      name,
      view.notChecked?.[name] ?? `the ${executor.name} API said nothing about the ${name} layer`,
    );
  return { view, findings: [layer('service'), layer('policy')] };
}

function unchecked(layer: 'service' | 'policy', evidence: string): LayerFinding {
  return { layer, status: 'unchecked', evidence };
}
