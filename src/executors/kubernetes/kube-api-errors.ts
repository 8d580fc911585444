import { ApiException } from '@kubernetes/client-node';
import { OperatorError, TargetNotFoundError, TransientError, UserError } from '../../errors.js';

/** The HTTP status and the Status message of a failed API call, whatever shape the error took. */
export function apiFailure(error: unknown): {
  code: number | undefined;
  message: string;
  reason: string | undefined;
} {
  if (error instanceof ApiException) {
    const body = parseBody(error.body);
    return { code: error.code, message: body?.message ?? error.message, reason: body?.reason };
  }
  return { code: undefined, message: (error as Error)?.message ?? String(error), reason: undefined };
}

function parseBody(body: unknown): { message?: string; reason?: string } | undefined {
  if (typeof body === 'object' && body !== null) return body as { message?: string; reason?: string };
  if (typeof body !== 'string') return undefined;
  try {
    return JSON.parse(body) as { message?: string; reason?: string };
  } catch {
    return { message: body };
  }
}

export function isNotFound(error: unknown): boolean {
  return apiFailure(error).code === 404;
}

/**
 * Turns a failed API call into an error whose fate is right (STYLE.md): 404 is the user's target
 * not being there, 403 is this worker's ServiceAccount lacking a grant (an operator error: said with
 * what an admin applies),
 * 5xx, 429 and connection failures are worth retrying.
 */
export function translateApiError(error: unknown, what: string, notFoundMessage?: string): Error {
  // Already decided (a user error found while waiting, a transient one): keep its fate.
  if (error instanceof UserError || error instanceof TransientError) return error;
  const { code, message } = apiFailure(error);
  if (code === 404 && notFoundMessage) return new TargetNotFoundError(notFoundMessage);
  if (code === 403) {
    return new OperatorError(
      `the worker's service account may not ${what} (the Kubernetes API answered: ${message})`,
      ['ask an admin to apply deploy/base/rbac.yaml, which grants the worker what it needs'],
      { cause: error },
    );
  }
  if (code === undefined || code === 429 || code >= 500) {
    return new TransientError(`the Kubernetes API did not answer to ${what}: ${message}`, { cause: error });
  }
  return new Error(`the Kubernetes API failed to ${what} (HTTP ${code}): ${message}`, { cause: error });
}
