import { z } from 'zod';
import { defineCommand } from '../../../src/catalogue/define-command.js';

/**
 * Commands that exist only for the pipeline's tests: a process that runs as long as asked (for
 * cancel, deadline and crash tests; `marker` makes its argv unique so the test can find the process)
 * and one that does nothing (load tests, the benchmark).
 */
export const sleepCommand = defineCommand({
  name: 'sleep',
  summary: 'sleeps; tests only',
  usage: 'sleep <target> SECONDS',
  examples: ['sleep host 1'],
  targets: 1,
  privilege: 'read',
  timeout: { default: '60s', max: '120s' },
  syntax: { flags: {}, positionals: [{ key: 'seconds' }] },
  args: z.strictObject({ seconds: z.string().regex(/^\d{1,3}(\.\d{1,6})?$/) }),
  argv: ({ seconds }) => ['sleep', seconds],
});

export const noopCommand = defineCommand({
  name: 'noop',
  summary: 'runs `true`; tests and benchmarks only',
  usage: 'noop <target>',
  examples: ['noop host'],
  targets: 1,
  privilege: 'read',
  timeout: { default: '10s', max: '10s' },
  syntax: { flags: {}, positionals: [] },
  args: z.strictObject({}),
  argv: () => ['true'],
});
