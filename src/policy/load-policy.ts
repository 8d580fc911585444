import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { policyFileSchema, type Policy } from './policy-schema.js';

/** A policy file that does not load: the message names the file, the line and the field, and the fix. */
export class PolicyFileError extends Error {
  override readonly name = 'PolicyFileError';
}

/**
 * Reads and checks the policy file. FIRST CUT: the policy helper replaces it with line numbers from
 * the YAML document (yaml's LineCounter) and messages that say how to fix each field.
 */
export async function loadPolicyFile(path: string): Promise<Policy> {
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw new PolicyFileError(`${path}: cannot be read (${(error as Error).message})`);
  });
  return parsePolicy(text, path);
}

export function parsePolicy(text: string, source: string): Policy {
  const parsed = policyFileSchema.safeParse(parse(text));
  if (!parsed.success) {
    throw new PolicyFileError(
      parsed.error.issues.map((issue) => `${source}: ${issue.path.join('.')}: ${issue.message}`).join('\n'),
    );
  }
  return { ...parsed.data, source };
}
