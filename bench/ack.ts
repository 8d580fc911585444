/**
 * SPEC 8: slash command ack latency, p50 and p99 of 50 concurrent signed commands, the bot against a
 * bare Bolt app that only acks, in one run. `npm run bench:ack [-- CONCURRENCY [ROUNDS]]` (needs Redis:
 * BENCH_REDIS_URL, TEST_REDIS_URL or redis://127.0.0.1:6390).
 *
 * - netshoot-bot: the real Slack app (HTTP receiver, signature check, normalise + parse, privilege
 *   gate, BullMQ enqueue with the trigger_id dedupe key, then the ack; the queued message is posted
 *   after the ack, as in production). No worker: jobs only queue.
 * - bare Bolt: HTTPReceiver + App with one listener that calls ack().
 * Each app runs in a process of its own (bench/ack-app.ts); this process is Slack: the load
 * generator and the fake Web API both apps talk to. Every request is `ping host 127.0.0.1 -c 1`,
 * signed, with a fresh trigger_id. Both apps get the same warm-up (single commands, then one burst);
 * then bursts alternate, bare then bot, and the percentiles are over every measured command.
 *
 * Bar (SPEC 8): bot p99 <= 1.2x bare p99 (the first ratio printed).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { FakeSlack } from '../test/harness/slack/fake-slack.js';
import { sendSlashCommand } from '../test/harness/slack/signed-requests.js';
import { summarise } from './e2e/statistics.js';

const concurrency = Number(process.argv[2] ?? 50);
/** Bursts per app, interleaved bare/bot, so a neighbour's load on a shared machine hits both alike. */
const rounds = Number(process.argv[3] ?? 10);
const warmup = 30;
const text = 'ping host 127.0.0.1 -c 1';
const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6390';

async function fire(url: string, signingSecret: string, count: number): Promise<number[]> {
  const answers = await Promise.all(
    Array.from({ length: count }, () =>
      sendSlashCommand(url, { text, triggerId: `${Date.now()}.${randomUUID()}` }, { signingSecret }),
    ),
  );
  const failed = answers.filter((answer) => answer.status !== 200 || answer.body !== '');
  if (failed.length > 0)
    throw new Error(`${failed.length} commands were not acked: ${JSON.stringify(failed[0])}`);
  return answers.map((answer) => answer.elapsedMs);
}

async function warmUp(url: string, signingSecret: string): Promise<void> {
  for (let index = 0; index < warmup; index += 1) await fire(url, signingSecret, 1);
  await fire(url, signingSecret, concurrency);
}

async function startApp(
  mode: 'bare' | 'bot',
  slack: FakeSlack,
  signingSecret: string,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/ack-app.ts', mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      ACK_BENCH_API_URL: slack.apiUrl,
      ACK_BENCH_BOT_TOKEN: slack.botToken,
      ACK_BENCH_SIGNING_SECRET: signingSecret,
      ACK_BENCH_REDIS_URL: redisUrl,
    },
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await Promise.race([
    new Promise<string>((resolve) => lines.once('line', resolve)),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`the ${mode} app did not start in 30 s`)), 30_000),
    ),
    new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`the ${mode} app exited with ${code}`))),
    ),
  ]);
  return { url: (JSON.parse(first) as { url: string }).url, child };
}

async function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

const slack = await FakeSlack.start();
const bareSecret = `bare-${randomUUID()}`;
const botSecret = `bot-${randomUUID()}`;
const bare = await startApp('bare', slack, bareSecret);
const bot = await startApp('bot', slack, botSecret);
try {
  await warmUp(bare.url, bareSecret);
  await warmUp(bot.url, botSecret);
  const bareLatencies: number[] = [];
  const botLatencies: number[] = [];
  const perRound: string[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    const bareRound = await fire(bare.url, bareSecret, concurrency);
    const botRound = await fire(bot.url, botSecret, concurrency);
    // The bot's after-ack work (enqueue, the queued message) finishes before the next burst, and it
    // must have happened, or the bench lied.
    const expected = warmup + concurrency * (round + 1);
    await slack.waitFor(
      `${expected} queued messages`,
      () => slack.callsOf('chat.postMessage').length >= expected,
      60_000,
    );
    bareLatencies.push(...bareRound);
    botLatencies.push(...botRound);
    perRound.push(`${summarise(botRound).p99.toFixed(0)}/${summarise(bareRound).p99.toFixed(0)}`);
  }
  const bareResult = summarise(bareLatencies);
  const botResult = summarise(botLatencies);

  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log(
    `slash command ack, bursts of ${concurrency} concurrent signed commands, ${rounds} bursts per app interleaved (after ${warmup} single warm-up commands and one warm-up burst each)`,
  );
  console.log(`  bare Bolt (ack only):  p50 ${ms(bareResult.p50)}  p99 ${ms(bareResult.p99)}`);
  console.log(`  netshoot-bot:          p50 ${ms(botResult.p50)}  p99 ${ms(botResult.p99)}`);
  console.log(`  p99 per burst, bot/bare ms: ${perRound.join('  ')}`);
  const ratio = botResult.p99 / bareResult.p99;
  console.log(`p99 ratio ${ratio.toFixed(2)}x (bar <= 1.2x): ${ratio <= 1.2 ? 'met' : 'NOT met'}`);
  console.log(`p50 ratio ${(botResult.p50 / bareResult.p50).toFixed(2)}x`);
} finally {
  await stopApp(bare.child);
  await stopApp(bot.child);
  await slack.close();
}
