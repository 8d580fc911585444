import { describeCommand } from './command-table.js';
import { resolvedAddress as db } from './plan-text.js';

describeCommand('conntrack', {
  accepted: [
    ['conntrack node/worker-1 -L -p tcp --dport 5432', ['conntrack', '-L', '-p', 'tcp', '--dport', '5432']],
    ['conntrack host -S', ['conntrack', '-S']],
    ['conntrack node/worker-1 -C', ['conntrack', '-C']],
    [
      'conntrack host -L -p tcp -d 198.18.0.1 --state ESTABLISHED',
      ['conntrack', '-L', '-p', 'tcp', '-d', '198.18.0.1', '--state', 'ESTABLISHED'],
    ],
    ['conntrack node/worker-1 -L -s pod/web -o extended', ['conntrack', '-L', '-s', db, '-o', 'extended']],
    ['conntrack host', ['conntrack', '-L']],
  ],
  refused: [
    ['conntrack host -D -p tcp', /-D is not allowed: changes the connection tracking table/],
    ['conntrack host -F', /-F is not allowed/],
    ['conntrack host -E', /-E is not allowed: follows events forever/],
    ['conntrack host -L -z', /-z is not allowed: zeroes the counters/],
    ['conntrack host -U -p tcp --dport 80 --mark 1', /-U is not allowed/],
    ['conntrack host -L --dport 80', /need a protocol/],
    ['conntrack host -L -s db.example.com', /'db.example.com' is not an IP address/],
  ],
});

describeCommand('iptables', {
  accepted: [
    [
      'iptables node/worker-1 -t nat -L KUBE-SERVICES -n',
      ['iptables', '-w', '5', '-t', 'nat', '-L', 'KUBE-SERVICES', '-n'],
    ],
    ['iptables host -S', ['iptables', '-w', '5', '-S']],
    [
      'iptables node/worker-1 -nvL INPUT --line-numbers',
      ['iptables', '-w', '5', '-L', 'INPUT', '-n', '-v', '--line-numbers'],
    ],
    ['iptables host -6 -t filter -S FORWARD', ['ip6tables', '-w', '5', '-t', 'filter', '-S', 'FORWARD']],
    // No -L or -S: list as `iptables -nvL`, what someone typing the bare command wants to see.
    ['iptables node/n1', ['iptables', '-w', '5', '-L', '-n', '-v']],
    ['iptables host -t nat', ['iptables', '-w', '5', '-t', 'nat', '-L', '-n', '-v']],
    [
      'iptables host -t nat KUBE-SERVICES',
      ['iptables', '-w', '5', '-t', 'nat', '-L', 'KUBE-SERVICES', '-n', '-v'],
    ],
    ['iptables host -6 --line-numbers', ['ip6tables', '-w', '5', '-L', '-n', '-v', '--line-numbers']],
    ['iptables host -L', ['iptables', '-w', '5', '-L']],
  ],
  refused: [
    ['iptables host -A INPUT -j ACCEPT', /-A is not allowed: changes the firewall/],
    ['iptables host -F', /-F is not allowed/],
    ['iptables host -D INPUT 1', /-D is not allowed/],
    ['iptables host -I INPUT -j DROP', /-I is not allowed/],
    ['iptables host -P INPUT DROP', /-P is not allowed/],
    ['iptables host -L -Z', /-Z is not allowed: zeroes the counters/],
    ['iptables host -L -S', /-L and -S exclude each other/],
    ['iptables host -t bogus -L', /table|invalid/i],
  ],
});

describeCommand('nft', {
  accepted: [
    ['nft node/worker-1 list ruleset', ['nft', 'list', 'ruleset']],
    ['nft host list tables', ['nft', 'list', 'tables']],
    ['nft host -a list table inet filter', ['nft', '-a', 'list', 'table', 'inet', 'filter']],
    [
      'nft node/worker-1 -j list chain ip nat KUBE-SERVICES',
      ['nft', '-j', 'list', 'chain', 'ip', 'nat', 'KUBE-SERVICES'],
    ],
    // No verb, or `list` alone: the whole ruleset, what someone typing the bare command wants.
    ['nft node/n1', ['nft', 'list', 'ruleset']],
    ['nft host list', ['nft', 'list', 'ruleset']],
    ['nft host -a -n', ['nft', '-a', '-n', 'list', 'ruleset']],
  ],
  refused: [
    ['nft host flush ruleset', /nft is list-only here: 'flush' is not list/],
    ['nft host add rule inet filter input drop', /list-only/],
    ['nft host delete table inet filter', /list-only/],
    ['nft host -f /tmp/rules.nft', /-f is not allowed: runs commands from a file/],
    ['nft host -i', /-i is not allowed: starts an interactive shell/],
    ['nft host list everything', /'everything' is not something nft lists/],
  ],
});

