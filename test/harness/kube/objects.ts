import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { V1Pod, V1Service } from '@kubernetes/client-node';
import { ApiStatusError, invalid } from './api-status.js';
import type { DoubleContext } from './context.js';
import { patchTypes } from './ephemeral-containers.js';
import { applyJsonPatch } from './ephemeral-patch.js';
import { completeNamespace } from './namespaces.js';
import { isCustomResource } from './custom-resources.js';
import { kinds, type KubeObject } from './object-store.js';
import { createPod } from './pods.js';
import { mediaType } from './request-info.js';
import type { Services } from './services.js';
import { assertValidObject } from './validate-object.js';

/** The generic registry of every served kind: create, delete and patch, as the real server checks them. */
export class Objects {
  constructor(
    private readonly context: DoubleContext,
    private readonly services: Services,
  ) {}

  async create(resource: string, namespace: string, body: KubeObject): Promise<KubeObject> {
    const { store } = this.context;
    const { kind, apiVersion, namespaced } = kinds[resource]!;
    if (resource === 'endpointslices' || resource === 'nodes')
      throw new ApiStatusError(405, 'MethodNotAllowed', `the double computes ${resource} itself`);
    if (body.kind !== kind || body.apiVersion !== apiVersion) {
      throw new ApiStatusError(
        400,
        'BadRequest',
        `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${apiVersion})`,
      );
    }
    const metadata = (body.metadata ??= {});
    if (namespaced) {
      if (metadata.namespace && metadata.namespace !== namespace) {
        throw new ApiStatusError(
          400,
          'BadRequest',
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      metadata.namespace = namespace;
      store.get('namespaces', '', namespace);
    }
    if (!metadata.name && metadata.generateName)
      metadata.name = metadata.generateName + randomBytes(3).toString('hex').slice(0, 5);
    if (!metadata.name)
      throw invalid(kind, '', [
        { field: 'metadata.name', message: 'Required value: name or generateName is required' },
      ]);
    if (!validName(resource, metadata.name)) {
      throw invalid(kind, metadata.name, [
        {
          field: 'metadata.name',
          message: `Invalid value: "${metadata.name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'`,
        },
      ]);
    }
    // A custom resource is kept as given: the double has no CRD schema to check it against.
    if (!isCustomResource(resource)) await assertValidObject(body);
    if (store.has(resource, metadata.namespace ?? '', metadata.name)) {
      throw new ApiStatusError(409, 'AlreadyExists', `${resource} "${metadata.name}" already exists`, {
        name: metadata.name,
        kind: resource,
      });
    }
    if (resource === 'pods') return createPod(this.context, body as V1Pod & KubeObject);
    if (resource === 'services') this.services.allocateClusterIp(body as V1Service);
    const object = structuredClone(body);
    if (resource === 'namespaces') completeNamespace(object);
    const stored = store.store(resource, object);
    if (resource === 'services') this.context.track(this.context.programServices());
    return stored;
  }

  async delete(resource: string, namespace: string, name: string): Promise<KubeObject> {
    const { store, runtime } = this.context;
    const object = store.get(resource, namespace, name);
    if (resource === 'nodes')
      throw new ApiStatusError(405, 'MethodNotAllowed', `the double does not delete ${resource}`);
    if (resource === 'namespaces') {
      if (['default', 'kube-system'].includes(name))
        throw new ApiStatusError(
          403,
          'Forbidden',
          `namespaces "${name}" is forbidden: this namespace may not be deleted`,
        );
      // The namespace controller's part, done at once: everything in it goes with it.
      for (const [other, kind] of Object.entries(kinds))
        if (kind.namespaced && other !== 'endpointslices')
          for (const item of store.all(other, name)) await this.delete(other, name, item.metadata!.name!);
    }
    store.remove(resource, namespace, name);
    if (resource === 'pods') await runtime.remove(object as V1Pod);
    return object;
  }

  /**
   * PATCH of a whole object (`kubectl apply` on one that exists, `kubectl label`): JSON Patch, merge
   * patch, and strategic merge patch with lists of named entries merged by name. A pod's spec may not
   * change, which the real server words as a list of the fields that may.
   */
  async patch(
    request: IncomingMessage,
    resource: string,
    namespace: string,
    name: string,
    raw: string,
  ): Promise<KubeObject> {
    const { store } = this.context;
    const type = mediaType(request);
    if (!patchTypes.has(type) || type === 'application/apply-patch+yaml') {
      throw new ApiStatusError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: ${[...patchTypes].join(', ')}`,
      );
    }
    const current = store.get(resource, namespace, name);
    let patch: unknown;
    try {
      patch = JSON.parse(raw);
    } catch (error) {
      throw new ApiStatusError(400, 'BadRequest', `error decoding patch: ${(error as Error).message}`);
    }
    let next: KubeObject;
    if (type === 'application/json-patch+json') {
      if (!Array.isArray(patch))
        throw new ApiStatusError(
          400,
          'BadRequest',
          'json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
        );
      next = applyJsonPatch(current, patch) as KubeObject;
    } else {
      next = mergePatch(current, patch, type === 'application/strategic-merge-patch+json') as KubeObject;
    }
    const kind = kinds[resource]!;
    next = { ...next, apiVersion: kind.apiVersion, kind: kind.kind };
    next.metadata = {
      ...next.metadata,
      name,
      namespace: current.metadata?.namespace,
      uid: current.metadata?.uid,
    };
    if (resource === 'pods' && JSON.stringify(next.spec) !== JSON.stringify(current.spec)) {
      throw invalid('Pod', name, [
        {
          field: 'spec',
          message:
            'Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations), `spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative) (the double changes none of them: delete the pod and create it again)',
        },
      ]);
    }
    await assertValidObject(next);
    // The stored object keeps its identity (status, the pod's containers): only what the patch set changes.
    for (const key of Object.keys(current)) if (!(key in next)) delete current[key];
    Object.assign(current, next);
    return store.store(resource, current);
  }
}

/**
 * Names are DNS subdomains, except RBAC's, which are path segments (`system:aggregate-to-view`), as
 * the real server's ValidateRBACName allows.
 */
function validName(resource: string, name: string): boolean {
  if (kinds[resource]!.apiVersion.startsWith('rbac.authorization.k8s.io/'))
    return name !== '.' && name !== '..' && !/[/%]/.test(name);
  return /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(name);
}

/**
 * Lists of named entries that strategic merge still replaces whole: a binding's subjects have no
 * merge key in the real types, so `kubectl apply` without a subject removes it.
 */
const atomicLists = new Set(['subjects']);

/** RFC 7386 merge; with `strategic`, lists of objects with a name merge entry by entry. */
function mergePatch(target: unknown, patch: unknown, strategic: boolean): unknown {
  if (strategic && Array.isArray(target) && Array.isArray(patch) && patch.every(named)) {
    const result = target.map((entry) => structuredClone(entry) as unknown);
    for (const entry of patch as { name: string; $patch?: string }[]) {
      const index = result.findIndex((existing) => named(existing) && existing.name === entry.name);
      if (entry.$patch === 'delete') {
        if (index >= 0) result.splice(index, 1);
      } else if (index >= 0) result[index] = mergePatch(result[index], entry, strategic);
      else result.push(structuredClone(entry));
    }
    return result;
  }
  if (!isObject(target) || !isObject(patch)) return structuredClone(patch);
  const merged: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) delete merged[key];
    else merged[key] = mergePatch(merged[key], value, strategic && !atomicLists.has(key));
  }
  return merged;
}

function named(value: unknown): value is { name: string } {
  return isObject(value) && typeof value.name === 'string';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
