import type {
  ContainerFacts,
  DockerPathFacts,
  NetworkFacts,
} from '../../../../src/executors/docker/diagnose/docker-path-facts.js';
import { judgeDockerPath } from '../../../../src/executors/docker/diagnose/judge-docker-path.js';

// The judgements that the integration suite (test/integration/docker/diagnose-docker.test.ts) cannot
// make cheaply on a real engine: a scaled compose service, a health check, the host's side.

const front: NetworkFacts = {
  id: 'n-front',
  name: 'front',
  driver: 'bridge',
  defaultBridge: false,
  iccOff: false,
};
const networks = new Map([[front.id, front]]);

function replica(index: number, overrides: Partial<ContainerFacts> = {}): ContainerFacts {
  return {
    name: `app-db-${index}`,
    id: `c${index}aaaaaaaaaaaa`,
    status: 'running',
    exitCode: 0,
    oomKilled: false,
    restartCount: 0,
    hostNetwork: false,
    endpoints: [
      {
        networkId: 'n-front',
        networkName: 'front',
        ip: `198.19.7.${10 + index}`,
        gateway: '198.19.7.1',
        aliases: ['db', `c${index}aaaaaaaa`],
      },
    ],
    exposed: ['5432/tcp'],
    published: [],
    ...overrides,
  };
}

const fromWeb: DockerPathFacts['from'] = {
  kind: 'networks',
  written: 'container/web',
  short: 'web',
  endpoints: [
    { networkId: 'n-front', networkName: 'front', ip: '198.19.7.2', gateway: '198.19.7.1', aliases: [] },
  ],
};

const service = (facts: DockerPathFacts) =>
  judgeDockerPath(facts).findings.find((each) => each.layer === 'service');

describe('judgeDockerPath', () => {
  it('gives every running replica of a scaled compose service and warns about the stopped one', () => {
    const facts: DockerPathFacts = {
      from: fromWeb,
      to: {
        kind: 'containers',
        written: 'db',
        asked: 'db',
        containers: [
          replica(1),
          replica(2),
          replica(3, { status: 'exited', exitCode: 137, oomKilled: true }),
        ],
      },
      port: '5432',
      networks,
    };
    const view = judgeDockerPath(facts);
    expect(service(facts)).toMatchObject({
      status: 'warn',
      evidence:
        '1 of the 3 containers that answer to db is not running: app-db-3 exited (exit 137, killed for memory)',
    });
    expect(view.endpoints.map((each) => `${each.address}:${each.port}`)).toEqual([
      '198.19.7.11:5432',
      '198.19.7.12:5432',
    ]);
    // The short-id alias Docker adds is left out: nobody asks for a container by it.
    expect(view.expectedName).toEqual({
      names: ['db', 'app-db-1', 'app-db-2'],
      addresses: ['198.19.7.11', '198.19.7.12'],
    });
  });

  it("warns with the health check's last words when TO runs but is unhealthy", () => {
    const unhealthy = replica(1, {
      health: { status: 'unhealthy', lastOutput: 'pg_isready: /var/run/postgresql:5432 - no response\n' },
    });
    expect(
      service({
        from: fromWeb,
        to: { kind: 'containers', written: 'container/app-db-1', containers: [unhealthy] },
        networks,
      }),
    ).toMatchObject({
      status: 'warn',
      evidence:
        'container/app-db-1 is running but unhealthy: pg_isready: /var/run/postgresql:5432 - no response',
    });
  });

  it('fails a named port, which Docker containers do not have', () => {
    expect(
      service({
        from: fromWeb,
        to: { kind: 'containers', written: 'container/app-db-1', containers: [replica(1)] },
        port: 'postgres',
        networks,
      }),
    ).toMatchObject({
      status: 'fail',
      evidence: 'Docker containers have no named ports: "postgres" means nothing here',
    });
  });

  it('from the host, gives the bridge addresses and no names to expect', () => {
    const view = judgeDockerPath({
      from: { kind: 'host', written: 'host' },
      to: { kind: 'containers', written: 'container/app-db-1', containers: [replica(1)] },
      port: '5432',
      networks,
    });
    expect(view.endpoints).toEqual([
      { address: '198.19.7.11', port: 5432, protocol: 'TCP', label: 'container/app-db-1 on front' },
    ]);
    expect(view.expectedName).toBeUndefined();
  });

  it("reaches the host at the gateway of FROM's network", () => {
    const view = judgeDockerPath({
      from: fromWeb,
      to: { kind: 'host', written: 'host' },
      port: '22',
      networks,
    });
    expect(view.endpoints).toEqual([
      { address: '198.19.7.1', port: 22, protocol: 'TCP', label: 'the host (the gateway of front)' },
    ]);
  });
});
