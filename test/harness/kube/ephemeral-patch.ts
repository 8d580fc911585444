import type { V1EphemeralContainer } from '@kubernetes/client-node';
import { ApiStatusError } from './api-status.js';

type Json = unknown;

/**
 * Strategic merge of `spec.ephemeralContainers`: a list merged by `name`, so entries the patch does
 * not mention stay, entries it names are merged field by field, and `$patch: delete` removes one
 * (which the subresource then refuses, as the real server does).
 */
export function mergeEphemeralContainers(
  before: readonly V1EphemeralContainer[],
  incoming: readonly (V1EphemeralContainer & { $patch?: string })[],
): V1EphemeralContainer[] {
  const result = before.map((container) => structuredClone(container));
  for (const entry of incoming) {
    const index = result.findIndex((container) => container.name === entry.name);
    if (entry.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) result[index] = mergeObjects(result[index], entry) as V1EphemeralContainer;
    else result.push(structuredClone(entry));
  }
  return result;
}

function mergeObjects(target: Json, patch: Json): Json {
  if (!isObject(target) || !isObject(patch)) return structuredClone(patch);
  const merged: Record<string, Json> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = mergeObjects(merged[key], value);
  }
  return merged;
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 6902 on a copy of `document`: add, remove, replace and test, enough for what clients send. */
export function applyJsonPatch(document: Json, operations: readonly Json[]): Json {
  const result = structuredClone(document) as Record<string, Json>;
  for (const raw of operations) {
    const operation = raw as { op?: string; path?: string; value?: Json };
    if (typeof operation.op !== 'string' || typeof operation.path !== 'string') {
      throw new ApiStatusError(
        400,
        'BadRequest',
        'the server rejected our request due to an error in our request',
      );
    }
    const tokens = operation.path
      .split('/')
      .slice(1)
      .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = tokens.pop();
    let parent: Json = result;
    for (const token of tokens) {
      parent = (parent as Record<string, Json>)?.[token];
      if (parent === undefined)
        throw new ApiStatusError(
          422,
          'Invalid',
          `jsonpatch ${operation.op} operation does not apply: doc is missing path: "${operation.path}"`,
        );
    }
    if (last === undefined)
      throw new ApiStatusError(422, 'Invalid', 'jsonpatch on the whole document is not supported');
    const container = parent as Record<string, Json> | Json[];
    switch (operation.op) {
      case 'add':
        if (Array.isArray(container)) {
          if (last === '-') container.push(operation.value);
          else container.splice(Number(last), 0, operation.value);
        } else container[last] = operation.value;
        break;
      case 'replace':
        if (Array.isArray(container)) container[Number(last)] = operation.value;
        else container[last] = operation.value;
        break;
      case 'remove':
        if (Array.isArray(container)) container.splice(Number(last), 1);
        else delete container[last];
        break;
      case 'test': {
        const actual = Array.isArray(container) ? container[Number(last)] : container[last];
        if (JSON.stringify(actual) !== JSON.stringify(operation.value)) {
          throw new ApiStatusError(422, 'Invalid', `testing value ${operation.path} failed`);
        }
        break;
      }
      default:
        throw new ApiStatusError(422, 'Invalid', `Unexpected kind: ${operation.op}`);
    }
  }
  return result;
}
