import { runDiagnosis, type DiagnoseInput } from '../../../src/diagnose/run-diagnosis.js';
import type { ApiView, Diagnosis } from '../../../src/diagnose/diagnosis.js';
import type { DiagnoseExecutor, ProbeSession } from '../../../src/diagnose/ports.js';
import type { RunResult } from '../../../src/results/run-result.js';

// The orchestrator with its edges faked: an executor whose API view is given, and a session that
// answers each probe with what the tool printed on the fault rig (test/integration/diagnose/). The
// faults themselves are made for real in the integration tests; these cover what a netns cannot
// show: a Service address apart from its endpoints, an API that fails, a cancel mid-probe.

type Answer = Partial<RunResult> | ((signal?: AbortSignal) => Promise<Partial<RunResult>>);

function fakeSession(
  answers: (argv: readonly string[]) => Answer | undefined,
): ProbeSession & { ran: string[][] } {
  const ran: string[][] = [];
  return {
    ran,
    async run(argv, options) {
      ran.push([...argv]);
      const answer = answers(argv) ?? { exitCode: 1, stderr: `${argv[0]}: no answer in this test` };
      const partial = typeof answer === 'function' ? await answer(options.signal) : answer;
      return {
        argv,
        exitCode: 0,
        signal: null,
        timedOut: false,
        canceled: false,
        stdout: '',
        stderr: '',
        truncated: false,
        durationMs: 1,
        artifacts: [],
        ...partial,
      };
    },
  };
}

const pingAnswered = {
  stdout:
    'PING 198.18.5.1 (198.18.5.1) 56(84) bytes of data.\n64 bytes from 198.18.5.1: icmp_seq=1 ttl=63 time=0.094 ms\n\n--- 198.18.5.1 ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss, time 406ms\n',
};
const connected = (address: string, port: number) => ({
  stderr: `Connection to ${address} ${port} port [tcp/*] succeeded!`,
});
const timedOut = (address: string, port: number) => ({
  exitCode: 1,
  stderr: `nc: connect to ${address} port ${port} (tcp) timed out: Operation now in progress`,
});

const view: ApiView = {
  findings: [
    { layer: 'service', status: 'ok', evidence: 'payments:80 → 1 ready endpoint' },
    { layer: 'policy', status: 'ok', evidence: 'no NetworkPolicy selects either side' },
  ],
  expectedName: { names: ['payments'], addresses: ['10.96.0.12'] },
  serviceAddress: { address: '10.96.0.12', port: 80, protocol: 'TCP', label: 'the Service' },
  endpoints: [{ address: '198.18.5.1', port: 8080, protocol: 'TCP', label: 'endpoint pod/payments-1' }],
};

const input: DiagnoseInput = {
  from: { kind: 'pod', name: 'checkout' },
  to: 'payments',
  port: '80',
  namespace: 'shop',
  timeoutMs: 20_000,
};

function executorWith(diagnose?: () => Promise<ApiView>): DiagnoseExecutor {
  return {
    name: 'kubernetes',
    ...(diagnose ? { diagnose } : {}),
    resolveAddress: async () => '10.96.0.12',
  };
}

async function diagnosisWith(
  session: ProbeSession,
  executor: DiagnoseExecutor,
  signal = new AbortController().signal,
  asked: DiagnoseInput = input,
): Promise<{ diagnosis: Diagnosis; result: RunResult }> {
  const result = await runDiagnosis(asked, {
    openSession: async () => session,
    selectExecutor: () => executor,
    signal,
    onProgress: () => {},
  });
  return { diagnosis: JSON.parse(result.stdout) as Diagnosis, result };
}

const layer = (diagnosis: Diagnosis, name: string) => diagnosis.layers.find((found) => found.layer === name)!;

