import type { V1Service } from '@kubernetes/client-node';
import { RecordType, Rcode, type Answer, type Question, type ResourceRecord } from './dns-wire.js';

/**
 * What CoreDNS's kubernetes plugin answers (the Kubernetes DNS-Based Service Discovery specification,
 * 1.1.0, with CoreDNS's choices where the specification leaves them open), as kubeadm's Corefile sets it
 * up: `kubernetes cluster.local { pods insecure; ttl 30 }`, and no `forward`: the double never sends a
 * query out of the test range, so a name outside the zone is REFUSED, as CoreDNS answers a zone it does
 * not serve. One exception, so that a short name that matches nothing ends as in a cluster: a resolver
 * tries the search domains, then the name itself (`db.`), which a cluster's upstream answers NXDOMAIN
 * from the root zone; a single label is answered so (no TLD is ever asked for in the test range).
 *
 *   <svc>.<ns>.svc.<zone>                A    the ClusterIP; a headless Service: its ready endpoints
 *   <endpoint>.<svc>.<ns>.svc.<zone>     A    one endpoint (its hostname, else its dashed IP)
 *   _<port>._<proto>.<svc>.<ns>.svc.<zone> SRV 0 <100/n> <port> <svc or endpoint name>, A in additional
 *   <a-b-c-d>.<ns>.pod.<zone>            A    a.b.c.d, for a namespace that exists (pods insecure)
 *   <svc>.<ns>.svc.<zone>                CNAME an ExternalName Service's name
 *   dns-version.<zone>                   TXT  the schema version
 * A name that does not exist: NXDOMAIN; a name that exists without the type asked: NOERROR and no
 * answer (NODATA); both with the zone's SOA in authority, as the negative answer's TTL.
 */

export interface EndpointSliceView {
  readonly endpoints?: readonly {
    readonly addresses: readonly string[];
    readonly hostname?: string;
    readonly conditions?: { readonly ready?: boolean };
  }[];
  readonly ports?: readonly { readonly name?: string; readonly port?: number; readonly protocol?: string }[];
}

/** The objects the answers come from, read when the question comes: a change shows at once. */
export interface ClusterDnsView {
  readonly zone: string;
  /** The server's own address: the A of ns.dns.<zone>, the zone's name server. */
  readonly serverAddress: string;
  /** The SOA serial: CoreDNS gives the time of the last change it saw, in seconds. */
  readonly serial: number;
  namespaceExists(namespace: string): boolean;
  service(namespace: string, name: string): V1Service | undefined;
  /** Read only for the answers that need endpoints (headless Services, endpoint names): a pod's
   * readiness comes from Docker, which takes a moment to ask. */
  endpointSlices(service: V1Service): Promise<readonly EndpointSliceView[]>;
}

const ttl = 30;
const schemaVersion = '1.1.0';

/** A record of the zone before it is written for one question: where it points, on which port. */
interface Found {
  readonly address: string;
  /** undefined: no port (a headless Service without ports has A records but no SRV). */
  readonly port?: number;
  /** The SRV target's name, which the additional section gives an A record. */
  readonly target: string;
}

type Lookup =
  | { readonly kind: 'nxdomain' }
  | { readonly kind: 'records'; readonly found: readonly Found[] }
  | { readonly kind: 'cname'; readonly target: string }
  | { readonly kind: 'empty' }
  | { readonly kind: 'apex' }
  | { readonly kind: 'version' };

