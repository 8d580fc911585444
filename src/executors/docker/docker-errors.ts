import type { Logger } from 'pino';

/** docker-modem puts the HTTP status of a failed API call on the error. */
export function dockerStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The engine's own message ("No such container: x"), without docker-modem's prefix. */
export function dockerMessage(error: unknown): string {
  const json = (error as { json?: { message?: unknown } } | null)?.json;
  if (json && typeof json.message === 'string') return json.message;
  return error instanceof Error ? error.message : String(error);
}

/** Removing something that is already gone (or going) is success for a cleanup. */
export function isGone(error: unknown): boolean {
  const status = dockerStatus(error);
  return status === 404 || status === 409;
}

/**
 * The catch of a cleanup (removing a toolbox): one already gone (404) or being removed (409) is what
 * the cleanup wanted; anything else is logged with `fields` (the job id where there is one).
 */
export function logUnlessGone(
  logger: Logger | undefined,
  fields: Record<string, unknown>,
  message: string,
): (error: unknown) => void {
  return (error) => {
    if (!isGone(error)) logger?.warn({ ...fields, err: error }, message);
  };
}
