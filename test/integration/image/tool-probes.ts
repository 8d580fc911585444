/**
 * How to prove that a program of the toolbox runs: an argv that makes it print who it is without
 * touching the network, and what that output must match. Keyed by the program's name, which is
 * argv[0] of what the catalogue plans. Exit codes are not judged: `iftop -h` and `ipvsadm` (no ip_vs
 * module in a container) exit non-zero while proving they load; a missing program exits 126/127.
 */
export interface Probe {
  readonly argv: readonly string[];
  readonly output: RegExp;
}

const probe = (argv: string[], output: RegExp): Probe => ({ argv, output });

export const toolProbes: Readonly<Record<string, Probe>> = {
  ab: probe(['ab', '-V'], /This is ApacheBench, Version 2/),
  arping: probe(['arping', '-V'], /arping from iputils/),
  bash: probe(['bash', '--version'], /GNU bash, version 5/),
  bpftrace: probe(['bpftrace', '--version'], /bpftrace v0\.\d+/),
  birdc: probe(['birdc', '-v'], /control socket|Usage: birdc|BIRD/),
  bird: probe(['bird', '--version'], /BIRD version 2/),
  brctl: probe(['brctl', '--version'], /bridge-utils/),
  bridge: probe(['bridge', '-V'], /bridge utility/),
  busybox: probe(['busybox', '--help'], /BusyBox v1/),
  conntrack: probe(['conntrack', '--version'], /conntrack v1/),
  curl: probe(['curl', '--version'], /^curl \d/),
  // dhcping has no option that sends nothing: the probe container has no network, so its one
  // request goes nowhere and it says so.
  dhcping: probe(['dhcping', '-V', '-t', '1'], /no answer|request/),
  dig: probe(['dig', '-v'], /DiG 9/),
  drill: probe(['drill', '-v'], /drill version 1/),
  ethtool: probe(['ethtool', '--version'], /ethtool version/),
  file: probe(['file', '--version'], /file-5/),
  fping: probe(['fping', '--version'], /fping: Version 5/),
  git: probe(['git', '--version'], /git version 2/),
  host: probe(['host', '-V'], /host 9/),
  http: probe(['http', '--version'], /^3\.\d/),
  iftop: probe(['iftop', '-h'], /iftop: display bandwidth usage/),
  ipython3: probe(['ipython3', '--version'], /^8\.\d+\.\d+/),
  ip: probe(['ip', '-V'], /ip utility, iproute2/),
  iperf: probe(['iperf', '--version'], /iperf version 2/),
  iperf3: probe(['iperf3', '--version'], /iperf 3\./),
  ipset: probe(['ipset', '--version'], /ipset v7/),
  iptables: probe(['iptables', '--version'], /iptables v1/),
  'iptraf-ng': probe(['iptraf-ng', '-h'], /usage: iptraf-ng/),
  ipvsadm: probe(['ipvsadm', '--version'], /ipvsadm v1|IP Virtual Server|ipvs/),
  jq: probe(['jq', '--version'], /jq-1/),
  ldd: probe(['ldd', '--version'], /GLIBC/),
  ltrace: probe(['ltrace', '-V'], /ltrace version/),
  mtr: probe(['mtr', '--version'], /mtr 0\.9/),
  nc: probe(['nc', '-h'], /OpenBSD netcat/),
  snmpget: probe(['snmpget', '--version'], /NET-SNMP version/),
  netgen: probe(['netgen', '--help'], /netgen HOST PORT \[INTERVAL\] \[COUNT\]/),
  netstat: probe(['netstat', '--version'], /net-tools 2/),
  nft: probe(['nft', '--version'], /nftables v1/),
  ngrep: probe(['ngrep', '-V'], /ngrep: V1/),
  nmap: probe(['nmap', '--version'], /Nmap version 7/),
  nping: probe(['nping', '--version'], /Nping version/),
  nsenter: probe(['nsenter', '--version'], /nsenter from util-linux/),
  nslookup: probe(['nslookup', '-version'], /nslookup 9/),
  openssl: probe(['openssl', 'version'], /OpenSSL 3/),
  oping: probe(['oping', '-h'], /Usage: oping/),
  ping: probe(['ping', '-V'], /ping from iputils/),
  pip3: probe(['pip3', '--version'], /pip \d+/),
  pstree: probe(['pstree', '-V'], /pstree \(PSmisc\) \d+/),
  ps: probe(['ps', '--version'], /procps-ng/),
  socat: probe(['socat', '-V'], /socat version 1/),
  'speedtest-cli': probe(['speedtest-cli', '--version'], /speedtest-cli 2/),
  ss: probe(['ss', '-V'], /ss utility, iproute2/),
  ssh: probe(['ssh', '-V'], /OpenSSH_9/),
  strace: probe(['strace', '-V'], /strace -- version 6/),
  swaks: probe(['swaks', '--version'], /swaks version/),
  // A bcc tool's --help imports the bcc module, which loads libbcc and LLVM: it proves the stack loads.
  'tcpconnect-bpfcc': probe(['tcpconnect-bpfcc', '--help'], /usage: tcpconnect-bpfcc/),
  tcpdump: probe(['tcpdump', '--version'], /tcpdump version 4/),
  tcptraceroute: probe(['tcptraceroute', '-h'], /tcptraceroute 1\.5/),
  telnet: probe(['telnet', '--help'], /Usage: telnet/),
  termshark: probe(['termshark', '--help'], /termshark 2/),
  timeout: probe(['timeout', '--version'], /timeout \(GNU coreutils\)/),
  tini: probe(['tini', '--version'], /tini version 0/),
  tree: probe(['tree', '--version'], /tree v2\./),
  tracepath: probe(['tracepath', '-V'], /tracepath from iputils/),
  traceroute: probe(['traceroute', '--version'], /Modern traceroute for Linux/),
  tshark: probe(['tshark', '--version'], /TShark \(Wireshark\) 4/),
  // Making a virtualenv, not only --version: it proves the bundled pip/setuptools wheels are there without
  // the Recommends (python3-dev, build-essential) left out, and it needs no network.
  virtualenv: probe(['virtualenv', '/tmp/probe-venv'], /created virtual environment CPython3/),
  vim: probe(['vim', '--version'], /VIM - Vi IMproved/),
  wg: probe(['wg', '--version'], /wireguard-tools v1/),
  wsdump: probe(['wsdump', '--help'], /usage: wsdump/),
  zsh: probe(['zsh', '--version'], /zsh 5/),
  python3: probe(['python3', '--version'], /Python 3\.11/),
  'python3-scapy': probe(['python3', '-c', 'import scapy; print("scapy", scapy.VERSION)'], /scapy 2\.5/),
  'python3-setuptools': probe(
    ['python3', '-c', 'import setuptools; print("setuptools", setuptools.__version__)'],
    /setuptools \d+/,
  ),
  'nmap-scripts': probe(['nmap', '--script-help', 'http-title'], /http-title/),
  'perl-crypt-ssleay': probe(
    ['perl', '-MCrypt::SSLeay', '-e', 'print "Crypt::SSLeay $Crypt::SSLeay::VERSION\\n"'],
    /Crypt::SSLeay 0\.\d+/,
  ),
  'perl-net-ssleay': probe(
    ['perl', '-MNet::SSLeay', '-e', 'print "Net::SSLeay $Net::SSLeay::VERSION\\n"'],
    /Net::SSLeay 1\.\d+/,
  ),
};