export async function answerQuestion(view: ClusterDnsView, question: Question): Promise<Answer> {
  const zone = view.zone.toLowerCase();
  const name = question.name.toLowerCase().replace(/\.$/, '');
  if (name !== zone && !name.endsWith(`.${zone}`)) {
    return name !== '' && !name.includes('.') ? noSuchTopLevelName : refused;
  }
  const labels = name === zone ? [] : name.slice(0, -(zone.length + 1)).split('.');
  const lookup = await lookUp(view, labels);
  const soa = soaRecord(view);
  const answer = (answers: ResourceRecord[], additional: ResourceRecord[] = []): Answer =>
    answers.length === 0
      ? { rcode: Rcode.NOERROR, authoritative: true, answers, authority: [soa], additional: [] }
      : { rcode: Rcode.NOERROR, authoritative: true, answers, authority: [], additional };
  const owner = question.name.replace(/\.$/, '');
  switch (lookup.kind) {
    case 'nxdomain':
      return { rcode: Rcode.NXDOMAIN, authoritative: true, answers: [], authority: [soa], additional: [] };
    case 'empty':
      return answer([]);
    case 'apex':
      if (question.type === RecordType.SOA) return answer([{ ...soa, name: owner }]);
      if (question.type === RecordType.NS)
        return answer(
          [{ name: owner, ttl, data: { type: 'NS', target: `ns.dns.${zone}` } }],
          [{ name: `ns.dns.${zone}`, ttl, data: { type: 'A', address: view.serverAddress } }],
        );
      return answer([]);
    case 'version':
      return answer(
        question.type === RecordType.TXT || question.type === RecordType.ANY
          ? [{ name: owner, ttl, data: { type: 'TXT', text: schemaVersion } }]
          : [],
      );
    case 'cname':
      return answer([{ name: owner, ttl, data: { type: 'CNAME', target: lookup.target } }]);
    case 'records': {
      if (question.type === RecordType.A || question.type === RecordType.ANY) {
        const addresses = [...new Set(lookup.found.map((found) => found.address))];
        return answer(addresses.map((address) => ({ name: owner, ttl, data: { type: 'A', address } })));
      }
      if (question.type === RecordType.SRV) {
        const withPorts = lookup.found.filter((found) => found.port !== undefined);
        // CoreDNS shares a weight of 100 among the records of one priority (all are priority 0).
        const weight = Math.floor(100 / Math.max(1, withPorts.length));
        return answer(
          withPorts.map((found) => ({
            name: owner,
            ttl,
            data: { type: 'SRV', priority: 0, weight, port: found.port!, target: found.target },
          })),
          [...new Map(withPorts.map((found) => [found.target, found])).values()].map((found) => ({
            name: found.target,
            ttl,
            data: { type: 'A', address: found.address },
          })),
        );
      }
      return answer([]);
    }
  }
}

/** The root zone's NXDOMAIN for a top-level name that is not delegated, as a recursive resolver relays it. */
const noSuchTopLevelName: Answer = {
  rcode: Rcode.NXDOMAIN,
  authoritative: false,
  recursionAvailable: true,
  answers: [],
  authority: [
    {
      name: '',
      ttl: 86400,
      data: {
        type: 'SOA',
        mname: 'a.root-servers.net',
        rname: 'nstld.verisign-grs.com',
        serial: 2026113000,
        refresh: 1800,
        retry: 900,
        expire: 604800,
        minimum: 86400,
      },
    },
  ],
  additional: [],
};

const refused: Answer = {
  rcode: Rcode.REFUSED,
  authoritative: false,
  answers: [],
  authority: [],
  additional: [],
};

function soaRecord(view: ClusterDnsView): ResourceRecord {
  const zone = view.zone.toLowerCase();
  return {
    name: zone,
    ttl,
    data: {
      type: 'SOA',
      mname: `ns.dns.${zone}`,
      rname: `hostmaster.${zone}`,
      serial: view.serial,
      refresh: 7200,
      retry: 1800,
      expire: 86400,
      minimum: ttl,
    },
  };
}

