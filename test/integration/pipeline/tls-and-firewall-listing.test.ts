import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { commands } from '../../../commands/index.js';
import { describeWith } from '../../harness/infrastructure.js';
import { selfSignedCertificate } from '../../harness/kube/self-signed-certificate.js';
import { createNetnsRig, type NetnsRig } from '../../harness/rig/netns-rig.js';
import { waitFor } from '../../harness/wait-for.js';
import { createPipeline, type Pipeline } from './pipeline-fixture.js';
import { testJobSecret } from './signed-jobs.js';

const run = promisify(execFile);

/** Polls `ss` in the namespace until `address:port` listens; bounded, and says what never listened. */
async function waitForTcpListener(namespace: string, address: string, port: number): Promise<void> {
  let seen = '';
  await waitFor(
    async () => {
      const { stdout } = await run('ip', ['netns', 'exec', namespace, 'ss', '-Hltn'], { timeout: 5000 });
      seen = stdout;
      return stdout.split('\n').some((line) => line.includes(`${address}:${port} `));
    },
    {
      what: () => `a listener on ${address}:${port} in ${namespace}; ss said:\n${seen}`,
      timeoutMs: 10_000,
      everyMs: 100,
    },
  );
}

describeWith(
  ['redis', 'netns'],
  'tls with HOST:PORT, and iptables and nft with no verb, through the worker on the netns rig',
  () => {
    let rig: NetnsRig;
    let pipeline: Pipeline;
    let scratch: string;
    const servers: ChildProcess[] = [];
    const tlsPort = 8443;

    /** openssl s_server in a namespace, answering TLS with a self-signed certificate. */
    async function startTlsServer(namespace: string, accept: string, address: string): Promise<void> {
      const child = spawn(
        'ip',
        [
          'netns',
          'exec',
          namespace,
          'openssl',
          's_server',
          '-quiet',
          '-accept',
          accept,
          '-cert',
          join(scratch, 'cert.pem'),
          '-key',
          join(scratch, 'key.pem'),
        ],
        { detached: true, stdio: 'ignore' },
      );
      servers.push(child);
      await waitForTcpListener(namespace, address, tlsPort);
    }

    beforeAll(async () => {
      rig = await createNetnsRig();
      scratch = await mkdtemp(join(tmpdir(), 'nsb-tls-'));
      const { key, cert } = await selfSignedCertificate();
      await writeFile(join(scratch, 'key.pem'), key);
      await writeFile(join(scratch, 'cert.pem'), cert);
      // One server on the rig's link, and one on the client's own IPv6 loopback (no traffic leaves it).
      await startTlsServer(rig.server.name, `${rig.server.address}:${tlsPort}`, rig.server.address);
      await startTlsServer(rig.client.name, `[::1]:${tlsPort}`, '[::1]');
      // A rule and a table of the test's own, for the listings to show.
      await run(
        'ip',
        [
          'netns',
          'exec',
          rig.server.name,
          'iptables',
          '-w',
          '5',
          '-A',
          'INPUT',
          '-p',
          'tcp',
          '--dport',
          String(rig.closedTcpPort),
          '-m',
          'comment',
          '--comment',
          'nsb-listing-test',
          '-j',
          'REJECT',
        ],
        { timeout: 10_000 },
      );
      await run('ip', ['netns', 'exec', rig.server.name, 'nft', 'add', 'table', 'inet', 'nsbtest'], {
        timeout: 10_000,
      });
      pipeline = createPipeline(commands, undefined, { jobSecret: testJobSecret });
      await pipeline.startWorker();
    }, 60_000);

    afterAll(async () => {
      for (const server of servers) {
        if (server.pid !== undefined && server.exitCode === null && server.signalCode === null) {
          process.kill(-server.pid, 'SIGKILL');
        }
      }
      await pipeline?.close();
      await rig?.teardown();
      if (scratch) await rm(scratch, { recursive: true, force: true });
    }, 30_000);

    async function runLine(line: string) {
      const jobId = await pipeline.submit(line);
      const outcome = await pipeline.queue.waitForOutcome(jobId, 60_000);
      const result = outcome.runs[0]?.result;
      if (!result) throw new Error(`${line} ran nothing: ${JSON.stringify(outcome)}`);
      return { outcome, result };
    }

    it.each([
      ['HOST:PORT', (r: NetnsRig) => `tls netns/${r.client.name} ${r.server.address}:${tlsPort}`],
      [
        '-connect HOST:PORT',
        (r: NetnsRig) => `tls netns/${r.client.name} -connect ${r.server.address}:${tlsPort}`,
      ],
      ['HOST PORT', (r: NetnsRig) => `tls netns/${r.client.name} ${r.server.address} ${tlsPort}`],
    ])(
      'shakes hands with the TLS server written as %s',
      async (_form, line) => {
        const { outcome, result } = await runLine(line(rig));
        expect(outcome.status).toBe('completed');
        expect(result.argv).toEqual(expect.arrayContaining(['-connect', `${rig.server.address}:${tlsPort}`]));
        expect(result.stdout).toContain('-----BEGIN CERTIFICATE-----');
        expect(result.stdout).toMatch(/subject=\s*CN\s*=\s*kube-double/);
      },
      60_000,
    );

    it('shakes hands with an IPv6 server written as [ADDRESS]:PORT', async () => {
      const { outcome, result } = await runLine(`tls netns/${rig.client.name} [::1]:${tlsPort}`);
      expect(outcome.status).toBe('completed');
      expect(result.argv).toEqual(expect.arrayContaining(['-connect', `[::1]:${tlsPort}`, '-noservername']));
      expect(result.stdout).toContain('-----BEGIN CERTIFICATE-----');
    }, 60_000);

    it('lists the rules with iptables and no verb, as -nvL with counters', async () => {
      const { result } = await runLine(`iptables netns/${rig.server.name}`);
      expect(result.argv).toEqual(['iptables', '-w', '5', '-L', '-n', '-v']);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(/Chain INPUT \(policy ACCEPT \d+ packets, \d+ bytes\)/);
      expect(result.stdout).toMatch(
        // -n shows the protocol by number (6 is tcp) in iptables 1.8.9.
        new RegExp(
          `^\\s*\\d+\\s+\\d+ REJECT\\s+(tcp|6)\\s.*tcp dpt:${rig.closedTcpPort} /\\* nsb-listing-test \\*/`,
          'm',
        ),
      );
    }, 60_000);

    it('lists the whole ruleset with nft and no verb', async () => {
      const { result } = await runLine(`nft netns/${rig.server.name}`);
      expect(result.argv).toEqual(['nft', 'list', 'ruleset']);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain('table inet nsbtest {');
      expect(result.stdout).toMatch(new RegExp(`tcp dport ${rig.closedTcpPort} .*reject`));
    }, 60_000);
  },
);
