import type { TargetRef } from '../grammar/target.js';

// `diagnose FROM TO[:PORT]` (issue 14): the layers a connection needs, checked in order from FROM's
// network namespace, and the first that fails named as the verdict. The worker's orchestrator
// (src/diagnose/run-diagnosis.ts) fills a Diagnosis; the job's RunResult carries it as JSON on stdout
// (a machine output: only --raw shows it); src/format/summaries/diagnose reads it into the verdict
// table people see. Every type here is plain data that survives JSON.

/** The layers, bottom-up in the order a connection needs them; the first broken one is the verdict. */
export const layerNames = ['name', 'service', 'policy', 'reach', 'app', 'path'] as const;
export type LayerName = (typeof layerNames)[number];

/**
 * What one layer found.
 * - `ok`: it works ("db → 10.96.0.12, the Service's ClusterIP").
 * - `warn`: it works, but something is off and is said (ICMP lost while TCP connects; 1 of 3 endpoints
 *   not ready). A warning is never the verdict while a layer fails.
 * - `fail`: it does not work; the first `fail` in layer order is the verdict.
 * - `skipped`: not run, because a layer below failed (time is not spent above a broken layer).
 * - `unchecked`: could not be checked, and `evidence` says why ("no API access to NetworkPolicies",
 *   "Calico absent", "not a Kubernetes target", "no port given").
 */
export type LayerStatus = 'ok' | 'warn' | 'fail' | 'skipped' | 'unchecked';

/** What a probe printed, for the thread: the argv as run and its output, as the tool wrote it. */
export interface ProbeTranscript {
  readonly argv: readonly string[];
  readonly exitCode: number | null;
  /** stdout then stderr, capped (a few KiB each): evidence, not the whole story. */
  readonly output: string;
  readonly durationMs: number;
}

export interface LayerFinding {
  readonly layer: LayerName;
  readonly status: LayerStatus;
  /**
   * One line in an SRE's words, shown in the verdict table and, for the verdict layer, as the
   * headline: "payments:8080 has no ready endpoints (3 not ready: readiness probe failing)",
   * "NetworkPolicy shop/deny-all-ingress selects pod/payments-1 and allows nothing on 8080".
   */
  readonly evidence: string;
  /** Further lines for the thread: each endpoint, each policy that selects, each hop. */
  readonly details?: readonly string[];
  /** The probes this layer ran (dig, nc, curl, ping, tracepath), for the thread. */
  readonly transcripts?: readonly ProbeTranscript[];
}

/** The whole answer, carried as JSON in the diagnose job's RunResult.stdout. */
export interface Diagnosis {
  /** As written: `pod/checkout`, `container/web`. */
  readonly from: string;
  /** As written: `svc/payments`, `payments.shop`, `198.18.1.2`. */
  readonly to: string;
  /** The port asked about, as written (`8080` or a Service port name `http`); absent when none was. */
  readonly port?: string;
  /** One finding per layer of `layerNames`, in that order, each layer exactly once. */
  readonly layers: readonly LayerFinding[];
  /** The first `fail` layer, absent when none failed. */
  readonly verdictLayer?: LayerName;
  /** The whole run, bounded by the job's deadline (20 s by default). */
  readonly elapsedMs: number;
}

/** TO as the user wrote it: a target (`svc/payments`, `pod/db-0`, `container/db`) or a host name or address. */
export type DiagnoseDestination = TargetRef | string;

/** What the orchestrator asks an executor's API about (read verbs only). */
export interface DiagnoseQuery {
  readonly from: TargetRef;
  readonly to: DiagnoseDestination;
  /** A number as a string, or a Service port name. */
  readonly port?: string;
  /** The request's namespace (-n). */
  readonly namespace: string;
  readonly signal?: AbortSignal;
}

/** An address and port the probes should try, and what it is: "the Service", "endpoint pod/payments-1". */
export interface ProbeAddress {
  readonly address: string;
  /** Absent when no port is known (ICMP only). */
  readonly port?: number;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly label: string;
}

/**
 * What an executor's API says about the path (Kubernetes: Services, EndpointSlices, NetworkPolicies,
 * Calico; Docker: shared networks and the embedded DNS). The executor judges the `service` and
 * `policy` layers itself, from objects it read; the orchestrator judges the others with probes, using
 * the addresses given here.
 */
export interface ApiView {
  /** Findings for `service` and `policy` only; a layer left out is `unchecked` with `notChecked`'s reason. */
  readonly findings: readonly LayerFinding[];
  /** Why a layer could not be read at all: `{ policy: 'no API access to NetworkPolicies (403)' }`. */
  readonly notChecked?: Partial<Record<LayerName, string>>;
  /**
   * The names TO goes by and the addresses they should resolve to, for the `name` layer: a Service's
   * `payments`, `payments.shop`, `payments.shop.svc.cluster.local` → its ClusterIP (or, headless, the
   * ready endpoints' addresses); a Docker container's name and aliases → its address on a shared network.
   */
  readonly expectedName?: { readonly names: readonly string[]; readonly addresses: readonly string[] };
  /** The Service's own address and port (the ClusterIP), when TO is or names a Service. */
  readonly serviceAddress?: ProbeAddress;
  /** Each ready endpoint (or TO's own address when it is a pod or container), for direct connects. */
  readonly endpoints: readonly ProbeAddress[];
}