/** `labels`: the name's labels left of the zone, as written (left to right). */
async function lookUp(view: ClusterDnsView, labels: readonly string[]): Promise<Lookup> {
  if (labels.length === 0) return { kind: 'apex' };
  const joined = labels.join('.');
  if (joined === 'dns-version') return { kind: 'version' };
  if (joined === 'ns.dns') return serverAddress(view);
  const kind = labels.at(-1);
  if (kind !== 'svc' && kind !== 'pod') return { kind: 'nxdomain' };
  if (labels.length === 1) return { kind: 'empty' };
  const namespace = labels.at(-2)!;
  if (!view.namespaceExists(namespace)) return { kind: 'nxdomain' };
  if (labels.length === 2) return { kind: 'empty' };
  return kind === 'pod' ? podLookup(labels) : serviceLookup(view, namespace, labels.slice(0, -2));
}

function serverAddress(view: ClusterDnsView): Lookup {
  return {
    kind: 'records',
    found: [{ address: view.serverAddress, target: `ns.dns.${view.zone}` }],
  };
}

/** `pods insecure`: any dashed IPv4 address in a namespace that exists, pod or not. */
function podLookup(labels: readonly string[]): Lookup {
  if (labels.length !== 3) return { kind: 'nxdomain' };
  const parts = labels[0]!.split('-');
  const valid = parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
  return valid
    ? { kind: 'records', found: [{ address: parts.join('.'), target: '' }] }
    : { kind: 'nxdomain' };
}

/**
 * `labels` without `<ns>.svc`: `[svc]`, `[endpoint, svc]` or `[_port, _proto, svc]`, CoreDNS's three
 * forms; anything longer does not exist.
 */
async function serviceLookup(
  view: ClusterDnsView,
  namespace: string,
  labels: readonly string[],
): Promise<Lookup> {
  if (labels.length > 3) return { kind: 'nxdomain' };
  const serviceName = labels.at(-1)!;
  const endpoint = labels.length === 2 ? labels[0] : undefined;
  const port = labels.length === 3 ? labels[0]!.replace(/^_/, '') : '';
  const protocol = labels.length === 3 ? labels[1]!.replace(/^_/, '') : '';
  const service = view.service(namespace, serviceName);
  if (!service) return { kind: 'nxdomain' };
  const spec = service.spec ?? {};
  const serviceFqdn = `${serviceName}.${namespace}.svc.${view.zone}`;
  if (spec.type === 'ExternalName') {
    return labels.length === 1 && spec.externalName
      ? { kind: 'cname', target: spec.externalName }
      : { kind: 'nxdomain' };
  }
  const found: Found[] = [];
  if (spec.clusterIP === 'None' || endpoint !== undefined) {
    for (const slice of await view.endpointSlices(service)) {
      // A slice without ports still gives its endpoints A records (CoreDNS's sentinel port).
      const ports = slice.ports?.length ? slice.ports : [undefined];
      for (const item of slice.endpoints ?? []) {
        if (item.conditions?.ready === false) continue;
        for (const address of item.addresses) {
          const hostname = item.hostname ?? address.replace(/\./g, '-');
          if (endpoint !== undefined && endpoint !== hostname.toLowerCase()) continue;
          for (const slicePort of ports) {
            if (!matches(port, protocol, slicePort)) continue;
            found.push({ address, port: slicePort?.port, target: `${hostname}.${serviceFqdn}` });
          }
        }
      }
    }
  } else if (spec.clusterIP) {
    for (const servicePort of spec.ports ?? []) {
      if (!matches(port, protocol, servicePort)) continue;
      found.push({ address: spec.clusterIP, port: servicePort.port, target: serviceFqdn });
    }
  }
  return found.length > 0 ? { kind: 'records', found } : { kind: 'nxdomain' };
}

/** CoreDNS's matchPortAndProtocol: an empty or `*` part of the name matches any port or protocol. */
function matches(
  port: string,
  protocol: string,
  candidate: { readonly name?: string; readonly protocol?: string } | undefined,
): boolean {
  const any = (asked: string) => asked === '' || asked === '*';
  if (!candidate) return any(port) && any(protocol);
  return (
    (any(port) || port === (candidate.name ?? '').toLowerCase()) &&
    (any(protocol) || protocol === (candidate.protocol ?? 'TCP').toLowerCase())
  );
}
