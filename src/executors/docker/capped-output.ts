// Moved to the process core, which owns every executor's output cap; kept so that existing imports
// (the kube double's contract test) still resolve.
export { CappedOutput } from '../process-core/capped-output.js';
