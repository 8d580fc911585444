// The policies arrive as plain JSON from the API (or a test), typed as unknown records: these
// readers take one field with the shape it must have, and give undefined for anything else, so a
// malformed object makes a rule match nothing rather than throw inside the diagnosis.

export type Plain = Readonly<Record<string, unknown>>;

export function asRecord(value: unknown): Plain | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Plain) : undefined;
}

export function asArray(value: unknown): readonly unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asStrings(value: unknown): readonly string[] {
  return (asArray(value) ?? []).filter((item): item is string => typeof item === 'string');
}

/** A record's field that is itself a record. */
export function field(record: Plain | undefined, name: string): Plain | undefined {
  return asRecord(record?.[name]);
}

export function stringMap(value: unknown): Readonly<Record<string, string>> {
  const record = asRecord(value) ?? {};
  return Object.fromEntries(
    Object.entries(record).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
