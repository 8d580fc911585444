import type { ToolReaders } from '../summary.js';
import { summarizeDiagnose } from './diagnose.js';

/**
 * diagnose (issue 14): the worker writes its Diagnosis as JSON, a machine output like `ip -j`; people
 * see the verdict table and the probes' outputs, and only --raw shows the JSON.
 */
export const diagnoseReaders: ToolReaders = {
  diagnose: { summarize: summarizeDiagnose, machineOutput: true },
};
