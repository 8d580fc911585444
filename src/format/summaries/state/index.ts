import type { ToolReaders } from '../summary.js';
import { summarizeCalicoctl } from './calicoctl.js';
import { summarizeConntrack } from './firewall/conntrack.js';
import { summarizeIpset } from './firewall/ipset.js';
import { summarizeIptables } from './firewall/iptables.js';
import { summarizeIpvsadm } from './firewall/ipvsadm.js';
import { summarizeNft } from './firewall/nft.js';
import { summarizeIp } from './ip/ip.js';
import { summarizeBridge } from './links/bridge.js';
import { summarizeEthtool } from './links/ethtool.js';
import { summarizeBirdc } from './routing/birdc.js';
import { summarizeWg } from './routing/wg.js';
import { summarizeStats } from './stats.js';
import { summarizeNetstat } from './sockets/netstat.js';
import { summarizeSs } from './sockets/ss.js';

/**
 * The namespace's own state: ip, ss, netstat, conntrack, bridge, ethtool, iptables, ipset, ipvsadm,
 * nft, wg, calicoctl, birdc, stats.
 */
export const stateReaders: ToolReaders = {
  ip: { summarize: summarizeIp, machineOutput: true },
  ss: { summarize: summarizeSs },
  netstat: { summarize: summarizeNetstat },
  conntrack: { summarize: summarizeConntrack },
  iptables: { summarize: summarizeIptables },
  // `nft -j` is the user's choice, and JSON still is not what people read: the tables are.
  nft: { summarize: summarizeNft, machineOutput: (argv) => argv.includes('-j') || argv.includes('--json') },
  ipset: { summarize: summarizeIpset },
  bridge: { summarize: summarizeBridge, machineOutput: true },
  ethtool: { summarize: summarizeEthtool },
  wg: { summarize: summarizeWg },
  birdc: { summarize: summarizeBirdc },
  stats: { summarize: summarizeStats },
  ipvsadm: { summarize: summarizeIpvsadm },
  calicoctl: { summarize: summarizeCalicoctl },
};
