import { XMLParser } from 'fast-xml-parser';
import type { Measure, PartialOutput, Summarizer, SummaryTone, TextTable } from '../summary.js';

// nmap's XML (`-oX -`, commands/nmap.ts): hosts, their state and each port's state with nmap's
// reason (syn-ack, reset, no-response). Hosts that did not answer discovery have no <host> element:
// runstats counts them as down.

interface Attributes {
  readonly [name: string]: string | undefined;
}

interface NmapPort extends Attributes {
  readonly protocol?: string;
  readonly portid?: string;
}

interface NmapHost {
  readonly status?: Attributes;
  readonly address?: readonly Attributes[];
  readonly hostnames?: { readonly hostname?: readonly Attributes[] } | string;
  readonly ports?: {
    readonly port?: readonly (NmapPort & { readonly state?: Attributes; readonly service?: Attributes })[];
    readonly extraports?: readonly Attributes[];
  };
}

interface NmapRun {
  readonly nmaprun?: {
    readonly args?: string;
    readonly host?: readonly NmapHost[];
    readonly runstats?: { readonly hosts?: Attributes; readonly finished?: Attributes };
  };
}

const lists = new Set(['host', 'address', 'hostname', 'port', 'extraports']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => lists.has(name),
});

/** The words nmap's reasons stand for, for someone who does not read nmap daily. */
const reasons: Readonly<Record<string, string>> = {
  'syn-ack': 'answered SYN-ACK',
  reset: 'RST',
  'conn-refused': 'connection refused',
  'no-response': 'no answer',
  'admin-prohibited': 'ICMP admin prohibited',
  'host-unreach': 'ICMP host unreachable',
  'port-unreach': 'ICMP port unreachable',
};

interface PortRow {
  readonly host: string;
  readonly port: string;
  readonly protocol: string;
  readonly state: string;
  readonly service: string;
  readonly reason: string;
}

function addressOf(host: NmapHost, type: string): string | undefined {
  return host.address?.find((address) => address.addrtype === type)?.addr;
}

function nameOf(host: NmapHost): string {
  const ip = addressOf(host, 'ipv4') ?? addressOf(host, 'ipv6') ?? '?';
  const name = typeof host.hostnames === 'object' ? host.hostnames.hostname?.[0]?.name : undefined;
  return name ? `${name} (${ip})` : ip;
}

/** "5432, 8080 open; 5433 closed", a list cut at six ports a state. */
function byState(rows: readonly PortRow[], extra: readonly Attributes[]): string {
  const states = [...new Set(rows.map((row) => row.state))];
  const parts = states.map((state) => {
    const ports = rows.filter((row) => row.state === state).map((row) => row.port);
    const shown =
      ports.length > 6 ? `${ports.slice(0, 6).join(', ')} and ${ports.length - 6} more` : ports.join(', ');
    return `${shown} ${state}`;
  });
  return [...parts, ...extra.map((entry) => `${entry.count ?? '?'} ${entry.state ?? ''}`.trim())].join('; ');
}

export const summarizeNmap: Summarizer = (result) => {
  if (!result.stdout.includes('<nmaprun')) return undefined;
  const run = (parser.parse(result.stdout) as NmapRun).nmaprun;
  if (!run) return undefined;
  const hosts = run.host ?? [];
  const counts = run.runstats?.hosts;
  const total = Number(counts?.total ?? hosts.length);
  const up = hosts.filter((host) => host.status?.state === 'up');
  const down = total - up.length;
  const multiHost = total > 1;
  const askedPorts = result.argv.includes('-p');

  const rows: PortRow[] = up.flatMap((host) =>
    (host.ports?.port ?? []).map((port) => ({
      host: nameOf(host),
      port: port.portid ?? '?',
      protocol: port.protocol ?? 'tcp',
      state: port.state?.state ?? '?',
      service: port.service?.name ?? '',
      reason: reasons[port.state?.reason ?? ''] ?? port.state?.reason ?? '',
    })),
  );
  const extra = up.flatMap((host) => host.ports?.extraports ?? []);
  const open = rows.filter((row) => row.state === 'open' || row.state === 'open|filtered');
  const scannedPorts = up.some((host) => host.ports !== undefined);

  const tone: SummaryTone =
    up.length === 0
      ? 'broken'
      : down > 0
        ? 'degraded'
        : askedPorts && rows.length > 0 && open.length === 0
          ? 'broken'
          : askedPorts && open.length < rows.length
            ? 'degraded'
            : 'ok';

  const headline =
    up.length === 0
      ? total === 1
        ? `${result.argv[result.argv.length - 1] ?? 'host'} down (no reply to host discovery)`
        : `all ${total} hosts down (no reply to host discovery)`
      : !scannedPorts
        ? `${up.length} of ${total} hosts up`
        : `${multiHost ? `${up.length} of ${total} hosts up; ` : ''}${rows.length || extra.length ? byState(rows, extra) : 'no ports scanned'}`;

  const tables: TextTable[] = [];
  if ((multiHost || !scannedPorts) && up.length > 0)
    tables.push({
      title: `hosts (${up.length} of ${total} up)`,
      columns: ['HOST', 'STATE', 'MAC', 'REASON'],
      rows: up.map((host) => [
        nameOf(host),
        host.status?.state ?? '?',
        (addressOf(host, 'mac') ?? '').toLowerCase(),
        host.status?.reason ?? '',
      ]),
    });
  if (rows.length > 0)
    tables.push({
      ...(tables.length ? { title: 'ports' } : {}),
      columns: [...(multiHost ? ['HOST'] : []), 'PORT', 'STATE', 'SERVICE', 'REASON'],
      rows: rows.map((row) => [
        ...(multiHost ? [row.host] : []),
        `${row.port}/${row.protocol}`,
        row.state,
        row.service,
        row.reason,
      ]),
    });

  const measures: Measure[] = [
    { key: 'hosts.up', label: 'hosts up', value: up.length },
    ...up.map((host) => ({ key: `host.${nameOf(host)}`, label: nameOf(host), value: 'up' })),
    ...rows.map((row) => {
      const id = `${row.port}${row.protocol === 'tcp' ? '' : `/${row.protocol}`}`;
      return {
        key: multiHost ? `port.${row.host}.${id}` : `port.${id}`,
        label: multiHost ? `${row.host} ${id}` : id,
        value: row.state,
      };
    }),
  ];
  const elapsed = run.runstats?.finished?.elapsed;
  return {
    tone,
    headline,
    facts: [
      ...(down > 0
        ? [
            `${total === 1 ? 'it' : `${down} of ${total} hosts`} did not answer nmap's host discovery (ARP on the local link, else ICMP and TCP 80/443); -Pn scans ports anyway`,
          ]
        : []),
      ...(elapsed ? [`scanned in ${elapsed} s`] : []),
    ],
    tables,
    measures,
  };
};

/**
 * nmap writes each <host> to the XML when that host is done: "2 hosts scanned, 3 open ports" from
 * what came so far (a regex, since the document is not closed yet).
 */
export function nmapProgress(partial: PartialOutput): string | undefined {
  const hosts = (partial.stdout.match(/<\/host>/g) ?? []).length;
  if (hosts === 0) return undefined;
  const open = (partial.stdout.match(/<state state="open"/g) ?? []).length;
  return `${hosts} ${hosts === 1 ? 'host' : 'hosts'} scanned, ${open} open ${open === 1 ? 'port' : 'ports'}`;
}