describe('the diagnose orchestrator', () => {
  it('points at the Service when its address times out while its endpoint connects directly', async () => {
    const session = fakeSession((argv) => {
      if (argv[0] === 'getent') return { stdout: '10.96.0.12      STREAM payments.shop.svc.cluster.local\n' };
      if (argv[0] === 'ping') return pingAnswered;
      if (argv[0] === 'nc' && argv.includes('10.96.0.12')) return timedOut('10.96.0.12', 80);
      if (argv[0] === 'nc') return connected('198.18.5.1', 8080);
      return undefined;
    });
    const { diagnosis, result } = await diagnosisWith(
      session,
      executorWith(async () => view),
    );
    expect(result.argv).toEqual(['diagnose', 'pod/checkout', 'payments:80']);
    expect(diagnosis.verdictLayer).toBe('reach');
    expect(layer(diagnosis, 'reach').evidence).toBe(
      "10.96.0.12:80 did not answer within 3 s: the SYN is dropped on the way (a firewall or a policy), or the host is down, while 1 of 1 endpoints connect directly: the Service's forwarding (kube-proxy) or its port mapping is broken",
    );
    expect(layer(diagnosis, 'app').status).toBe('skipped');
    // The endpoint's own port, not the Service's, is dialled directly.
    expect(session.ran).toContainEqual(['nc', '-z', '-v', '-n', '-w', '3', '198.18.5.1', '8080']);
  });

  it('fails the name when it resolves elsewhere than the address the API gives, and runs nothing above', async () => {
    const session = fakeSession((argv) =>
      argv[0] === 'getent' ? { stdout: '198.18.7.9      STREAM payments.example.com\n' } : undefined,
    );
    const { diagnosis } = await diagnosisWith(
      session,
      executorWith(async () => view),
    );
    expect(diagnosis.verdictLayer).toBe('name');
    expect(layer(diagnosis, 'name').evidence).toBe(
      'payments resolves to 198.18.7.9, not 10.96.0.12, the address the API gives for it',
    );
    expect(diagnosis.layers.map((found) => found.status)).toEqual([
      'fail',
      'ok',
      'ok',
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(session.ran.map((argv) => argv[0])).toEqual(['getent']);
  });

  it('skips the probes above a Service the API found broken, and makes it the verdict', async () => {
    const broken: ApiView = {
      ...view,
      findings: [
        { layer: 'service', status: 'fail', evidence: 'payments:80 has no ready endpoints (1 not ready)' },
        { layer: 'policy', status: 'ok', evidence: 'no NetworkPolicy selects either side' },
      ],
    };
    const session = fakeSession((argv) =>
      argv[0] === 'getent'
        ? { stdout: '10.96.0.12      STREAM payments.shop.svc.cluster.local\n' }
        : undefined,
    );
    const { diagnosis } = await diagnosisWith(
      session,
      executorWith(async () => broken),
    );
    expect(diagnosis.verdictLayer).toBe('service');
    expect(layer(diagnosis, 'reach')).toEqual({
      layer: 'reach',
      status: 'skipped',
      evidence: 'not run: the service layer failed',
    });
  });

  it('leaves service and policy unchecked, with the reason, when the API cannot be read, and probes on', async () => {
    const session = fakeSession((argv) => {
      if (argv[0] === 'getent') return { stdout: '10.96.0.12      STREAM payments\n' };
      if (argv[0] === 'ping') return pingAnswered;
      if (argv[0] === 'nc') return connected('10.96.0.12', 80);
      return undefined;
    });
    const failing = executorWith(async () => {
      throw new Error('endpointslices.discovery.k8s.io is forbidden');
    });
    const { diagnosis } = await diagnosisWith(session, failing);
    expect(layer(diagnosis, 'policy')).toEqual({
      layer: 'policy',
      status: 'unchecked',
      evidence: 'the kubernetes API could not be read: endpointslices.discovery.k8s.io is forbidden',
    });
    expect(layer(diagnosis, 'reach').status).toBe('ok');
  });

  it('stops at a cancel: the running probe ends, none starts after, and the layers say why', async () => {
    const cancel = new AbortController();
    const session = fakeSession((argv) => {
      if (argv[0] === 'getent') return { stdout: '10.96.0.12      STREAM payments\n' };
      // The connect hangs until the cancel kills it, as a dropped SYN would.
      return (signal) =>
        new Promise((resolve) => {
          signal?.addEventListener('abort', () =>
            resolve({ exitCode: null, canceled: true, signal: 'SIGTERM' }),
          );
          if (argv[0] === 'nc') cancel.abort();
        });
    });
    const { diagnosis, result } = await diagnosisWith(session, executorWith(), cancel.signal);
    expect(result.canceled).toBe(true);
    expect(layer(diagnosis, 'app').status).toBe('unchecked');
    expect(layer(diagnosis, 'path')).toMatchObject({ status: 'unchecked' });
    expect(layer(diagnosis, 'path').evidence).toMatch(/canceled or reached its deadline/);
    expect(session.ran.filter((argv) => argv[0] === 'tracepath')).toEqual([]);
  });

  it('takes a target’s address from its executor, and only warns when its name resolves elsewhere from FROM', async () => {
    const toService: DiagnoseInput = { ...input, to: { kind: 'svc', name: 'payments' } };
    const answering = (address: string) =>
      fakeSession((argv) =>
        argv[0] === 'getent' ? { stdout: `${address}      STREAM payments\n` } : undefined,
      );
    const same = await diagnosisWith(
      answering('10.96.0.12'),
      executorWith(async () => view),
      undefined,
      toService,
    );
    expect(layer(same.diagnosis, 'name')).toMatchObject({
      status: 'ok',
      evidence:
        'svc/payments is a target: its address 10.96.0.12 comes from the API, not a resolver; payments → 10.96.0.12 from here too',
    });
    const elsewhere = await diagnosisWith(
      answering('198.18.7.9'),
      executorWith(async () => view),
      undefined,
      toService,
    );
    expect(layer(elsewhere.diagnosis, 'name')).toMatchObject({
      status: 'warn',
      evidence:
        'svc/payments is a target: its address 10.96.0.12 comes from the API, not a resolver; but payments resolves to 198.18.7.9 from here, not 10.96.0.12',
    });
  });
});
