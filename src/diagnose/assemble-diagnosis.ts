import { layerNames, type Diagnosis, type LayerFinding, type LayerName } from './diagnosis.js';

/**
 * The answer, in layer order with each layer once: a layer nobody found anything about is
 * `unchecked`; the first `fail` is the verdict.
 */
export function assembleDiagnosis(
  heading: Pick<Diagnosis, 'from' | 'to' | 'port'>,
  found: readonly LayerFinding[],
  elapsedMs: number,
): Diagnosis {
  const layers = layerNames.map(
    (layer): LayerFinding =>
      found.find((finding) => finding.layer === layer) ?? {
        layer,
        status: 'unchecked',
        evidence: 'not checked: the diagnosis ended before it',
      },
  );
  const verdict = layers.find((finding) => finding.status === 'fail')?.layer;
  return {
    from: heading.from,
    to: heading.to,
    ...(heading.port === undefined ? {} : { port: heading.port }),
    layers,
    ...(verdict ? { verdictLayer: verdict } : {}),
    elapsedMs,
  };
}

/** `skipped`, with the layer below that broke: time is not spent above a broken layer. */
export function skipped(layer: LayerName, because: LayerFinding): LayerFinding {
  return { layer, status: 'skipped', evidence: `not run: the ${because.layer} layer failed` };
}

/** The first failed finding among those below, if any. */
export function firstFailure(found: readonly LayerFinding[]): LayerFinding | undefined {
  return found.find((finding) => finding.status === 'fail');
}
