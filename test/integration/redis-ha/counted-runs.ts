import { readdir } from 'node:fs/promises';
import { z } from 'zod';
import { defineCommand } from '../../../src/catalogue/define-command.js';

/**
 * A test command whose every run leaves a new file: `mark host TOKEN` runs `mktemp -p DIR TOKEN.XXXXXX`,
 * so the worker side's count of executions of a job is the number of DIR/TOKEN.* files, whatever
 * BullMQ and the reporter believe.
 */
export function markCommand(dir: string) {
  return defineCommand({
    name: 'mark',
    summary: 'leaves one new file per run; tests only',
    usage: 'mark <target> TOKEN',
    examples: ['mark host a1b2c3d4'],
    targets: 1,
    privilege: 'read',
    timeout: { default: '10s', max: '10s' },
    syntax: { flags: {}, positionals: [{ key: 'token' }] },
    args: z.strictObject({ token: z.string().regex(/^[a-z0-9]{8,32}$/) }),
    argv: ({ token }) => ['mktemp', '-p', dir, `${token}.XXXXXX`],
  });
}

/** Executions per token, from the files the runs left. */
export async function executionsIn(dir: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const file of await readdir(dir)) {
    const token = file.slice(0, file.indexOf('.'));
    counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  return counts;
}
