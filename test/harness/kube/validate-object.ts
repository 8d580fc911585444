import { ApiStatusError } from './api-status.js';

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: Record<string, unknown>) => Validatable;

/**
 * Checks an object against the official Kubernetes OpenAPI schemas, as shipped compiled by the
 * kubernetes-models package (offline). The model is found from apiVersion and kind, so any built-in
 * kind works; an unknown kind is an error rather than a silent pass.
 */
export async function schemaErrors(object: Record<string, unknown>): Promise<string | undefined> {
  const apiVersion = String(object.apiVersion ?? '');
  const kind = String(object.kind ?? '');
  if (!/^([a-z0-9.-]+\/)?v[0-9a-z]+$/.test(apiVersion) || !/^[A-Z][A-Za-z]+$/.test(kind)) {
    return `apiVersion "${apiVersion}" and kind "${kind}" do not name a Kubernetes type`;
  }
  let Model: ModelClass;
  try {
    const module = (await import(`kubernetes-models/${apiVersion}/${kind}`)) as Record<string, ModelClass>;
    Model = module[kind] ?? (module.default as ModelClass);
  } catch {
    return `no schema for ${apiVersion} ${kind}`;
  }
  try {
    new Model(object).validate();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The 422 the real server gives for an object that does not match its schema. */
export async function assertValidObject(object: Record<string, unknown>): Promise<void> {
  const errors = await schemaErrors(object);
  if (errors === undefined) return;
  const name = String((object.metadata as { name?: string } | undefined)?.name ?? '');
  throw new ApiStatusError(422, 'Invalid', `${String(object.kind)} "${name}" is invalid: ${errors}`, {
    name,
    kind: String(object.kind),
    causes: [{ reason: 'FieldValueInvalid', message: errors }],
  });
}
