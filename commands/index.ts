import type { CommandDefinition } from '../src/catalogue/define-command.js';
import ab from './ab.js';
import arping from './arping.js';
import birdc from './birdc.js';
import bridge from './bridge.js';
import calicoctl from './calicoctl.js';
import conntrack from './conntrack.js';
import curl from './curl.js';
import diagnose from './diagnose.js';
import dig from './dig.js';
import drill from './drill.js';
import ethtool from './ethtool.js';
import fping from './fping.js';
import host from './host.js';
import iftop from './iftop.js';
import ip from './ip.js';
import iperf from './iperf.js';
import iperf3 from './iperf3.js';
import ipset from './ipset.js';
import iptables from './iptables.js';
import ipvsadm from './ipvsadm.js';
import mtr from './mtr.js';
import nc from './nc.js';
import netgen from './netgen.js';
import netstat from './netstat.js';
import nft from './nft.js';
import ngrep from './ngrep.js';
import nmap from './nmap.js';
import nping from './nping.js';
import nslookup from './nslookup.js';
import oping from './oping.js';
import ping from './ping.js';
import ss from './ss.js';
import stats from './stats.js';
import tcpdump from './tcpdump.js';
import tcptraceroute from './tcptraceroute.js';
import tls from './tls.js';
import tracepath from './tracepath.js';
import traceroute from './traceroute.js';
import wg from './wg.js';

/**
 * The catalogue: every tool of SPEC 3, one file each, in the order help and the docs list them
 * (DNS, reachability, paths, HTTP and TLS, ports, throughput, capture, sockets and interfaces,
 * firewall and routing state, load, container stats; last diagnose, which runs several of them).
 * Parsers, docs and tests all read this list.
 */
export const commands: readonly CommandDefinition[] = [
  dig,
  drill,
  host,
  nslookup,
  ping,
  fping,
  oping,
  arping,
  tracepath,
  traceroute,
  tcptraceroute,
  mtr,
  curl,
  tls,
  nc,
  nmap,
  nping,
  iperf,
  iperf3,
  netgen,
  tcpdump,
  ngrep,
  netstat,
  ss,
  ip,
  bridge,
  ethtool,
  iftop,
  conntrack,
  iptables,
  nft,
  ipvsadm,
  ipset,
  wg,
  birdc,
  calicoctl,
  ab,
  stats,
  diagnose,
] as CommandDefinition[];

const byName = new Map(commands.map((command) => [command.name, command]));

export function findCommand(name: string): CommandDefinition | undefined {
  return byName.get(name);
}
