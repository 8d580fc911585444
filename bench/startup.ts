/**
 * SPEC 8: `netshoot-bot explain` start-up as a ratio to `node -e 0`, in one run.
 * `npm run build && npm run bench:startup [-- RUNS]` (default 20 of each).
 *
 * Both are spawned the same way (the built bin/netshoot-bot.js, as an installed CLI runs), in turns,
 * so a neighbour's load on a shared machine slows both alike; two of each first warm the page cache.
 * The time is wall clock from spawn to exit. Bar: explain's median <= 3x node's median.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 20);
const warmup = 2;
const bar = 3;
const root = fileURLToPath(new URL('../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/netshoot-bot.js', import.meta.url));
const built = fileURLToPath(new URL('../dist/cli/cli.js', import.meta.url));

const bare = ['-e', '0'];
const explain = [bin, 'explain', 'dig host example.test'];

/** Milliseconds from spawn to exit; a failed run stops the bench (a fast failure is no measurement). */
function time(args: readonly string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  }
  return elapsed;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

if (!existsSync(built)) {
  console.error('dist/ is missing: run `npm run build` first (the bench measures the built CLI)');
  process.exit(1);
}
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`RUNS must be a whole number of at least 1, not ${process.argv[2]}`);
  process.exit(2);
}

for (let index = 0; index < warmup; index += 1) {
  time(bare);
  time(explain);
}
const bareTimes: number[] = [];
const explainTimes: number[] = [];
for (let index = 0; index < runs; index += 1) {
  bareTimes.push(time(bare));
  explainTimes.push(time(explain));
}

const bareMedian = median(bareTimes);
const explainMedian = median(explainTimes);
const ratio = explainMedian / bareMedian;
console.log(
  `runs: ${runs} of each, alternating, after ${warmup} of each to warm up (node ${process.version})`,
);
console.log(`node -e 0:                                    median ${bareMedian.toFixed(0)} ms`);
console.log(`netshoot-bot explain "dig host example.test": median ${explainMedian.toFixed(0)} ms`);
console.log(
  `ratio explain / node -e 0: ${ratio.toFixed(2)}x (SPEC 8 bar <= ${bar}x): ${ratio <= bar ? 'PASS' : 'FAIL'}`,
);
process.exitCode = ratio <= bar ? 0 : 1;
