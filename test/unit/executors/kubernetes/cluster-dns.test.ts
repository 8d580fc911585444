import type { V1Service } from '@kubernetes/client-node';
import {
  answerQuestion,
  type ClusterDnsView,
  type EndpointSliceView,
} from '../../../harness/kube/cluster-dns-records.js';
import {
  decodeQuery,
  encodeResponse,
  Rcode,
  RecordType,
  type Answer,
} from '../../../harness/kube/dns-wire.js';
import { podResolvConf } from '../../../harness/kube/pod-dns.js';

const services: V1Service[] = [
  {
    metadata: { name: 'db', namespace: 'shop' },
    spec: {
      clusterIP: '198.18.200.201',
      ports: [
        { name: 'pg', port: 5432, protocol: 'TCP' },
        { name: 'metrics', port: 9187, protocol: 'TCP' },
      ],
    },
  },
  {
    metadata: { name: 'peers', namespace: 'shop' },
    spec: { clusterIP: 'None', ports: [{ name: 'gossip', port: 7946, protocol: 'UDP' }] },
  },
  { metadata: { name: 'empty', namespace: 'shop' }, spec: { clusterIP: 'None' } },
  {
    metadata: { name: 'bare', namespace: 'shop' },
    spec: { clusterIP: 'None' },
  },
  {
    metadata: { name: 'payments', namespace: 'shop' },
    spec: { type: 'ExternalName', externalName: 'payments.example.test' },
  },
];

const slices: Record<string, EndpointSliceView[]> = {
  peers: [
    {
      endpoints: [
        { addresses: ['198.18.200.5'], hostname: 'peer-0', conditions: { ready: true } },
        { addresses: ['198.18.200.6'], conditions: { ready: true } },
        { addresses: ['198.18.200.7'], conditions: { ready: false } },
      ],
      ports: [{ name: 'gossip', port: 7946, protocol: 'UDP' }],
    },
  ],
  bare: [{ endpoints: [{ addresses: ['198.18.200.9'], conditions: { ready: true } }], ports: [] }],
  db: [{ endpoints: [{ addresses: ['198.18.200.3'], conditions: { ready: true } }], ports: [] }],
};

const view: ClusterDnsView = {
  zone: 'cluster.local',
  serverAddress: '198.18.202.10',
  serial: 1700000000,
  namespaceExists: (namespace) => ['default', 'shop'].includes(namespace),
  service: (namespace, name) =>
    services.find((s) => s.metadata!.namespace === namespace && s.metadata!.name === name),
  endpointSlices: (service) => Promise.resolve(slices[service.metadata!.name!] ?? []),
};

const ask = (name: string, type: keyof typeof RecordType = 'A') =>
  answerQuestion(view, { name, type: RecordType[type], class: 1 });

/** The answer section as dig +short would print it, one record per line. */
function short(answer: Answer): string[] {
  return answer.answers.map((record) => {
    const data = record.data;
    switch (data.type) {
      case 'A':
        return data.address;
      case 'SRV':
        return `${data.priority} ${data.weight} ${data.port} ${data.target}.`;
      case 'TXT':
        return `"${data.text}"`;
      case 'SOA':
        return `${data.mname}. ${data.rname}. ${data.serial}`;
      default:
        return `${data.target}.`;
    }
  });
}

