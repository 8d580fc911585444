import { execFile } from 'node:child_process';
import { KubectlReplay, type KubectlResult } from './kubectl-replay.js';
import { kubectlAvailable } from './render-deploy.js';

export type { KubectlResult } from './kubectl-replay.js';

/** kubectl pointed at one kubeconfig: the real one where installed, else its recorded requests replayed. */
export interface Kubectl {
  /** For test names and messages: which of the two ran. */
  readonly name: 'kubectl' | 'the kubectl replay';
  run(...args: string[]): Promise<KubectlResult>;
}

export function kubectlFor(kubeconfigPath: string): Kubectl {
  if (!kubectlAvailable) {
    const replay = KubectlReplay.fromFile(kubeconfigPath);
    return { name: 'the kubectl replay', run: async (...args) => (await replay).run(args) };
  }
  return {
    name: 'kubectl',
    run: (...args) =>
      new Promise((resolve) =>
        execFile(
          'kubectl',
          ['--kubeconfig', kubeconfigPath, ...args],
          { timeout: 60_000 },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            resolve({ stdout, stderr, code });
          },
        ),
      ),
  };
}

/** Whether this machine runs the real kubectl (the name printed in test titles). */
export const kubectlName: Kubectl['name'] = kubectlAvailable ? 'kubectl' : 'the kubectl replay';
