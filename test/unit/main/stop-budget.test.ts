import { readFileSync } from 'node:fs';
import { parseAllDocuments, parse } from 'yaml';
import { loadConfig } from '../../../src/config/env.js';
import { parseDuration } from '../../../src/grammar/duration.js';
import { botDrainMs, workerStopAfterGraceMs } from '../../../src/main/stop-budget.js';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

interface PodSpec {
  terminationGracePeriodSeconds?: number;
  containers: {
    env?: { name: string; value?: string }[];
    lifecycle?: { preStop?: { exec?: { command: string[] } } };
  }[];
}

function podSpecOf(path: string): PodSpec {
  const [deployment] = parseAllDocuments(read(path)).map(
    (document) => document.toJS() as { spec: { template: { spec: PodSpec } } },
  );
  return deployment!.spec.template.spec;
}

describe('the stop budget of a rolling upgrade (docs/operations.md)', () => {
  const defaultGraceMs = loadConfig({}).NETSHOOT_WORKER_GRACE;

  it("gives a worker pod the grace and the stop after it before Kubernetes' SIGKILL", () => {
    const pod = podSpecOf('deploy/base/worker.yaml');
    const grace = pod.containers[0]?.env?.find((variable) => variable.name === 'NETSHOOT_WORKER_GRACE');
    const graceMs = grace?.value === undefined ? defaultGraceMs : parseDuration(grace.value);
    expect((pod.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThanOrEqual(
      graceMs + workerStopAfterGraceMs,
    );
  });

  it("gives a bot pod its preStop wait and the drain before Kubernetes' SIGKILL", () => {
    const pod = podSpecOf('deploy/base/bot.yaml');
    const command = pod.containers[0]?.lifecycle?.preStop?.exec?.command ?? [];
    expect(command[0]).toBe('sleep');
    expect((pod.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThanOrEqual(
      Number(command[1]) * 1000 + botDrainMs,
    );
  });

  it("gives compose's `all` the worker's grace, its stop and the app's drain before the engine's SIGKILL", () => {
    const compose = parse(read('docker-compose.yml')) as {
      services: Record<string, { stop_grace_period?: string; environment?: Record<string, string> }>;
    };
    const service = compose.services['netshoot-bot']!;
    const written = /^\$\{NETSHOOT_WORKER_GRACE:-(\w+)\}$/.exec(
      service.environment?.NETSHOOT_WORKER_GRACE ?? '',
    );
    const graceMs = written?.[1] === undefined ? defaultGraceMs : parseDuration(written[1]);
    expect(parseDuration(service.stop_grace_period ?? '10s')).toBeGreaterThanOrEqual(
      graceMs + workerStopAfterGraceMs + botDrainMs,
    );
  });
});