describe('the double’s cluster DNS records (CoreDNS’s kubernetes plugin)', () => {
  it('answers a Service name with its ClusterIP, authoritatively', async () => {
    const answer = await ask('db.shop.svc.cluster.local');
    expect(answer.rcode).toBe(Rcode.NOERROR);
    expect(answer.authoritative).toBe(true);
    expect(short(answer)).toEqual(['198.18.200.201']);
    expect(answer.answers[0]!.name).toBe('db.shop.svc.cluster.local');
  });

  it('keeps the case the question was asked in, and ignores it for matching', async () => {
    const answer = await ask('DB.Shop.svc.Cluster.Local.');
    expect(short(answer)).toEqual(['198.18.200.201']);
    expect(answer.answers[0]!.name).toBe('DB.Shop.svc.Cluster.Local');
  });

  it('answers a headless Service with its ready endpoints only', async () => {
    expect(short(await ask('peers.shop.svc.cluster.local'))).toEqual(['198.18.200.5', '198.18.200.6']);
  });

  it('names each endpoint by its hostname, else by its dashed address', async () => {
    expect(short(await ask('peer-0.peers.shop.svc.cluster.local'))).toEqual(['198.18.200.5']);
    expect(short(await ask('198-18-200-6.peers.shop.svc.cluster.local'))).toEqual(['198.18.200.6']);
    // Endpoints of a Service with a ClusterIP have names too.
    expect(short(await ask('198-18-200-3.db.shop.svc.cluster.local'))).toEqual(['198.18.200.3']);
    // Not ready: as if it did not exist.
    expect((await ask('198-18-200-7.peers.shop.svc.cluster.local')).rcode).toBe(Rcode.NXDOMAIN);
  });

  it('gives a headless Service without ports its A records, and no SRV', async () => {
    expect(short(await ask('bare.shop.svc.cluster.local'))).toEqual(['198.18.200.9']);
    const srv = await ask('bare.shop.svc.cluster.local', 'SRV');
    expect(srv.rcode).toBe(Rcode.NOERROR);
    expect(srv.answers).toEqual([]);
  });

  it('answers SRV for a named port of a ClusterIP Service, with the Service’s A in additional', async () => {
    const answer = await ask('_pg._tcp.db.shop.svc.cluster.local', 'SRV');
    expect(short(answer)).toEqual(['0 100 5432 db.shop.svc.cluster.local.']);
    expect(answer.additional).toEqual([
      { name: 'db.shop.svc.cluster.local', ttl: 30, data: { type: 'A', address: '198.18.200.201' } },
    ]);
  });

  it('answers SRV for every port when the name has none, the weight shared among them', async () => {
    expect(short(await ask('db.shop.svc.cluster.local', 'SRV'))).toEqual([
      '0 50 5432 db.shop.svc.cluster.local.',
      '0 50 9187 db.shop.svc.cluster.local.',
    ]);
  });

  it('answers SRV of a headless Service with one record per ready endpoint', async () => {
    const answer = await ask('_gossip._udp.peers.shop.svc.cluster.local', 'SRV');
    expect(short(answer)).toEqual([
      '0 50 7946 peer-0.peers.shop.svc.cluster.local.',
      '0 50 7946 198-18-200-6.peers.shop.svc.cluster.local.',
    ]);
    expect(answer.additional.map((record) => record.name)).toEqual([
      'peer-0.peers.shop.svc.cluster.local',
      '198-18-200-6.peers.shop.svc.cluster.local',
    ]);
  });

  it('does not know a port name or a protocol the Service does not have', async () => {
    expect((await ask('_http._tcp.db.shop.svc.cluster.local', 'SRV')).rcode).toBe(Rcode.NXDOMAIN);
    expect((await ask('_pg._udp.db.shop.svc.cluster.local', 'SRV')).rcode).toBe(Rcode.NXDOMAIN);
  });

  it('answers a dashed pod address in a namespace that exists (pods insecure)', async () => {
    expect(short(await ask('198-18-200-44.shop.pod.cluster.local'))).toEqual(['198.18.200.44']);
    expect((await ask('198-18-200-44.nowhere.pod.cluster.local')).rcode).toBe(Rcode.NXDOMAIN);
    expect((await ask('198-18-200-444.shop.pod.cluster.local')).rcode).toBe(Rcode.NXDOMAIN);
    expect((await ask('web.shop.pod.cluster.local')).rcode).toBe(Rcode.NXDOMAIN);
  });

  it('answers an ExternalName Service with a CNAME and follows it no further', async () => {
    expect(short(await ask('payments.shop.svc.cluster.local'))).toEqual(['payments.example.test.']);
  });

  it.each([
    ['a mistyped Service', 'dbb.shop.svc.cluster.local'],
    ['a namespace that does not exist', 'db.shoop.svc.cluster.local'],
    ['a headless Service without ready endpoints', 'empty.shop.svc.cluster.local'],
    ['a name that is neither svc nor pod', 'db.shop.cluster.local'],
    ['too many labels', 'a.b.c.db.shop.svc.cluster.local'],
  ])('answers NXDOMAIN with the zone’s SOA for %s', async (_what, name) => {
    const answer = await ask(name);
    expect(answer.rcode).toBe(Rcode.NXDOMAIN);
    expect(answer.authoritative).toBe(true);
    expect(answer.answers).toEqual([]);
    expect(answer.authority).toEqual([
      {
        name: 'cluster.local',
        ttl: 30,
        data: {
          type: 'SOA',
          mname: 'ns.dns.cluster.local',
          rname: 'hostmaster.cluster.local',
          serial: 1700000000,
          refresh: 7200,
          retry: 1800,
          expire: 86400,
          minimum: 30,
        },
      },
    ]);
  });

  it.each([
    ['AAAA of a Service (the double is IPv4 only)', 'db.shop.svc.cluster.local', 'AAAA'],
    ['a namespace', 'shop.svc.cluster.local', 'A'],
    ['the svc subdomain', 'svc.cluster.local', 'A'],
    ['the zone apex', 'cluster.local', 'A'],
  ] as const)('answers NODATA (NOERROR, no answer, the SOA) for %s', async (_what, name, type) => {
    const answer = await ask(name, type);
    expect(answer.rcode).toBe(Rcode.NOERROR);
    expect(answer.answers).toEqual([]);
    expect(answer.authority.map((record) => record.data.type)).toEqual(['SOA']);
  });

  it('answers the apex’s SOA and NS, the name server’s address, and the schema version', async () => {
    expect(short(await ask('cluster.local', 'SOA'))).toEqual([
      'ns.dns.cluster.local. hostmaster.cluster.local. 1700000000',
    ]);
    const ns = await ask('cluster.local', 'NS');
    expect(short(ns)).toEqual(['ns.dns.cluster.local.']);
    expect(ns.additional[0]!.data).toEqual({ type: 'A', address: '198.18.202.10' });
    expect(short(await ask('ns.dns.cluster.local'))).toEqual(['198.18.202.10']);
    expect(short(await ask('dns-version.cluster.local', 'TXT'))).toEqual(['"1.1.0"']);
  });

  it('refuses names outside the zone: nothing is forwarded out of the test range', async () => {
    for (const name of ['example.com', 'db.shop', 'notcluster.local']) {
      const answer = await ask(name);
      expect(answer.rcode).toBe(Rcode.REFUSED);
      expect(answer.authoritative).toBe(false);
      expect(answer.authority).toEqual([]);
    }
  });

  it('answers a single label NXDOMAIN from the root, as a cluster’s upstream would: a short name matching nothing ends so', async () => {
    for (const name of ['db', 'dbb', 'local']) {
      const answer = await ask(name);
      expect(answer.rcode).toBe(Rcode.NXDOMAIN);
      expect(answer.authoritative).toBe(false);
      expect(answer.recursionAvailable).toBe(true);
      expect(answer.authority.map((record) => [record.name, record.data.type])).toEqual([['', 'SOA']]);
    }
  });
});

