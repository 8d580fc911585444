import type { KubeClients } from '../kube-clients.js';
import { listCalico, listCalicoCrd } from './calico-datastore.js';
import { calicoKind, type CalicoObject } from './calico-kinds.js';
import { goG5, goWhole, printBoxTable } from './calico-print.js';

/** An IPv4 or IPv6 CIDR as a range of addresses (bigint, so /48 pools count right). */
interface Range {
  readonly cidr: string;
  readonly first: bigint;
  readonly size: bigint;
}

function parseCidr(cidr: string): Range | undefined {
  const [address, bits] = cidr.split('/');
  if (!address || bits === undefined) return undefined;
  const v6 = address.includes(':');
  const value = v6 ? ipv6(address) : ipv4(address);
  if (value === undefined) return undefined;
  const hostBits = BigInt((v6 ? 128 : 32) - Number(bits));
  return { cidr, first: (value >> hostBits) << hostBits, size: 1n << hostBits };
}

function ipv4(address: string): bigint | undefined {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !(part >= 0 && part <= 255))) return undefined;
  return parts.reduce((sum, part) => (sum << 8n) + BigInt(part), 0n);
}

function ipv6(address: string): bigint | undefined {
  const [head = '', tail] = address.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const missing = 8 - groups(head).length - groups(tail ?? '').length;
  const all = [
    ...groups(head),
    ...(tail === undefined ? [] : Array<string>(missing).fill('0')),
    ...groups(tail ?? ''),
  ];
  if (all.length !== 8) return undefined;
  return all.reduce((sum, group) => (sum << 16n) + BigInt(parseInt(group, 16)), 0n);
}

const within = (inner: Range, outer: Range): boolean =>
  inner.first >= outer.first && inner.first + inner.size <= outer.first + outer.size;

/** How many addresses of `ranges` fall inside `pool` (IPReservations' reservedCIDRs). */
function overlap(pool: Range, ranges: readonly Range[]): bigint {
  let count = 0n;
  for (const range of ranges) {
    const start = range.first > pool.first ? range.first : pool.first;
    const endOf = (r: Range) => r.first + r.size;
    const end = endOf(range) < endOf(pool) ? endOf(range) : endOf(pool);
    if (end > start) count += end - start;
  }
  return count;
}

/** An IPAMBlock's allocations: a slot holds an attribute index when the address is in use. */
const inUseOf = (block: CalicoObject): number =>
  ((block.spec?.allocations as (number | null)[] | undefined) ?? []).filter((slot) => slot !== null).length;

const headings = ['GROUPING', 'CIDR', 'IPS TOTAL', 'IPS IN USE', 'IPS RESERVED', 'IPS FREE'];
const numeric = new Set(['IPS TOTAL', 'IPS IN USE', 'IPS RESERVED', 'IPS FREE']);

/**
 * `calicoctl ipam show [--show-blocks]` from the datastore: each IP pool's size, the addresses its
 * IPAMBlocks hold, those IPReservations keep back, and the rest (ipam.GetUtilization; FREE counts
 * neither in use nor reserved, so an address both allocated and reserved counts once, as in use).
 */
export async function ipamShow(clients: KubeClients, showBlocks: boolean): Promise<string> {
  const pools = await listCalico(clients, calicoKind('ippool')!, { allNamespaces: true });
  const blocks = await listCalicoCrd(clients, 'ipamblocks');
  const reservations = (await listCalicoCrd(clients, 'ipreservations'))
    .flatMap((reservation) => (reservation.spec?.reservedCIDRs as string[] | undefined) ?? [])
    .map(parseCidr)
    .filter((range): range is Range => range !== undefined);
  const row = (grouping: string, range: Range, inUse: number): string[] => {
    const capacity = Number(range.size);
    const reserved = Number(overlap(range, reservations));
    const free = Math.max(0, capacity - inUse - reserved);
    const share = (count: number) => `${goG5(count)} (${goWhole((100 * count) / capacity)}%)`;
    return [grouping, range.cidr, goG5(capacity), share(inUse), share(reserved), share(free)];
  };
  const rows: string[][] = [];
  const blockRanges = blocks
    .map((block) => ({ block, range: parseCidr(String(block.spec?.cidr ?? '')) }))
    .filter((entry): entry is { block: CalicoObject; range: Range } => entry.range !== undefined);
  for (const pool of pools) {
    const range = parseCidr(String(pool.spec?.cidr ?? ''));
    if (!range) continue;
    const mine = blockRanges.filter((entry) => within(entry.range, range));
    rows.push(
      row(
        'IP Pool',
        range,
        mine.reduce((sum, entry) => sum + inUseOf(entry.block), 0),
      ),
    );
    if (showBlocks) rows.push(...mine.map((entry) => row('Block', entry.range, inUseOf(entry.block))));
  }
  return printBoxTable(headings, rows, numeric);
}
