import { z } from 'zod';
import { targetRefSchema, type TargetRef } from './target.js';

/**
 * A Service port written by its name (`nc pod/a svc/db pg`), kept as written until the worker looks
 * the name up on the Service (kubectl names ports so: `ports: [{ name: pg, port: 5432 }]`).
 */
export const servicePortRefSchema = z.strictObject({
  service: targetRefSchema,
  portName: z.string(),
});

export type ServicePortRef = z.infer<typeof servicePortRefSchema>;

export function isServicePortRef(value: unknown): value is ServicePortRef {
  return servicePortRefSchema.safeParse(value).success;
}

/**
 * A Kubernetes port name (IANA_SVC_NAME): at most 15 lower-case letters, digits and '-', with at
 * least one letter, no '-' at either end and no '--'. Digits alone are a number, never a name.
 */
export function isPortName(word: string): boolean {
  return /^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(word) && /[a-z]/.test(word) && !word.includes('--');
}

/** `svc/db`'s port `pg`, or undefined when the value is not a port name or the host not a Service. */
export function servicePortRefOf(host: unknown, value: unknown): ServicePortRef | undefined {
  if (typeof value !== 'string' || !isPortName(value)) return undefined;
  const service = targetRefSchema.safeParse(host);
  if (!service.success || service.data.kind !== 'svc') return undefined;
  return { service: service.data satisfies TargetRef, portName: value };
}