/** A query as dig sends it: RD set, one question, an OPT record announcing 1232 bytes. */
function digQuery(name: string, type: number, edns = true): Buffer {
  const labels = name
    .split('.')
    .map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label)]));
  const header = Buffer.from([0x12, 0x34, 0x01, 0x20, 0, 1, 0, 0, 0, 0, 0, edns ? 1 : 0]);
  const question = Buffer.concat([...labels, Buffer.from([0, 0, type, 0, 1])]);
  const opt = Buffer.from([0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0]);
  return Buffer.concat([header, question, ...(edns ? [opt] : [])]);
}

describe('the double’s DNS wire format', () => {
  it('reads the question and the EDNS size of a query as dig sends it', () => {
    expect(decodeQuery(digQuery('db.shop.svc.cluster.local', 1))).toEqual({
      id: 0x1234,
      opcode: 0,
      recursionDesired: true,
      questions: [{ name: 'db.shop.svc.cluster.local', type: 1, class: 1 }],
      ednsUdpSize: 1232,
    });
    expect(decodeQuery(Buffer.from([1, 2, 3]))).toBeUndefined();
  });

  it('writes an answer with the header flags, the question, the record and an OPT', async () => {
    const query = decodeQuery(digQuery('db.shop.svc.cluster.local', 1))!;
    const response = encodeResponse(query, await ask('db.shop.svc.cluster.local'));
    // id, flags qr aa rd NOERROR, 1 question, 1 answer, 0 authority, 1 additional (the OPT)
    expect([...response.subarray(0, 12)]).toEqual([0x12, 0x34, 0x85, 0x00, 0, 1, 0, 1, 0, 0, 0, 1]);
    const questionEnd = 12 + 'db.shop.svc.cluster.local'.length + 2 + 4;
    const record = response.subarray(questionEnd);
    // The owner name, type A, class IN, TTL 30, 4 bytes of address.
    const owner = 'db.shop.svc.cluster.local'.length + 2;
    expect([...record.subarray(owner, owner + 14)]).toEqual([
      0, 1, 0, 1, 0, 0, 0, 30, 0, 4, 198, 18, 200, 201,
    ]);
    expect([...record.subarray(owner + 14)]).toEqual([0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0]);
  });

  it('sets TC and drops the records when the answer does not fit the UDP size', async () => {
    const query = decodeQuery(digQuery('_gossip._udp.peers.shop.svc.cluster.local', 33, false))!;
    const answer = await ask('_gossip._udp.peers.shop.svc.cluster.local', 'SRV');
    const truncated = encodeResponse(query, answer, 100);
    expect(truncated.readUInt16BE(2) & 0x0200).toBe(0x0200);
    expect(truncated.readUInt16BE(6)).toBe(0);
    expect(encodeResponse(query, answer, 512).readUInt16BE(6)).toBe(2);
  });

  it('answers NXDOMAIN and REFUSED with their codes in the header', async () => {
    const query = decodeQuery(digQuery('dbb.shop.svc.cluster.local', 1))!;
    expect(encodeResponse(query, await ask('dbb.shop.svc.cluster.local')).readUInt16BE(2) & 0xf).toBe(
      Rcode.NXDOMAIN,
    );
    const outside = decodeQuery(digQuery('example.com', 1))!;
    const refused = encodeResponse(outside, await ask('example.com'));
    expect(refused.readUInt16BE(2)).toBe(0x8100 | Rcode.REFUSED);
  });
});

