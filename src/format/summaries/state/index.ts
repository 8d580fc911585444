import type { ToolReaders } from '../summary.js';
import { summarizeIp } from './ip/ip.js';

/**
 * The namespace's own state: ip, ss, netstat, conntrack, bridge, ethtool, iptables, ipset, ipvsadm,
 * nft, wg, calicoctl, birdc, stats.
 */
export const stateReaders: ToolReaders = {
  ip: { summarize: summarizeIp, machineOutput: true },
};