describeCommand('ipvsadm', {
  accepted: [
    ['ipvsadm node/worker-1 -Ln', ['ipvsadm', '-L', '-n']],
    ['ipvsadm node/worker-1 -Ln --stats', ['ipvsadm', '-L', '-n', '--stats']],
    ['ipvsadm node/worker-1 -Ln -t 10.96.0.1:443', ['ipvsadm', '-L', '-n', '-t', '10.96.0.1:443']],
    ['ipvsadm node/worker-1 -Lnc', ['ipvsadm', '-L', '-n', '-c']],
    ['ipvsadm node/worker-1', ['ipvsadm', '-L']],
  ],
  refused: [
    ['ipvsadm node/worker-1 -C', /-C is not allowed: clears every virtual service/],
    ['ipvsadm node/worker-1 -A -t 10.0.0.1:80 -s rr', /-A is not allowed: changes IPVS/],
    ['ipvsadm node/worker-1 -D -t 10.0.0.1:80', /-D is not allowed/],
    ['ipvsadm node/worker-1 -a -t 10.0.0.1:80 -r 10.0.0.2:80', /-a is not allowed/],
    ['ipvsadm node/worker-1 -Z', /-Z is not allowed: zeroes the counters/],
    ['ipvsadm node/worker-1 -R', /-R is not allowed/],
    ['ipvsadm node/worker-1 -Ln -t 10.96.0.1', /not ADDRESS:PORT/],
  ],
});

describeCommand('ipset', {
  accepted: [
    ['ipset node/worker-1 list', ['ipset', 'list']],
    ['ipset node/worker-1 -n list', ['ipset', '-n', 'list']],
    ['ipset node/worker-1 -t list KUBE-CLUSTER-IP', ['ipset', '-t', 'list', 'KUBE-CLUSTER-IP']],
    [
      'ipset host -s -o save list cali40all-ipam-pools',
      ['ipset', '-s', '-o', 'save', 'list', 'cali40all-ipam-pools'],
    ],
  ],
  refused: [
    ['ipset node/worker-1 flush', /ipset is list-only here: 'flush' is not list/],
    ['ipset node/worker-1 destroy KUBE-CLUSTER-IP', /list-only/],
    ['ipset node/worker-1 add KUBE-CLUSTER-IP 10.0.0.1', /list-only/],
    ['ipset node/worker-1 -F KUBE-CLUSTER-IP', /-F is not allowed/],
    ['ipset node/worker-1 -file /tmp/x list', /-file is not allowed: reads or writes a file/],
    ['ipset node/worker-1', /VERB is missing/],
  ],
});

describeCommand('wg', {
  accepted: [
    ['wg node/worker-1 show', ['wg', 'show']],
    ['wg node/worker-1 show wg0 latest-handshakes', ['wg', 'show', 'wg0', 'latest-handshakes']],
    ['wg host show all transfer', ['wg', 'show', 'all', 'transfer']],
    ['wg node/worker-1 show interfaces', ['wg', 'show', 'interfaces']],
  ],
  refused: [
    ['wg node/worker-1 showconf wg0', /wg is show-only here: 'showconf' is not show/],
    ['wg node/worker-1 set wg0 listen-port 1', /show-only/],
    ['wg node/worker-1 genkey', /show-only/],
    ['wg node/worker-1 show wg0 private-key', /private-key would print secret keys/],
    ['wg node/worker-1 show wg0 preshared-keys', /would print secret keys/],
    ['wg node/worker-1 show all dump', /dump would print secret keys/],
    ['wg node/worker-1 show wg0 -h', /-h is not allowed/],
  ],
});

