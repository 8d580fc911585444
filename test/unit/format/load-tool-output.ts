import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OutcomeResult } from '../../../src/results/job-outcome.js';

const dir = join(process.cwd(), 'test/fixtures/tool-output');

/** A run's result (as a job's outcome carries it) from output captured on the netns rig (test/fixtures/tool-output/<name>.*). */
export function loadToolOutput(name: string): OutcomeResult {
  const meta = JSON.parse(readFileSync(join(dir, `${name}.meta.json`), 'utf8')) as {
    argv: string[];
    exitCode: number;
  };
  return {
    argv: meta.argv,
    exitCode: meta.exitCode,
    signal: null,
    timedOut: false,
    canceled: false,
    stdout: readFileSync(join(dir, `${name}.stdout`), 'utf8'),
    stderr: readFileSync(join(dir, `${name}.stderr`), 'utf8'),
    truncated: false,
    durationMs: 12,
    artifacts: [],
  };
}

/** The rig addresses the capture was made with, so assertions do not hard-code them. */
export function rigOf(name: string): { client: string; server: string } {
  return (
    JSON.parse(readFileSync(join(dir, `${name}.meta.json`), 'utf8')) as {
      rig: { client: string; server: string };
    }
  ).rig;
}
