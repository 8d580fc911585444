/** Button identities: Bolt routes clicks by action_id; the value says which job, on which cluster. */
export const actionIds = { cancel: 'netshoot_cancel', rerun: 'netshoot_rerun' } as const;

export interface JobReference {
  readonly cluster: string;
  readonly jobId: string;
}

export function encodeJobReference(reference: JobReference): string {
  return JSON.stringify({ c: reference.cluster, j: reference.jobId });
}

/** Undefined for a value that is not ours: a click is user input like any other. */
export function decodeJobReference(value: string | undefined): JobReference | undefined {
  if (!value || value.length > 200) return undefined;
  try {
    const parsed = JSON.parse(value) as { c?: unknown; j?: unknown };
    if (typeof parsed.c !== 'string' || typeof parsed.j !== 'string') return undefined;
    if (!/^[A-Za-z0-9_.-]{1,63}$/.test(parsed.c) || !/^[A-Za-z0-9_-]{1,64}$/.test(parsed.j)) return undefined;
    return { cluster: parsed.c, jobId: parsed.j };
  } catch {
    // dropped: a button value that is not our JSON is no job reference; the caller answers so.
    return undefined;
  }
}
