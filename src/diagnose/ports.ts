import type { TargetRef } from '../grammar/target.js';
import type { RunResult } from '../results/run-result.js';
import type { ApiView, DiagnoseQuery } from './diagnosis.js';

// What the diagnosis needs of the executors, and no more: src/executors/executor.ts already names
// the Diagnosis types for its `diagnose` method, so importing it back from here would make the two
// folders a circle. The worker hands in the real Session and Executors, which fit these shapes.

/** FROM's session: a probe runs there, bounded, and a cancel kills it. */
export interface ProbeSession {
  run(argv: readonly string[], options: { timeoutMs: number; signal?: AbortSignal }): Promise<RunResult>;
}

/** An executor as the diagnosis asks it: its API's view, and where a target is. */
export interface DiagnoseExecutor {
  readonly name: string;
  diagnose?(query: DiagnoseQuery): Promise<ApiView>;
  resolveAddress(target: TargetRef, options: { namespace: string; from?: TargetRef }): Promise<string>;
  resolveServicePort?(service: TargetRef, portName: string, options: { namespace: string }): Promise<number>;
}

export type SelectDiagnoseExecutor = (target: TargetRef) => DiagnoseExecutor;
