import { isIP } from 'node:net';
import { isServicePortRef } from '../grammar/service-port.js';
import { formatTarget, isTargetRef, type TargetRef } from '../grammar/target.js';
import type { DiagnoseDestination } from './diagnosis.js';

/** TO as the probes need it: what kind of thing it is, and how the user wrote it. */
export type Destination =
  | { readonly kind: 'address'; readonly written: string; readonly address: string }
  | { readonly kind: 'name'; readonly written: string; readonly name: string }
  | { readonly kind: 'target'; readonly written: string; readonly target: TargetRef };

export function destinationOf(to: DiagnoseDestination): Destination {
  if (isTargetRef(to)) return { kind: 'target', written: formatTarget(to), target: to };
  return isIP(to) !== 0
    ? { kind: 'address', written: to, address: to }
    : { kind: 'name', written: to, name: to };
}

/**
 * The port as written: commands/diagnose.ts leaves a number (the port schema made it one) or a
 * Service port name (a ServicePortRef, when TO is a svc/); the contract carries it as a string.
 */
export function portAsWritten(port: unknown): string | undefined {
  if (typeof port === 'number' || typeof port === 'string') return String(port);
  if (isServicePortRef(port)) return port.portName;
  return undefined;
}

/** `db:8080`, `[fd00::1]:443`, `svc/payments:http`: TO and its port in one word, for the job's argv. */
export function withPort(written: string, port: string | undefined): string {
  if (port === undefined) return written;
  return isIP(written) === 6 ? `[${written}]:${port}` : `${written}:${port}`;
}

/** A port number, or undefined for a name (which only the Service knows) or nothing. */
export function portNumber(port: string | undefined): number | undefined {
  return port !== undefined && /^\d+$/.test(port) ? Number(port) : undefined;
}
