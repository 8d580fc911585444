import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { applyJsonPatch } from './ephemeral-patch.js';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  [field: string]: unknown;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  components?: string[];
  labels?: { pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }[];
  images?: { name: string; newName?: string; newTag?: string }[];
  patches?: { patch: string; target?: { kind?: string; name?: string } }[];
}

const understood = new Set([
  'apiVersion',
  'kind',
  'namespace',
  'resources',
  'components',
  'labels',
  'images',
  'patches',
]);
const clusterScoped = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);

/**
 * The part of kustomize that deploy/ uses, for machines without kubectl: resources and components
 * (with files of their own),
 * namespace, labels (metadata only), images, and patches (a strategic-merge `$patch: delete`, or
 * JSON 6902 operations) by target kind and name. Anything else in a kustomization is refused rather
 * than ignored, and the deploy-manifests test holds the result to `kubectl kustomize`'s recorded output.
 */
export async function kustomize(dir: string): Promise<Manifest[]> {
  const kustomization = parse(await readFile(join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization;
  const unknown = Object.keys(kustomization).filter((key) => !understood.has(key));
  if (unknown.length)
    throw new Error(
      `${dir}: the kustomize without kubectl does not know ${unknown.join(', ')}; use kubectl kustomize`,
    );
  let manifests: Manifest[] = [];
  for (const resource of kustomization.resources ?? []) {
    const path = join(dir, resource);
    manifests.push(...((await stat(path)).isDirectory() ? await kustomize(path) : await readManifests(path)));
  }
  for (const component of kustomization.components ?? []) {
    const path = join(dir, component);
    const parts = parse(await readFile(join(path, 'kustomization.yaml'), 'utf8')) as Kustomization;
    if (parts.kind !== 'Component') throw new Error(`${path} is not a kustomize Component`);
    // A component's own objects join before its patches run, as kustomize does.
    for (const resource of parts.resources ?? [])
      manifests.push(...(await readManifests(join(path, resource))));
    manifests = await transform(path, parts, manifests);
  }
  return transform(dir, kustomization, manifests);
}

async function transform(dir: string, kustomization: Kustomization, input: Manifest[]): Promise<Manifest[]> {
  let manifests = input.map((manifest) => structuredClone(manifest));
  const { namespace } = kustomization;
  if (namespace)
    for (const manifest of manifests)
      if (!clusterScoped.has(manifest.kind)) manifest.metadata.namespace = namespace;
  for (const label of kustomization.labels ?? []) {
    if (label.includeSelectors || label.includeTemplates)
      throw new Error(`${dir}: labels into selectors or templates need kubectl kustomize`);
    for (const manifest of manifests)
      manifest.metadata.labels = { ...manifest.metadata.labels, ...label.pairs };
  }
  for (const image of kustomization.images ?? []) {
    for (const container of manifests.flatMap(containersOf)) {
      const [name, tag] = splitImage(container.image);
      if (name !== image.name) continue;
      container.image = `${image.newName ?? name}${image.newTag ? `:${image.newTag}` : tag ? `:${tag}` : ''}`;
    }
  }
  for (const { patch, target } of kustomization.patches ?? []) {
    const matches = (manifest: Manifest) =>
      (!target?.kind || manifest.kind === target.kind) &&
      (!target?.name || manifest.metadata.name === target.name);
    const body = parse(patch) as unknown;
    if (Array.isArray(body)) {
      manifests = manifests.map((manifest) =>
        matches(manifest) ? (applyJsonPatch(manifest, body) as Manifest) : manifest,
      );
    } else if ((body as { $patch?: string }).$patch === 'delete') {
      manifests = manifests.filter((manifest) => !matches(manifest));
    } else {
      throw new Error(`${dir}: only $patch: delete and JSON 6902 patches are known without kubectl`);
    }
  }
  return manifests;
}

function containersOf(manifest: Manifest): { image: string }[] {
  const template = (manifest.spec?.template as { spec?: Record<string, unknown> } | undefined)?.spec;
  const spec = template ?? (manifest.kind === 'Pod' ? manifest.spec : undefined);
  return [
    ...((spec?.containers as { image: string }[] | undefined) ?? []),
    ...((spec?.initContainers as { image: string }[] | undefined) ?? []),
  ];
}

function splitImage(image: string): [string, string | undefined] {
  const at = image.lastIndexOf(':');
  return at > image.lastIndexOf('/') ? [image.slice(0, at), image.slice(at + 1)] : [image, undefined];
}

export async function readManifests(path: string): Promise<Manifest[]> {
  return parseAllDocuments(await readFile(path, 'utf8')).map((document) => document.toJS() as Manifest);
}
