/**
 * How each netshoot package name is had in image/Dockerfile: the Debian bookworm packages that
 * replace it, and the probe (tool-probes.ts) that proves it runs in the built image. It covers every
 * name of the seed's "Included Packages" list (read from the seed by seed-list.ts: a name the seed
 * gains and this list lacks fails the tests) and the names beyond it (later netshoot releases, the
 * seed's use cases). image/README.md's tables must say the same: seed-list.test.ts compares them.
 */
export interface PackageMapping {
  readonly name: string;
  /** Debian packages installed for it; empty when Debian has none (image/README.md says why). */
  readonly debian: readonly string[];
  /** The key of its probe in toolProbes; for a package Debian lacks, the probe of its stand-in. */
  readonly probe?: string;
  /** Not in the default image: comes only from the optional extras stage (image/README.md). */
  readonly optionalBinary?: string;
}

export const packageMap: readonly PackageMapping[] = [
  // The seed's "Included Packages" list, in its order.
  { name: 'apache2-utils', debian: ['apache2-utils'], probe: 'ab' },
  { name: 'bash', debian: ['bash'], probe: 'bash' },
  { name: 'bcc-tools', debian: ['bpfcc-tools'], probe: 'tcpconnect-bpfcc' },
  { name: 'bind-tools', debian: ['bind9-dnsutils'], probe: 'dig' },
  { name: 'bird', debian: ['bird2'], probe: 'birdc' },
  { name: 'bpftrace-tools', debian: ['bpftrace'], probe: 'bpftrace' },
  { name: 'bridge-utils', debian: ['bridge-utils'], probe: 'brctl' },
  { name: 'busybox-extras', debian: ['busybox', 'telnet'], probe: 'busybox' },
  { name: 'conntrack-tools', debian: ['conntrack'], probe: 'conntrack' },
  { name: 'coreutils', debian: ['coreutils'], probe: 'timeout' },
  { name: 'curl', debian: ['curl'], probe: 'curl' },
  { name: 'dhcping', debian: ['dhcping'], probe: 'dhcping' },
  { name: 'drill', debian: ['ldnsutils'], probe: 'drill' },
  { name: 'ethtool', debian: ['ethtool'], probe: 'ethtool' },
  { name: 'file', debian: ['file'], probe: 'file' },
  { name: 'fping', debian: ['fping'], probe: 'fping' },
  { name: 'iftop', debian: ['iftop'], probe: 'iftop' },
  { name: 'iperf', debian: ['iperf'], probe: 'iperf' },
  { name: 'iproute2', debian: ['iproute2'], probe: 'ip' },
  { name: 'ipset', debian: ['ipset'], probe: 'ipset' },
  { name: 'iptables', debian: ['iptables'], probe: 'iptables' },
  { name: 'iptraf-ng', debian: ['iptraf-ng'], probe: 'iptraf-ng' },
  { name: 'iputils', debian: ['iputils-ping', 'iputils-tracepath', 'iputils-arping'], probe: 'ping' },
  { name: 'ipvsadm', debian: ['ipvsadm'], probe: 'ipvsadm' },
  { name: 'ipython', debian: ['ipython3'], probe: 'ipython3' },
  { name: 'jq', debian: ['jq'], probe: 'jq' },
  { name: 'liboping', debian: ['oping'], probe: 'oping' },
  { name: 'mtr', debian: ['mtr-tiny'], probe: 'mtr' },
  { name: 'net-snmp-tools', debian: ['snmp'], probe: 'snmpget' },
  { name: 'netcat-openbsd', debian: ['netcat-openbsd'], probe: 'nc' },
  { name: 'nftables', debian: ['nftables'], probe: 'nft' },
  { name: 'ngrep', debian: ['ngrep'], probe: 'ngrep' },
  { name: 'nmap', debian: ['nmap'], probe: 'nmap' },
  { name: 'nmap-nping', debian: ['nmap'], probe: 'nping' },
  { name: 'openssl', debian: ['openssl'], probe: 'openssl' },
  { name: 'pstree', debian: ['psmisc'], probe: 'pstree' },
  { name: 'py3-virtualenv', debian: ['python3-virtualenv', 'virtualenv'], probe: 'virtualenv' },
  { name: 'python3', debian: ['python3'], probe: 'python3' },
  { name: 'scapy', debian: ['python3-scapy'], probe: 'python3-scapy' },
  { name: 'socat', debian: ['socat'], probe: 'socat' },
  { name: 'strace', debian: ['strace'], probe: 'strace' },
  { name: 'tcpdump', debian: ['tcpdump'], probe: 'tcpdump' },
  { name: 'tcptraceroute', debian: ['tcptraceroute'], probe: 'tcptraceroute' },
  { name: 'tree', debian: ['tree'], probe: 'tree' },
  { name: 'util-linux', debian: ['util-linux'], probe: 'nsenter' },
  { name: 'vim', debian: ['vim-tiny'], probe: 'vim' },
  { name: 'wireguard-tools', debian: ['wireguard-tools'], probe: 'wg' },

  // Beyond the seed's list: what later netshoot releases install and what the seed's use cases run.
  { name: 'calicoctl', debian: [], optionalBinary: 'calicoctl' },
  { name: 'ctop', debian: [], optionalBinary: 'ctop' },
  { name: 'httpie', debian: ['httpie'], probe: 'http' },
  { name: 'libc6-compat', debian: [], probe: 'ldd' },
  { name: 'iperf3', debian: ['iperf3'], probe: 'iperf3' },
  { name: 'ltrace', debian: ['ltrace'], probe: 'ltrace' },
  { name: 'nmap-scripts', debian: ['nmap-common'], probe: 'nmap-scripts' },
  { name: 'py3-pip', debian: ['python3-pip'], probe: 'pip3' },
  { name: 'py3-setuptools', debian: ['python3-setuptools'], probe: 'python3-setuptools' },
  { name: 'speedtest-cli', debian: ['speedtest-cli'], probe: 'speedtest-cli' },
  { name: 'openssh', debian: ['openssh-client'], probe: 'ssh' },
  { name: 'tshark', debian: ['tshark'], probe: 'tshark' },
  { name: 'termshark', debian: ['termshark'], probe: 'termshark' },
  { name: 'git', debian: ['git'], probe: 'git' },
  { name: 'zsh', debian: ['zsh'], probe: 'zsh' },
  { name: 'oh-my-zsh', debian: [], probe: 'zsh' },
  { name: 'websocat', debian: [], probe: 'wsdump' },
  { name: 'swaks', debian: ['swaks'], probe: 'swaks' },
  { name: 'perl-crypt-ssleay', debian: ['libcrypt-ssleay-perl'], probe: 'perl-crypt-ssleay' },
  { name: 'perl-net-ssleay', debian: ['libnet-ssleay-perl'], probe: 'perl-net-ssleay' },
  { name: 'grpcurl', debian: [], probe: 'curl' },
  { name: 'fortio', debian: [], probe: 'ab' },
  { name: 'trippy', debian: [], probe: 'mtr' },
  { name: 'skbdump', debian: [], probe: 'tcpdump' },
];

/** The mapping of one netshoot package name, if it has one. */
export function mappingOf(name: string): PackageMapping | undefined {
  return packageMap.find((entry) => entry.name === name);
}

/** Installed beyond every netshoot list: what the bot and SPEC 3 need. */
export const additions: readonly PackageMapping[] = [
  { name: '(netstat)', debian: ['net-tools'], probe: 'netstat' },
  { name: '(traceroute)', debian: ['traceroute'], probe: 'traceroute' },
  { name: '(the BIRD daemon behind birdc)', debian: ['bird2'], probe: 'bird' },
  { name: '(ps)', debian: ['procps'], probe: 'ps' },
  { name: '(init)', debian: ['tini'], probe: 'tini' },
  { name: '(websocket client)', debian: ['python3-websocket'], probe: 'wsdump' },
  { name: '(netgen)', debian: [], probe: 'netgen' },
];
