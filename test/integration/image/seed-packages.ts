/**
 * nicolaka/netshoot's package list (the seed), each with the Debian bookworm packages that replace it
 * in image/Dockerfile and the probe (tool-probes.ts) that proves it runs in the built image.
 * image/README.md's table must say the same: the inventory test compares them.
 */
export interface SeedPackage {
  readonly seed: string;
  /** Debian packages installed for it; empty when Debian has none. */
  readonly debian: readonly string[];
  /** The key of its probe in toolProbes; for a package Debian lacks, the probe of its stand-in. */
  readonly probe?: string;
  /** Not in the default image: comes only from the optional extras stage (image/README.md). */
  readonly optionalBinary?: string;
}

export const seedPackages: readonly SeedPackage[] = [
  { seed: 'apache2-utils', debian: ['apache2-utils'], probe: 'ab' },
  { seed: 'bash', debian: ['bash'], probe: 'bash' },
  { seed: 'bind-tools', debian: ['bind9-dnsutils'], probe: 'dig' },
  { seed: 'bird', debian: ['bird2'], probe: 'birdc' },
  { seed: 'bridge-utils', debian: ['bridge-utils'], probe: 'brctl' },
  { seed: 'busybox-extras', debian: ['busybox', 'telnet'], probe: 'busybox' },
  { seed: 'conntrack-tools', debian: ['conntrack'], probe: 'conntrack' },
  { seed: 'curl', debian: ['curl'], probe: 'curl' },
  { seed: 'dhcping', debian: ['dhcping'], probe: 'dhcping' },
  { seed: 'drill', debian: ['ldnsutils'], probe: 'drill' },
  { seed: 'ethtool', debian: ['ethtool'], probe: 'ethtool' },
  { seed: 'file', debian: ['file'], probe: 'file' },
  { seed: 'fping', debian: ['fping'], probe: 'fping' },
  { seed: 'iftop', debian: ['iftop'], probe: 'iftop' },
  { seed: 'iperf', debian: ['iperf'], probe: 'iperf' },
  { seed: 'iperf3', debian: ['iperf3'], probe: 'iperf3' },
  { seed: 'iproute2', debian: ['iproute2'], probe: 'ip' },
  { seed: 'ipset', debian: ['ipset'], probe: 'ipset' },
  { seed: 'iptables', debian: ['iptables'], probe: 'iptables' },
  { seed: 'iptraf-ng', debian: ['iptraf-ng'], probe: 'iptraf-ng' },
  { seed: 'iputils', debian: ['iputils-ping', 'iputils-tracepath', 'iputils-arping'], probe: 'ping' },
  { seed: 'ipvsadm', debian: ['ipvsadm'], probe: 'ipvsadm' },
  { seed: 'httpie', debian: ['httpie'], probe: 'http' },
  { seed: 'jq', debian: ['jq'], probe: 'jq' },
  { seed: 'libc6-compat', debian: [], probe: 'ldd' },
  { seed: 'liboping', debian: ['oping'], probe: 'oping' },
  { seed: 'ltrace', debian: ['ltrace'], probe: 'ltrace' },
  { seed: 'mtr', debian: ['mtr-tiny'], probe: 'mtr' },
  { seed: 'net-snmp-tools', debian: ['snmp'], probe: 'snmpget' },
  { seed: 'netcat-openbsd', debian: ['netcat-openbsd'], probe: 'nc' },
  { seed: 'nftables', debian: ['nftables'], probe: 'nft' },
  { seed: 'ngrep', debian: ['ngrep'], probe: 'ngrep' },
  { seed: 'nmap', debian: ['nmap'], probe: 'nmap' },
  { seed: 'nmap-nping', debian: ['nmap'], probe: 'nping' },
  { seed: 'nmap-scripts', debian: ['nmap-common'], probe: 'nmap-scripts' },
  { seed: 'openssl', debian: ['openssl'], probe: 'openssl' },
  { seed: 'py3-pip', debian: ['python3-pip'], probe: 'pip3' },
  { seed: 'py3-setuptools', debian: ['python3-setuptools'], probe: 'python3-setuptools' },
  { seed: 'scapy', debian: ['python3-scapy'], probe: 'python3-scapy' },
  { seed: 'socat', debian: ['socat'], probe: 'socat' },
  { seed: 'speedtest-cli', debian: ['speedtest-cli'], probe: 'speedtest-cli' },
  { seed: 'openssh', debian: ['openssh-client'], probe: 'ssh' },
  { seed: 'strace', debian: ['strace'], probe: 'strace' },
  { seed: 'tcpdump', debian: ['tcpdump'], probe: 'tcpdump' },
  { seed: 'tcptraceroute', debian: ['tcptraceroute'], probe: 'tcptraceroute' },
  { seed: 'tshark', debian: ['tshark'], probe: 'tshark' },
  { seed: 'util-linux', debian: ['util-linux'], probe: 'nsenter' },
  { seed: 'vim', debian: ['vim-tiny'], probe: 'vim' },
  { seed: 'git', debian: ['git'], probe: 'git' },
  { seed: 'zsh', debian: ['zsh'], probe: 'zsh' },
  { seed: 'websocat', debian: [], probe: 'wsdump' },
  { seed: 'swaks', debian: ['swaks'], probe: 'swaks' },
  { seed: 'perl-crypt-ssleay', debian: ['libcrypt-ssleay-perl'], probe: 'perl-crypt-ssleay' },
  { seed: 'perl-net-ssleay', debian: ['libnet-ssleay-perl'], probe: 'perl-net-ssleay' },
  { seed: 'calicoctl', debian: [], optionalBinary: 'calicoctl' },
  { seed: 'ctop', debian: [], optionalBinary: 'ctop' },
  { seed: 'grpcurl', debian: [], probe: 'curl' },
  { seed: 'fortio', debian: [], probe: 'ab' },
  { seed: 'termshark', debian: ['termshark'], probe: 'termshark' },
];

/** Installed beyond the seed's list: what the bot and SPEC 3 need. */
export const additions: readonly SeedPackage[] = [
  { seed: '(iperf 2 and 3)', debian: ['iperf', 'iperf3'], probe: 'iperf3' },
  { seed: '(netstat)', debian: ['net-tools'], probe: 'netstat' },
  { seed: '(traceroute)', debian: ['traceroute'], probe: 'traceroute' },
  { seed: '(the BIRD daemon behind birdc)', debian: ['bird2'], probe: 'bird' },
  { seed: '(wg)', debian: ['wireguard-tools'], probe: 'wg' },
  { seed: '(timeout)', debian: ['coreutils'], probe: 'timeout' },
  { seed: '(ps)', debian: ['procps'], probe: 'ps' },
  { seed: '(init)', debian: ['tini'], probe: 'tini' },
  { seed: '(websocket client)', debian: ['python3-websocket'], probe: 'wsdump' },
  { seed: '(netgen)', debian: [], probe: 'netgen' },
];
