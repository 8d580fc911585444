import { execFile, execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';

const run = promisify(execFile);

/** Whether kubectl (with its built-in kustomize) is on this machine: the fidelity tests need it. */
export const kubectlAvailable = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
})();

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  [field: string]: unknown;
}

/**
 * A kustomization as `kubectl apply -k` would send it: `kubectl kustomize` where kubectl is installed;
 * elsewhere the base's own files with its namespace set (no components or patches, so only for a
 * plain base), so that the schema and RBAC checks still run on a machine without kubectl.
 */
export async function renderKustomization(dir: string): Promise<Manifest[]> {
  if (kubectlAvailable) {
    const { stdout } = await run('kubectl', ['kustomize', dir], {
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return parseAllDocuments(stdout).map((document) => document.toJS() as Manifest);
  }
  return renderPlainBase(dir);
}

/** A plain base without kubectl: its resources, with its namespace set on the namespaced ones. */
export async function renderPlainBase(dir: string): Promise<Manifest[]> {
  const kustomization = parse(await readFile(join(dir, 'kustomization.yaml'), 'utf8')) as {
    namespace?: string;
    resources?: string[];
    components?: string[];
  };
  if (kustomization.components?.length)
    throw new Error(`${dir} uses components, which need kubectl kustomize`);
  const manifests = (
    await Promise.all((kustomization.resources ?? []).map((file) => readManifests(join(dir, file))))
  ).flat();
  const clusterScoped = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);
  return manifests.map((manifest) =>
    clusterScoped.has(manifest.kind) || !kustomization.namespace
      ? manifest
      : { ...manifest, metadata: { ...manifest.metadata, namespace: kustomization.namespace } },
  );
}

export async function readManifests(path: string): Promise<Manifest[]> {
  return parseAllDocuments(await readFile(path, 'utf8')).map((document) => document.toJS() as Manifest);
}
