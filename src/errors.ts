/**
 * The error decides its fate (STYLE.md). A UserError's message is the only text a user ever sees
 * verbatim; it is never retried. An OperatorError is the worker's own setup being wrong: never
 * retried either, told to the user as something an admin fixes and logged for the operator. A
 * TransientError (API 5xx, image pull, Redis hiccup) is retried with backoff. Anything else is a bug:
 * the user sees "internal error, ref <id>" and the log has the rest. `fateOf` is the one place that
 * sorts them (src/worker/create-worker.ts acts on it).
 */
export type UserErrorKind = 'invalid-input' | 'forbidden' | 'target-not-found' | 'target-unavailable';

export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    readonly kind: UserErrorKind,
    message: string,
    /** Extra lines shown under the message: the usage line, an example, the closest names. */
    readonly hints: readonly string[] = [],
  ) {
    super(message);
  }

  /** The full text a user sees: the message, then each hint on its own line. */
  describe(): string {
    return [this.message, ...this.hints].join('\n');
  }
}

export class InvalidInputError extends UserError {
  constructor(message: string, hints: readonly string[] = []) {
    super('invalid-input', message, hints);
  }
}

export class ForbiddenError extends UserError {
  constructor(message: string, hints: readonly string[] = []) {
    super('forbidden', message, hints);
  }
}

export class TargetNotFoundError extends UserError {
  constructor(message: string, hints: readonly string[] = []) {
    super('target-not-found', message, hints);
  }
}

/** The target exists but cannot be used now: a Pending pod, a stopped container, no Ready endpoints. */
export class TargetUnavailableError extends UserError {
  constructor(message: string, hints: readonly string[] = []) {
    super('target-unavailable', message, hints);
  }
}

/** A failure worth retrying with backoff: the far side may answer next time. */
export class TransientError extends Error {
  override readonly name = 'TransientError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The worker's setup is wrong, not the request: its RBAC forbids a call, the toolbox image is missing,
 * the executor is misconfigured. Retrying cannot help and the user cannot fix it, so the message says
 * who can and how ("ask an admin to apply deploy/base/rbac.yaml"); the operator reads it in the log.
 */
export class OperatorError extends Error {
  override readonly name = 'OperatorError';
  constructor(
    message: string,
    /** What an admin does about it, one line each. */
    readonly hints: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  describe(): string {
    return [this.message, ...this.hints].join('\n');
  }
}

export type ErrorFate = 'user' | 'operator' | 'transient' | 'bug';

/** What becomes of a failed job: told as is (user, operator), retried (transient), or a bug with a ref. */
export function fateOf(error: unknown): ErrorFate {
  if (error instanceof UserError) return 'user';
  if (error instanceof OperatorError) return 'operator';
  if (error instanceof TransientError) return 'transient';
  return 'bug';
}

export function isOperatorError(error: unknown): error is OperatorError {
  return error instanceof OperatorError;
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
