import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commands } from '../../../commands/index.js';
import { describeWith } from '../../harness/infrastructure.js';
import { createNetnsRig, type NetnsRig } from '../../harness/rig/netns-rig.js';
import { createPipeline, escapeRegExp, type Pipeline } from './pipeline-fixture.js';

/**
 * Issue 12, item 7, at run time: a name a user gives to curl, ab, nc or tls is resolved where the
 * tool runs (the client namespace, through its own /etc/hosts and DNS server) before it runs; a name
 * that resolves to a cloud metadata address refuses the job, and the address checked is the one in
 * the argv. `sneaky.test.internal` is written into the client namespace's hosts file only (ip netns
 * exec puts /etc/netns/NAME/hosts over /etc/hosts), so nothing ever connects to 169.254.169.254: the
 * job is refused before any tool runs, and the namespace has no route there anyway.
 */
describeWith(['redis', 'netns'], 'destination names checked and pinned where the tool runs', () => {
  let rig: NetnsRig;
  let pipeline: Pipeline;
  const c = () => `netns/${rig.client.name}`;
  const sneaky = 'sneaky.test.internal';
  const hostsFile = () => join('/etc/netns', rig.client.name, 'hosts');

  beforeAll(async () => {
    rig = await createNetnsRig();
    await writeFile(
      hostsFile(),
      `127.0.0.1 localhost\n169.254.169.254 ${sneaky}\nfd00:ec2::254 sneaky6.test.internal\n`,
    );
    pipeline = createPipeline(commands);
    await pipeline.startWorker();
  }, 30_000);

  afterAll(async () => {
    await pipeline?.close();
    if (rig) await rm(hostsFile(), { force: true });
    await rig?.teardown();
  }, 30_000);

  async function runLine(line: string) {
    const jobId = await pipeline.submit(line);
    return pipeline.queue.waitForOutcome(jobId, 60_000);
  }

  it.each([
    ['curl http://NAME:8080/latest/meta-data/', () => `curl ${c()} http://${sneaky}:8080/latest/meta-data/`],
    ['curl -I https://NAME./ in other case', () => `curl ${c()} -I https://SNEAKY.test.internal./`],
    ['ab http://NAME/', () => `ab ${c()} -n 1 http://${sneaky}/`],
    ['nc NAME 80', () => `nc ${c()} -vz ${sneaky} 80`],
    ['tls NAME 443', () => `tls ${c()} ${sneaky} 443`],
    ['nc to a name for fd00:ec2::254', () => `nc ${c()} -vz sneaky6.test.internal 80`],
  ] as const)(
    'refuses %s: the name resolves to a metadata address in the target',
    async (_label, line) => {
      const outcome = await runLine(line());
      expect(outcome.status).toBe('failed');
      expect(outcome.error).toMatch(
        /resolves in netns\/\S+ to (169\.254\.169\.254|fd00:ec2::254): .*cloud metadata address.*refused/,
      );
      expect(outcome.runs).toEqual([]);
    },
    30_000,
  );

  it('pins the address it checked into curl with --resolve, and the request goes there', async () => {
    const outcome = await runLine(`curl ${c()} http://${rig.dbName}:${rig.httpPort}/hello.txt`);
    expect(outcome.status).toBe('completed');
    const argv = outcome.runs[0]?.result.argv ?? [];
    expect(argv.join(' ')).toContain(`--resolve ${rig.dbName}:${rig.httpPort}:${rig.server.address}`);
    expect(outcome.runs[0]?.result.stdout).toContain(rig.httpBody.trim());
  }, 30_000);

  it('connects nc to the address it checked, not the name', async () => {
    const outcome = await runLine(`nc ${c()} -vz ${rig.dbName} ${rig.openTcpPort}`);
    expect(outcome.status).toBe('completed');
    expect(outcome.runs[0]?.result.argv).toContain(rig.server.address);
    expect(outcome.runs[0]?.result.argv).not.toContain(rig.dbName);
    expect(outcome.runs[0]?.result.exitCode).toBe(0);
  }, 30_000);

  it('sends ab to the address it checked with the name as the Host header', async () => {
    const outcome = await runLine(`ab ${c()} -n 2 http://${rig.dbName}:${rig.httpPort}/hello.txt`);
    expect(outcome.status).toBe('completed');
    const argv = outcome.runs[0]?.result.argv ?? [];
    expect(argv).toContain(`http://${rig.server.address}:${rig.httpPort}/hello.txt`);
    expect(argv).toContain(`Host: ${rig.dbName}:${rig.httpPort}`);
    expect(outcome.runs[0]?.result.stdout).toMatch(/Complete requests:\s+2/);
  }, 30_000);

  it('refuses a name that does not resolve in the target, saying how to check it', async () => {
    const outcome = await runLine(`curl ${c()} http://nothing.test.internal/`);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(
      new RegExp(
        `'nothing\\.test\\.internal' does not resolve in ${escapeRegExp(c())}[\\s\\S]*dig or nslookup`,
      ),
    );
  }, 30_000);
});
