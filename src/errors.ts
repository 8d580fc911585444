/**
 * The error decides its fate (STYLE.md). A UserError's message is the only text a user ever sees
 * verbatim; it is never retried. A TransientError (API 5xx, image pull, Redis hiccup) is retried with
 * backoff. Anything else is a bug: the user sees "internal error, ref <id>" and the log has the rest.
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

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