describeCommand('birdc', {
  accepted: [
    [
      'birdc node/worker-1 show protocols',
      ['birdc', '-r', '-s', '/var/run/calico/bird.ctl', 'show', 'protocols'],
    ],
    [
      'birdc node/worker-1 show protocols all Mesh_10_0_0_12',
      ['birdc', '-r', '-s', '/var/run/calico/bird.ctl', 'show', 'protocols', 'all', 'Mesh_10_0_0_12'],
    ],
    [
      'birdc node/worker-1 show route for 10.244.1.0/24',
      ['birdc', '-r', '-s', '/var/run/calico/bird.ctl', 'show', 'route', 'for', '10.244.1.0/24'],
    ],
    [
      'birdc node/worker-1 -6 show route count',
      ['birdc', '-r', '-s', '/var/run/calico/bird6.ctl', 'show', 'route', 'count'],
    ],
  ],
  refused: [
    ['birdc node/worker-1 configure', /birdc is show-only here: 'configure' is not show/],
    ['birdc node/worker-1 disable Mesh_10_0_0_12', /show-only/],
    ['birdc node/worker-1 -s /tmp/other.ctl show status', /-s is not allowed/],
    ['birdc node/worker-1 show route where net ~ [ 10.0.0.0/8+ ]', /not allowed after show/],
    ['birdc node/worker-1 show everything', /'everything' is not one of/],
  ],
});

describeCommand('calicoctl', {
  accepted: [
    ['calicoctl get wep', ['calicoctl', 'get', 'wep']],
    ['calicoctl get ippool -o wide', ['calicoctl', 'get', 'ippool', '-o', 'wide']],
    ['calicoctl get bgpconfig -o yaml', ['calicoctl', 'get', 'bgpconfig', '-o', 'yaml']],
    [
      'calicoctl get GNP default.allow-dns -o json',
      ['calicoctl', 'get', 'gnp', 'default.allow-dns', '-o', 'json'],
    ],
    ['calicoctl get networkpolicy -A', ['calicoctl', 'get', 'networkpolicy', '--all-namespaces']],
    // The bot takes --namespace off the line; calicoctl still gets it for namespaced kinds.
    ['calicoctl get wep --namespace kube-system', ['calicoctl', 'get', 'wep', '--namespace', 'kube-system']],
    ['calicoctl get np -n prod -o yaml', ['calicoctl', 'get', 'np', '-o', 'yaml', '--namespace', 'prod']],
    [
      'calicoctl get workloadendpoint node1-k8s-web--1-eth0 --namespace=shop',
      ['calicoctl', 'get', 'workloadendpoint', 'node1-k8s-web--1-eth0', '--namespace', 'shop'],
    ],
    // A global kind has no namespace; -A wins over one.
    ['calicoctl get ippool --namespace kube-system', ['calicoctl', 'get', 'ippool']],
    ['calicoctl get wep -A -n prod', ['calicoctl', 'get', 'wep', '--all-namespaces']],
    ['calicoctl ipam show --show-blocks', ['calicoctl', 'ipam', 'show', '--show-blocks']],
    ['calicoctl node status', ['calicoctl', 'node', 'status']],
    ['calicoctl version', ['calicoctl', 'version']],
  ],
  refused: [
    ['calicoctl apply -f /tmp/policy.yaml', /-f is not allowed: reads resources from a file/],
    ['calicoctl delete ippool default-ipv4-ippool', /read-only here.*'delete' is refused/],
    ['calicoctl create ippool', /read-only/],
    ['calicoctl ipam release --ip=10.0.0.1', /--ip is not allowed/],
    ['calicoctl node run', /node takes only status/],
    ['calicoctl get secrets', /not a Calico resource/],
    ['calicoctl get wep -c /etc/calico/calicoctl.cfg', /-c is not allowed: reads a config file/],
    ['calicoctl pod/web get wep', /takes no target/],
    // Names are DNS-1123 subdomains: no path, no parent, no empty label.
    ['calicoctl get gnp ../../secrets', /not a Calico resource name/],
    ['calicoctl get wep a/b', /not a Calico resource name/],
    ['calicoctl get ippool pool..x', /not a Calico resource name/],
    ['calicoctl get ippool .hidden', /not a Calico resource name/],
    ['calicoctl get ippool -pool', /not|unknown|allowed/],
    ['calicoctl get ippool Default-Pool', /not a Calico resource name/],
    [`calicoctl get ippool ${'a'.repeat(254)}`, /at most 253 characters/],
  ],
});

describeCommand('stats', {
  accepted: [
    ['stats container/perf-test-a', ['stats', '--sort', 'cpu', '--limit', '20']],
    ['stats host --sort memory --limit 10', ['stats', '--sort', 'memory', '--limit', '10']],
    ['stats node/worker-1 --all', ['stats', '--sort', 'cpu', '--limit', '20', '--all']],
  ],
  refused: [
    ['stats host --sort name', /invalid|option/i],
    ['stats host --limit 1000', /at most 50/],
    ['stats host -it', /-i is not allowed|-it is not allowed/],
    ['stats', /needs a target/],
  ],
});
