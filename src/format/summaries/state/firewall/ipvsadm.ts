import type { Summarizer, Summary } from '../../summary.js';
import { plural } from '../json.js';

interface Service {
  readonly protocol: string;
  readonly address: string;
  readonly scheduler: string;
  readonly servers: {
    readonly address: string;
    readonly forward: string;
    readonly weight: number;
    readonly active: number;
    readonly inactive: number;
  }[];
}

/**
 * `ipvsadm -L [-n]`: "TCP  10.96.0.1:443 rr" then its real servers, "  -> 10.0.0.5:6443  Masq  1  3  0".
 * Only the plain listing (--stats, --rate, -c ... print other columns, shown as printed).
 */
function readServices(text: string): Service[] | undefined {
  if (!/^Prot LocalAddress:Port Scheduler/m.test(text)) return undefined;
  const services: Service[] = [];
  for (const line of text.split('\n')) {
    const service = /^(TCP|UDP|SCTP|FWM)\s+(\S+)\s+(\S+)/.exec(line);
    if (service) {
      services.push({
        protocol: service[1] ?? '',
        address: service[2] ?? '',
        scheduler: service[3] ?? '',
        servers: [],
      });
      continue;
    }
    const server = /^\s+->\s+(\S+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)/.exec(line);
    const owner = services.at(-1);
    if (server && owner) {
      owner.servers.push({
        address: server[1] ?? '',
        forward: server[2] ?? '',
        weight: Number(server[3]),
        active: Number(server[4]),
        inactive: Number(server[5]),
      });
    }
  }
  return services;
}

/** IPVS virtual services with their real servers; a service without one (or all at weight 0) sends nowhere. */
export const summarizeIpvsadm: Summarizer = (result): Summary | undefined => {
  // ipvsadm's own words for a kernel without IPVS; the SRE's question ("what does IPVS balance?") has
  // an answer: nothing here, so kube-proxy (if any) is in iptables or nftables mode.
  if (/Can't initialize ipvs/.test(result.stderr)) {
    return {
      tone: 'degraded',
      headline: 'no IPVS in this kernel (the ip_vs module is not loaded)',
      facts: [
        'kube-proxy, if it runs here, uses iptables or nftables mode: `iptables -t nat -L` shows its rules',
      ],
      measures: [{ key: 'ipvs', label: 'IPVS', value: 'absent' }],
    };
  }
  if (result.exitCode !== 0) return undefined;
  const plain = !['--stats', '--rate', '--thresholds', '--persistent-conn', '--timeout', '-c'].some((flag) =>
    result.argv.includes(flag),
  );
  const services = plain ? readServices(result.stdout) : undefined;
  if (!services) return undefined;
  const empty = services.filter((service) => service.servers.every((server) => server.weight === 0));
  const servers = services.reduce((sum, service) => sum + service.servers.length, 0);
  const name = (service: Service) => `${service.protocol} ${service.address}`;
  return {
    tone: empty.length === 0 ? 'ok' : empty.length === services.length ? 'broken' : 'degraded',
    headline: `${plural(services.length, 'service')}, ${plural(servers, 'real server')}${
      empty.length > 0
        ? `; no real server: ${empty.slice(0, 3).map(name).join(', ')}${empty.length > 3 ? ', ...' : ''}`
        : ''
    }`,
    facts:
      empty.length > 0
        ? [
            `${plural(empty.length, 'service')} without a real server (or all at weight 0) refuse or drop every connection`,
          ]
        : [],
    tables: [
      {
        columns: ['service', 'scheduler', 'real server', 'forward', 'weight', 'active', 'inactive'],
        rows: services.flatMap((service) =>
          service.servers.length === 0
            ? [[name(service), service.scheduler, '(none)', '', '', '', '']]
            : service.servers.map((server, index) => [
                index === 0 ? name(service) : '',
                index === 0 ? service.scheduler : '',
                server.address,
                server.forward,
                String(server.weight),
                String(server.active),
                String(server.inactive),
              ]),
        ),
        align: ['left', 'left', 'left', 'left', 'right', 'right', 'right'],
      },
    ],
    measures: [
      { key: 'services', label: 'IPVS services', value: services.length },
      ...services.map((service) => ({
        key: `servers.${service.protocol}.${service.address}`,
        label: `${name(service)} real servers`,
        value: service.servers.filter((server) => server.weight > 0).length,
      })),
    ],
  };
};
