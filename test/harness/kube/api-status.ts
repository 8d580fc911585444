/**
 * The API server's error shape: every failure is a `Status` object with the HTTP code repeated in the
 * body, a machine-readable reason and a message worded as the real server words it, because kubectl and
 * @kubernetes/client-node both show `message` to people.
 */
export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'UnsupportedMediaType'
  | 'InternalError';

export interface StatusDetails {
  readonly name?: string;
  readonly group?: string;
  readonly kind?: string;
  readonly causes?: readonly { reason: string; message: string; field?: string }[];
}

export class ApiStatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** `pods "web" not found`, as the real server says it. */
export function notFound(resource: string, name: string, group = ''): ApiStatusError {
  return new ApiStatusError(404, 'NotFound', `${resource}${group ? `.${group}` : ''} "${name}" not found`, {
    name,
    group,
    kind: resource,
  });
}

/** The answer to a path the server does not serve at all (an old cluster without a subresource). */
export function pageNotFound(): ApiStatusError {
  return new ApiStatusError(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function invalid(
  kind: string,
  name: string,
  causes: { field: string; message: string }[],
): ApiStatusError {
  const text = causes.map((cause) => `${cause.field}: ${cause.message}`).join(', ');
  return new ApiStatusError(422, 'Invalid', `${kind} "${name}" is invalid: ${text}`, {
    name,
    kind: kind.toLowerCase() + 's',
    causes: causes.map((cause) => ({
      reason: 'FieldValueInvalid',
      message: cause.message,
      field: cause.field,
    })),
  });
}
