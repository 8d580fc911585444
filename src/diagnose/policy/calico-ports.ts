import { resolveNamedPort } from './named-port.js';
import { asNumber, asString } from './plain-object.js';
import type { PolicyQuestion } from './policy-question.js';

// Calico's port syntax (docs: "Ports"): an integer, a "start:end" range as a string, or a named port
// as a string. Destination ports are the question's port; a named one is the destination pod's
// container port of that name. The source port of a connection is an ephemeral port nobody chose,
// so a source port criterion is judged against Linux's whole ephemeral range.

/** Linux's default net.ipv4.ip_local_port_range: where a client's source port comes from. */
export const ephemeralPorts = { first: 32768, last: 60999 } as const;

interface PortRange {
  readonly first: number;
  readonly last: number;
}

/** An entry that is a number or a "start:end" range (named ports are not numeric). */
function numericRange(entry: unknown): PortRange | undefined {
  const number = asNumber(entry);
  if (number !== undefined) return { first: number, last: number };
  const range = /^(\d+)(?::(\d+))?$/.exec(asString(entry)?.trim() ?? '');
  if (range === null) return undefined;
  const first = Number(range[1]);
  return { first, last: range[2] === undefined ? first : Number(range[2]) };
}

/** The range one entry of `ports` stands for on the destination, named ports resolved. */
function rangeOf(entry: unknown, question: PolicyQuestion): PortRange | undefined {
  const numeric = numericRange(entry);
  if (numeric !== undefined) return numeric;
  const name = asString(entry)?.trim() ?? '';
  const named = name === '' ? undefined : resolveNamedPort(question.to, name, question.protocol);
  return named === undefined ? undefined : { first: named, last: named };
}

export function destinationPortMatches(entries: readonly unknown[], question: PolicyQuestion): boolean {
  return entries.some((entry) => {
    const range = rangeOf(entry, question);
    return range !== undefined && question.port >= range.first && question.port <= range.last;
  });
}

/** Certain only when the entries cover every ephemeral port; a named source port never does. */
export function sourcePortsCoverEphemeral(entries: readonly unknown[]): boolean {
  return numericRanges(entries).some(
    (range) => range.first <= ephemeralPorts.first && range.last >= ephemeralPorts.last,
  );
}

/** notPorts on the source: matches when no entry can hold the client's ephemeral port. */
export function sourcePortsMissEphemeral(entries: readonly unknown[]): boolean {
  return numericRanges(entries).every(
    (range) => range.last < ephemeralPorts.first || range.first > ephemeralPorts.last,
  );
}

function numericRanges(entries: readonly unknown[]): PortRange[] {
  return entries.flatMap((entry) => numericRange(entry) ?? []);
}
