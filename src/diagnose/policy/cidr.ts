import { BlockList, isIP } from 'node:net';

// ipBlock (Kubernetes) and nets / notNets (Calico) ask one thing: is this address inside that CIDR.
// node:net's BlockList answers it for IPv4 and IPv6 without any I/O.

/** Whether `ip` lies in `cidr` ("198.18.0.0/15", "fd00::/8", or a bare address as a /32 or /128). */
export function ipInCidr(ip: string, cidr: string): boolean {
  const family = isIP(ip);
  const [network = '', bits] = cidr.split('/');
  const networkFamily = isIP(network);
  if (family === 0 || networkFamily !== family) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) return false;
  const list = new BlockList();
  list.addSubnet(network, prefix, type);
  return list.check(ip, type);
}

/** Whether any of `ips` lies in any of `cidrs`. */
export function anyIpInCidrs(ips: readonly string[], cidrs: readonly string[]): boolean {
  return ips.some((ip) => cidrs.some((cidr) => ipInCidr(ip, cidr)));
}
