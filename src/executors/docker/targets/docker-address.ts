import { TargetUnavailableError } from '../../../errors.js';
import type { NetworkAddress } from './docker-container.js';

/** What one side of a pair offers for addressing: its addresses, or "the host" (on every bridge). */
export type AddressSide =
  | { readonly kind: 'addresses'; readonly written: string; readonly addresses: readonly NetworkAddress[] }
  | { readonly kind: 'host'; readonly written: string }
  | { readonly kind: 'none'; readonly written: string; readonly why: string };

/**
 * Docker's own networks, chosen last: the default bridge has no name resolution, and the Swarm
 * ingress and gateway bridge carry published ports and egress, not traffic between tasks.
 */
const dockerOwnNetworks = new Set(['bridge', 'ingress', 'docker_gwbridge']);

/**
 * The address by which `peer` reaches `target` (SPEC 3: "its address on a network it shares with the
 * first target"). Without a peer, the target's first address. The host is reached at the gateway of
 * the peer's network, and reaches a container at any of its addresses.
 */
export function chooseAddress(target: AddressSide, peer?: AddressSide): string {
  if (target.kind === 'none')
    throw new TargetUnavailableError(`${target.written} has no address: ${target.why}`);
  if (target.kind === 'host') {
    if (!peer || peer.kind !== 'addresses' || peer.addresses.length === 0) return '127.0.0.1';
    return preferUserDefined(peer.addresses)!.gateway;
  }
  const own = preferUserDefined(target.addresses);
  if (!own) throw new TargetUnavailableError(`${target.written} has no IP address on any Docker network`);
  if (!peer || peer.kind === 'host') return own.ip;
  if (peer.kind === 'none') return own.ip;

  const peerNetworks = new Set(peer.addresses.map((address) => address.networkId));
  const shared = preferUserDefined(target.addresses.filter((address) => peerNetworks.has(address.networkId)));
  if (shared) return shared.ip;
  throw new TargetUnavailableError(`${target.written} and ${peer.written} share no Docker network`, [
    `${target.written} is on ${names(target.addresses)}; ${peer.written} is on ${names(peer.addresses)}`,
    `connect one to the other's network: docker network connect ${target.addresses[0]?.networkName ?? 'NETWORK'} ${peer.written.replace(/^[a-z]+\//, '')}`,
  ]);
}

function preferUserDefined(addresses: readonly NetworkAddress[]): NetworkAddress | undefined {
  return addresses.find((address) => !dockerOwnNetworks.has(address.networkName)) ?? addresses[0];
}

function names(addresses: readonly NetworkAddress[]): string {
  return addresses.map((address) => address.networkName).join(', ') || 'no network';
}