describe('the kubelet’s resolv.conf for a pod (dnsPolicy)', () => {
  const cluster = { nameserver: '198.18.202.10', domain: 'cluster.local' };
  const clusterFile = {
    nameservers: ['198.18.202.10'],
    searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
    options: ['ndots:5'],
  };

  it('points ClusterFirst (the default) at the cluster DNS with the namespace’s search domains', () => {
    expect(podResolvConf({}, 'shop', cluster)).toEqual(clusterFile);
    expect(podResolvConf({ dnsPolicy: 'ClusterFirst' }, 'shop', cluster)).toEqual(clusterFile);
  });

  it('leaves a hostNetwork pod the node’s file, unless ClusterFirstWithHostNet', () => {
    expect(podResolvConf({ hostNetwork: true }, 'shop', cluster)).toBeUndefined();
    expect(
      podResolvConf({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }, 'shop', cluster),
    ).toEqual(clusterFile);
    expect(podResolvConf({ dnsPolicy: 'Default' }, 'shop', cluster)).toBeUndefined();
  });

  it('gives dnsPolicy None exactly its dnsConfig', () => {
    expect(
      podResolvConf(
        {
          dnsPolicy: 'None',
          dnsConfig: {
            nameservers: ['198.18.200.9'],
            searches: ['netshoot.test'],
            options: [{ name: 'edns0' }],
          },
        },
        'shop',
        cluster,
      ),
    ).toEqual({ nameservers: ['198.18.200.9'], searches: ['netshoot.test'], options: ['edns0'] });
  });

  it('adds a dnsConfig to ClusterFirst: servers and searches appended once, options replaced by name', () => {
    expect(
      podResolvConf(
        {
          dnsConfig: {
            nameservers: ['198.18.200.9', '198.18.202.10'],
            searches: ['netshoot.test', 'cluster.local'],
            options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }],
          },
        },
        'shop',
        cluster,
      ),
    ).toEqual({
      nameservers: ['198.18.202.10', '198.18.200.9'],
      searches: [...clusterFile.searches, 'netshoot.test'],
      options: ['ndots:2', 'edns0'],
    });
  });
});
