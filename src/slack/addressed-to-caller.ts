import { ForbiddenError, type UserError } from '../errors.js';

/**
 * A policy refusal speaks of its subject as `<@U…>` in `<#C…>` (src/policy/decide.ts), which reads
 * well in `policy explain` and the audit trail. Told privately to that person, it says "you" and
 * "this channel": the reply escapes `<` (nothing in it may mention anyone), so a mention would show
 * as its raw ID.
 */
export function addressedToCaller(text: string, caller: { userId: string; channelId?: string }): string {
  let addressed = text.split(`<@${caller.userId}>`).join('you');
  if (caller.channelId !== undefined)
    addressed = addressed.split(`<#${caller.channelId}>`).join('this channel');
  return addressed;
}

/** A refusal (ForbiddenError) reworded for its caller; any other user error as it is. */
export function refusalForCaller(
  error: UserError,
  caller: { userId: string; channelId?: string },
): UserError {
  if (error.kind !== 'forbidden') return error;
  return new ForbiddenError(
    addressedToCaller(error.message, caller),
    error.hints.map((hint) => addressedToCaller(hint, caller)),
  );
}
