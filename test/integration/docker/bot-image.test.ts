import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { workerLabel } from '../../../src/executors/docker/labels.js';
import { createJobQueue } from '../../../src/queue/job-queue.js';
import { describeWith, testRedisUrl } from '../../harness/infrastructure.js';
import { FakeSlack } from '../../harness/slack/fake-slack.js';
import { sendSlashCommand } from '../../harness/slack/signed-requests.js';
import { waitFor } from '../../harness/wait-for.js';
import { createDockerRig, rigLabel, rigLabelValue, toolboxImage, type DockerRig } from './docker-rig.js';
import { freePort } from '../../harness/free-port.js';

const run = promisify(execFile);
const root = new URL('../../../', import.meta.url).pathname;
const version = (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string }).version;
const botImage = `netshoot-bot/bot:${version}`;

/**
 * The bot's own image, as docker-compose runs it: built from the root Dockerfile (scripts/build-bot-image,
 * which the layer cache makes quick after the first time), talking to the engine through the mounted
 * socket and to Redis and Slack over the network.
 */
describeWith(['docker', 'redis'], 'the bot image on the Docker engine', () => {
  const suffix = randomBytes(3).toString('hex');
  const cluster = `bot-image-${suffix}`;
  const signingSecret = 'bot-image-test-signing-secret';
  let rig: DockerRig;
  let peerAddress: string;

  /** `docker run` of the bot image with the socket, on the host network (Redis and the fake Slack are on 127.0.0.1). */
  const botArgs = (hostname: string, env: Record<string, string>, ...command: string[]): string[] => [
    ...['--label', `${rigLabel}=${rigLabelValue}`, '--network', 'host', '--hostname', hostname],
    ...['-v', '/var/run/docker.sock:/var/run/docker.sock'],
    ...Object.entries({
      REDIS_URL: testRedisUrl,
      NETSHOOT_CLUSTER: cluster,
      NETSHOOT_IMAGE: toolboxImage,
      LOG_LEVEL: 'warn',
      ...env,
    }).flatMap(([name, value]) => ['-e', `${name}=${value}`]),
    botImage,
    ...command,
  ];
  const toolboxesOf = async (workerId: string) =>
    rig.docker.listContainers({ all: true, filters: { label: [`${workerLabel}=${workerId}`] } });

  beforeAll(async () => {
    await run(`${root}scripts/build-bot-image`, [], { maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 });
    rig = await createDockerRig();
    await rig.addContainer('a');
    const peer = await rig.addContainer('b');
    peerAddress = (await peer.inspect()).NetworkSettings.Networks[rig.networkName]!.IPAddress;
  }, 16 * 60_000);

  afterAll(async () => {
    const queue = createJobQueue({ redisUrl: testRedisUrl, cluster });
    await queue.obliterate().catch(() => undefined);
    await queue.close();
    await rig?.remove();
  }, 60_000);

  it('runs dig on a container target through the mounted socket and leaves no toolbox behind', async () => {
    const hostname = `nbt-bot-run-${suffix}`;
    const { stdout } = await run(
      'docker',
      [
        'run',
        '--rm',
        ...botArgs(hostname, {}, 'run', `dig container/${rig.name('a')} ${rig.name('b')} +short`),
      ],
      { timeout: 120_000 },
    );
    const firstLine = `✅ ${rig.name('b')} → ${peerAddress} · dig · container/${rig.name('a')}\n`;
    expect(`${stdout.split('\n')[0]}\n`).toBe(firstLine);
    expect(stdout).toContain(`\n${peerAddress}\n`);
    expect(await toolboxesOf(hostname)).toEqual([]);
  }, 180_000);

  it('runs `all`: healthy by its own health check, and a slash command ends with the result in Slack', async () => {
    const fake = await FakeSlack.start();
    const port = await freePort();
    const hostname = `nbt-bot-all-${suffix}`;
    const name = `nbt-bot-all-${suffix}`;
    const env = {
      PORT: String(port),
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_API_URL: fake.apiUrl,
    };
    try {
      await run('docker', ['run', '-d', '--name', name, ...botArgs(hostname, env)]);
      await waitFor(
        async () => (await rig.docker.getContainer(name).inspect()).State.Health?.Status === 'healthy',
        { what: `container ${name} healthy by its own health check`, timeoutMs: 60_000, everyMs: 1000 },
      );

      const answer = await sendSlashCommand(
        `http://127.0.0.1:${port}/slack/events`,
        { text: `dig container/${rig.name('a')} ${rig.name('b')} +short` },
        { signingSecret },
      );
      expect(answer.status).toBe(200);
      const reply = await fake.waitFor(
        'the result in the thread',
        () =>
          fake.messages.find(
            (message) =>
              message.threadTs !== undefined && JSON.stringify(message.blocks).includes(peerAddress),
          ),
        60_000,
      );
      expect(JSON.stringify(reply.blocks)).toContain(`dig`);

      // A graceful stop closes the worker's sessions: nothing is left for the reaper.
      await run('docker', ['stop', '-t', '30', name]);
      expect(await toolboxesOf(hostname)).toEqual([]);
    } finally {
      await run('docker', ['rm', '-f', name]).catch(() => undefined);
      await fake.close();
    }
  }, 180_000);
});
