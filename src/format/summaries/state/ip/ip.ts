import type { Summarizer } from '../../summary.js';
import { parseJsonArray } from '../json.js';
import { jsonTable } from '../json-table.js';
import { readIpArgv } from './ip-argv.js';
import { summarizeInterfaces } from './ip-interfaces.js';
import { summarizeNeighbours } from './ip-neigh.js';
import { summarizeNoRoute, summarizeRouteGet, summarizeRoutes } from './ip-routes.js';
import { summarizeRules } from './ip-rules.js';

/**
 * `ip -j ...` (commands/ip.ts always asks for JSON): addresses, links, routes, neighbours and rules as
 * the aligned tables of `ip -br`; other objects (maddr, netconf, ...) as a plain table of their fields.
 */
export const summarizeIp: Summarizer = (result) => {
  const query = readIpArgv(result.argv);
  if (!query) return undefined;
  const items = parseJsonArray(result.stdout);
  if (query.object === 'route' && query.verb === 'get') {
    return items ? summarizeRouteGet(items, query) : summarizeNoRoute(result.stderr, query);
  }
  if (!items || result.exitCode !== 0) return undefined;
  switch (query.object) {
    case 'address':
      return summarizeInterfaces(items, 'address');
    case 'link':
      return summarizeInterfaces(items, 'link');
    case 'route':
      return summarizeRoutes(items, query);
    case 'neigh':
      return summarizeNeighbours(items);
    case 'rule':
      return summarizeRules(items);
    default:
      // maddr, netconf, ntable, tunnel, vrf: their fields as a table, so that the thread shows no JSON.
      return query.object === 'maddress'
        ? jsonTable(items, 'interface')
        : jsonTable(items, 'entry', 'entries');
  }
};
