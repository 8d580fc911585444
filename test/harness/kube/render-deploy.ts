import { execFile, execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { kustomize, type Manifest } from './kustomize.js';

export { readManifests, type Manifest } from './kustomize.js';

const run = promisify(execFile);

/** Whether kubectl (with its built-in kustomize) is on this machine. */
export const kubectlAvailable = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
})();

/** The kustomizations of deploy/ whose `kubectl kustomize` output is recorded for machines without it. */
export const recordedKustomizations = [
  'deploy/base',
  'deploy/overlays/external-redis',
  'deploy/overlays/keda',
  'deploy/overlays/hpa',
] as const;

export function recordingPath(dir: string): string {
  return join(
    fileURLToPath(new URL('.', import.meta.url)),
    'kustomize-recorded',
    `${dir.replaceAll('/', '-')}.yaml`,
  );
}

/**
 * A kustomization as `kubectl apply -k` would send it: `kubectl kustomize` where kubectl is installed,
 * else kustomize.ts, which the deploy-manifests test holds to kubectl's recorded output.
 */
export async function renderKustomization(dir: string): Promise<Manifest[]> {
  if (!kubectlAvailable) return kustomize(dir);
  const { stdout } = await run('kubectl', ['kustomize', dir], {
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return parseAllDocuments(stdout).map((document) => document.toJS() as Manifest);
}

/** What `kubectl kustomize` rendered for `dir` when record-kustomize.ts last ran. */
export async function recordedKustomization(dir: string): Promise<Manifest[]> {
  return parseAllDocuments(await readFile(recordingPath(dir), 'utf8')).map(
    (document) => document.toJS() as Manifest,
  );
}
