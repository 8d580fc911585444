import type { Measure, Summary, SummaryTone } from '../../summary.js';
import { plural, text, words } from '../json.js';
import type { IpQuery } from './ip-argv.js';

/** Route types that drop what they match: a route of these is an answer, and a bad one. */
const dropping = new Set(['blackhole', 'unreachable', 'prohibit', 'throw']);

interface Route {
  readonly destination: string;
  readonly type: string;
  readonly gateway: string;
  readonly device: string;
  readonly protoScope: string;
  readonly metric: string;
  readonly source: string;
  readonly linkdown: boolean;
}

function readRoute(item: Record<string, unknown>): Route {
  const nexthops = Array.isArray(item.nexthops)
    ? item.nexthops.filter((hop): hop is Record<string, unknown> => typeof hop === 'object' && hop !== null)
    : [];
  const type = text(item.type);
  return {
    destination: text(item.dst),
    type: type === 'unicast' ? '' : type,
    // A multipath route has its gateways under nexthops.
    gateway:
      text(item.gateway) ||
      nexthops
        .map((hop) => text(hop.gateway))
        .filter(Boolean)
        .join(','),
    device:
      text(item.dev) ||
      nexthops
        .map((hop) => text(hop.dev))
        .filter(Boolean)
        .join(','),
    protoScope: [text(item.protocol), text(item.scope)].filter(Boolean).join('/'),
    metric: text(item.metric),
    source: text(item.prefsrc),
    linkdown: words(item.flags).includes('linkdown'),
  };
}

/** "via 198.18.0.1 dev eth0", "dev eth0", "blackhole": how `ip route` itself says where a route goes. */
function where(route: Route): string {
  if (dropping.has(route.type)) return route.type;
  return [route.gateway ? `via ${route.gateway}` : '', route.device ? `dev ${route.device}` : '']
    .filter(Boolean)
    .join(' ');
}

/** `ip -j route show`: every route as a row, and whether there is a way out (a default route). */
export function summarizeRoutes(items: readonly Record<string, unknown>[], query: IpQuery): Summary {
  const routes = items.map(readRoute);
  const defaults = routes.filter((route) => route.destination === 'default');
  const down = routes.filter((route) => route.linkdown);
  // A filtered listing (`route show table 100`, `dev eth0`) or IPv6 need not hold a default route.
  const expectsDefault = query.selectors.length === 0 && !query.ipv6;
  const missingDefault = expectsDefault && defaults.length === 0;
  const tone: SummaryTone = missingDefault || down.length > 0 ? 'degraded' : 'ok';
  const count = plural(routes.length, 'route');
  const defaultFact = defaults[0]
    ? `default ${where(defaults[0])}`
    : missingDefault
      ? 'no default route'
      : '';
  const showMetric = routes.some((route) => route.metric);
  return {
    tone,
    headline: defaultFact ? `${count}, ${defaultFact}` : count,
    facts: [
      ...(defaults.length > 1
        ? [`${defaults.length} default routes: ${defaults.map(where).join('; ')}`]
        : []),
      ...(down.length > 0
        ? [`link down: ${down.map((route) => `${route.destination} dev ${route.device}`).join(', ')}`]
        : []),
    ],
    tables: [
      {
        title: `routes (${routes.length})`,
        columns: ['destination', 'gateway', 'device', 'proto/scope', ...(showMetric ? ['metric'] : [])],
        rows: routes.map((route) => [
          route.type ? `${route.type} ${route.destination}` : route.destination,
          route.gateway,
          route.device,
          [route.protoScope, route.linkdown ? 'linkdown' : ''].filter(Boolean).join(' '),
          ...(showMetric ? [route.metric] : []),
        ]),
        ...(showMetric ? { align: ['left', 'left', 'left', 'left', 'right'] as const } : {}),
      },
    ],
    measures: [
      { key: 'routes', label: 'routes', value: routes.length },
      ...(expectsDefault || defaults[0]
        ? [{ key: 'route.default', label: 'default route', value: defaults[0] ? where(defaults[0]) : 'none' }]
        : []),
    ] satisfies Measure[],
  };
}

/** `ip -j route get ADDRESS`: which way the kernel would send it. */
export function summarizeRouteGet(
  items: readonly Record<string, unknown>[],
  query: IpQuery,
): Summary | undefined {
  const item = items[0];
  if (!item) return undefined;
  const route = readRoute(item);
  const destination = route.destination || query.selectors[0] || 'destination';
  const way = where(route);
  const drops = dropping.has(route.type);
  return {
    tone: drops ? 'broken' : route.linkdown ? 'degraded' : 'ok',
    headline: `route to ${destination}: ${way}`,
    facts: [
      ...(route.source ? [`from ${route.source}`] : []),
      ...(route.linkdown ? ['the link is down'] : []),
    ],
    measures: [{ key: 'route', label: `route to ${destination}`, value: way }],
  };
}

/** `ip route get` when the kernel has no route: ip says so on stderr ("Network is unreachable"). */
export function summarizeNoRoute(stderr: string, query: IpQuery): Summary | undefined {
  const reason =
    /RTNETLINK answers: (Network is unreachable|No route to host|Permission denied|Invalid argument)/.exec(
      stderr,
    )?.[1];
  if (!reason || !['Network is unreachable', 'No route to host'].includes(reason)) return undefined;
  const destination = query.selectors[0] ?? 'destination';
  return {
    tone: 'broken',
    headline: `no route to ${destination}: ${reason.toLowerCase()}`,
    facts: [],
    measures: [{ key: 'route', label: `route to ${destination}`, value: 'none' }],
  };
}
