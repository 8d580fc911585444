import { commands } from '../../../commands/index.js';
import type { JobOutcome } from '../../../src/results/job-outcome.js';
import { describeWith } from '../../harness/infrastructure.js';
import { createPipeline, escapeRegExp, type Pipeline } from '../pipeline/pipeline-fixture.js';
import { diagnosisOf, statuses } from './diagnosis-of.js';
import { createFaultRig, type FaultRig } from './fault-rig.js';

/**
 * diagnose through the queue, the worker and the local executor, against faults made for real on
 * three namespaces (issue 14, item 4): each gets its verdict, the layer and the evidence. The local
 * executor has no API, so the service and policy layers are unchecked here and say so.
 */
describeWith(['redis', 'netns'], 'diagnose on the netns rig, fault by fault', () => {
  let rig: FaultRig;
  let pipeline: Pipeline;
  const from = () => `netns/${rig.client}`;

  beforeAll(async () => {
    rig = await createFaultRig();
    pipeline = createPipeline(commands);
    await pipeline.startWorker();
  }, 30_000);

  afterAll(async () => {
    await pipeline?.close();
    await rig?.teardown();
  }, 30_000);

  async function diagnose(rest: string) {
    const outcome: JobOutcome = await pipeline.queue.waitForOutcome(
      await pipeline.submit(`diagnose ${from()} ${rest}`),
      60_000,
    );
    return diagnosisOf(outcome);
  }

  /** A fault in one namespace for the length of `body`, removed afterwards whatever happens. */
  async function withNft<T>(namespace: string, rules: string, body: () => Promise<T>): Promise<T> {
    await rig.exec(namespace, ['nft', '-f', '-'], `table inet diagnose_fault {\n${rules}\n}\n`);
    try {
      return await body();
    } finally {
      await rig.exec(namespace, ['nft', 'delete', 'table', 'inet', 'diagnose_fault']);
    }
  }

  async function withMtu<T>(mtu: number, body: () => Promise<T>): Promise<T> {
    // The client's learned path MTU is forgotten before and after, so one case does not leak into the next.
    const set = async (value: number) => {
      await rig.exec(rig.router, ['ip', 'link', 'set', rig.routerServerInterface, 'mtu', String(value)]);
      await rig.exec(rig.server, ['ip', 'link', 'set', rig.serverInterface, 'mtu', String(value)]);
      await rig.exec(rig.client, ['ip', 'route', 'flush', 'cache']);
    };
    await set(mtu);
    try {
      return await body();
    } finally {
      await set(1500);
    }
  }

  it('finds nothing wrong on a healthy path: the name through the search domain, TCP, HTTP, the path', async () => {
    const diagnosis = await diagnose('db:8080');
    expect(statuses(diagnosis)).toEqual({
      name: 'ok',
      service: 'unchecked',
      policy: 'unchecked',
      reach: 'ok',
      app: 'ok',
      path: 'ok',
    });
    expect(diagnosis.verdictLayer).toBeUndefined();
    expect(diagnosis.layer('name').evidence).toBe(`db → ${rig.serverAddress}`);
    expect(diagnosis.layer('service').evidence).toBe(
      `${from()} has no API to read Services or policies (the local executor)`,
    );
    expect(diagnosis.layer('reach').evidence).toMatch(
      new RegExp(`^${escapeRegExp(rig.serverAddress)}:8080 connects; 3 of 3 ICMP echoes`),
    );
    expect(diagnosis.layer('app').evidence).toBe(`HTTP 200 from ${rig.serverAddress}:8080 (db)`);
    expect(diagnosis.layer('path').evidence).toMatch(
      /^packets of 1500 bytes \(the MTU of nsd\d+c\) with DF set get through$/,
    );
    expect(diagnosis.elapsedMs).toBeLessThan(20_000);
  }, 60_000);

  it('names a DNS name that does not exist, with the resolver and search domain, and runs nothing above it', async () => {
    const diagnosis = await diagnose('nosuch:8080');
    expect(diagnosis.verdictLayer).toBe('name');
    expect(diagnosis.layer('name').evidence).toBe(
      `nosuch does not resolve from here: nosuch.test.internal. NXDOMAIN, nosuch. REFUSED (from ${rig.serverAddress}): the name does not exist (nameserver ${rig.serverAddress}, search test.internal)`,
    );
    expect(statuses(diagnosis)).toMatchObject({ reach: 'skipped', app: 'skipped', path: 'skipped' });
  }, 60_000);

  it('tells a missing listener by the refusal, and skips the application above it', async () => {
    await rig.stopHttp();
    try {
      const diagnosis = await diagnose(`db.test.internal:${rig.httpPort}`);
      expect(diagnosis.verdictLayer).toBe('reach');
      expect(diagnosis.layer('reach').evidence).toBe(
        `${rig.serverAddress}:8080 refused the connection: nothing listens on 8080 there (a listener missing or a wrong port)`,
      );
      expect(diagnosis.layer('app').status).toBe('skipped');
    } finally {
      await rig.startHttp();
    }
  }, 60_000);

  it('tells a wrong port by the refusal too, while the right one is served', async () => {
    const diagnosis = await diagnose('db 8081');
    expect(diagnosis.port).toBe('8081');
    expect(diagnosis.verdictLayer).toBe('reach');
    expect(diagnosis.layer('reach').evidence).toMatch(/^198\.18\.\d+\.2:8081 refused the connection/);
  }, 60_000);

  it('tells a firewall drop by the silence, says ICMP still passes, and traces the path to the host', async () => {
    const diagnosis = await withNft(
      rig.server,
      'chain input { type filter hook input priority 0; tcp dport 8080 drop; }',
      () => diagnose('db:8080'),
    );
    expect(diagnosis.verdictLayer).toBe('reach');
    expect(diagnosis.layer('reach').evidence).toMatch(
      /^198\.18\.\d+\.2:8080 did not answer within \d s: the SYN is dropped on the way \(a firewall or a policy\), or the host is down; ICMP gets through, so the host is up$/,
    );
    expect(diagnosis.layer('app').status).toBe('skipped');
    expect(diagnosis.layer('path')).toMatchObject({
      status: 'ok',
      evidence: `the path reaches ${rig.serverAddress} in 2 hops, path MTU 1500: the trouble is at the destination itself`,
    });
  }, 60_000);

  it('warns, and gives no verdict, when ICMP is filtered but TCP connects', async () => {
    const diagnosis = await withNft(
      rig.server,
      'chain input { type filter hook input priority 0; icmp type echo-request drop; }',
      () => diagnose('db:8080'),
    );
    expect(diagnosis.verdictLayer).toBeUndefined();
    expect(diagnosis.layer('reach')).toMatchObject({
      status: 'warn',
      evidence: `${rig.serverAddress}:8080 connects; ICMP lost but TCP connects: ICMP is filtered`,
    });
  }, 60_000);

  it('names a smaller MTU on the way and the hop that announced it, as a warning while senders are told', async () => {
    const diagnosis = await withMtu(1400, () => diagnose('db:8080'));
    expect(diagnosis.verdictLayer).toBeUndefined();
    expect(diagnosis.layer('path').status).toBe('warn');
    expect(diagnosis.layer('path').evidence).toMatch(
      /^path MTU 1400.*, below the 1500 of nsd\d+c: senders are told/,
    );
  }, 60_000);

  it('fails the path on an MTU black hole: full-size packets with DF lost without ICMP while small ones pass', async () => {
    const diagnosis = await withMtu(1400, () =>
      withNft(
        rig.router,
        'chain out { type filter hook output priority 0; icmp type destination-unreachable drop; }',
        () => diagnose('db:8080'),
      ),
    );
    expect(diagnosis.verdictLayer).toBe('path');
    expect(statuses(diagnosis)).toMatchObject({ name: 'ok', reach: 'ok', app: 'ok', path: 'fail' });
    expect(diagnosis.layer('path').evidence).toMatch(
      new RegExp(
        `^packets of 1500 bytes \\(the MTU of nsd\\d+c\\) with DF set are lost without an ICMP "fragmentation needed", while small ones pass: an MTU black hole after hop 1 \\(${escapeRegExp(rig.routerClientSide)}\\)$`,
      ),
    );
  }, 60_000);

  it('checks the TLS handshake and HTTPS status on a TLS port, and says the certificate is not trusted', async () => {
    const diagnosis = await diagnose(`web.test.internal:${rig.tlsPort}`);
    expect(diagnosis.layer('app').status).toBe('warn');
    expect(diagnosis.layer('app').evidence).toMatch(
      /^TLSv1\.3 handshake with 198\.18\.\d+\.2:8443 \(web\.test\.internal\); HTTPS 200; certificate not trusted: self-signed certificate$/,
    );
  }, 60_000);

  it('leaves the application unchecked on a port that answers neither HTTP nor TLS', async () => {
    const diagnosis = await diagnose(`${rig.serverAddress}:${rig.tcpPort}`);
    expect(diagnosis.layer('name').evidence).toBe(`${rig.serverAddress} is an address: nothing to resolve`);
    expect(diagnosis.layer('reach').status).toBe('ok');
    expect(diagnosis.layer('app').status).toBe('unchecked');
    expect(diagnosis.layer('app').evidence).toMatch(
      /answered neither an HTTP request nor a TLS hello within \d s/,
    );
    expect(diagnosis.verdictLayer).toBeUndefined();
  }, 60_000);

  it('stays within a short --timeout, and says which layer it had no time for', async () => {
    const started = Date.now();
    const diagnosis = await withNft(
      rig.server,
      'chain input { type filter hook input priority 0; tcp dport 8080 drop; icmp type echo-request drop; }',
      () => diagnose('db:8080 --timeout 4s'),
    );
    expect(diagnosis.elapsedMs).toBeLessThan(4000);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(diagnosis.verdictLayer).toBe('reach');
    expect(diagnosis.layer('path')).toMatchObject({ status: 'unchecked' });
    expect(diagnosis.layer('path').evidence).toMatch(/no time left within the 4 s bound/);
  }, 60_000);
});
