import { describeCommand } from './command-table.js';

describeCommand('netstat', {
  accepted: [
    ['netstat container/perf-test-a -tulpn', ['netstat', '-t', '-u', '-l', '-p', '-n']],
    ['netstat pod/frontend -tan', ['netstat', '-t', '-a', '-n']],
    ['netstat node/worker-1 -s', ['netstat', '-s']],
    ['netstat pod/frontend -rn', ['netstat', '-n', '-r']],
    ['netstat pod/frontend --tcp --listening --numeric -W', ['netstat', '-t', '-l', '-n', '-W']],
  ],
  refused: [
    ['netstat pod/frontend -c', /-c is not allowed: repeats forever/],
    ['netstat pod/frontend -tulpnc', /-c is not allowed/],
    ['netstat pod/frontend -s -r', /choose one of -s, -r, -i and -g/],
    ['netstat pod/frontend -Z', /-Z is not allowed/],
    ['netstat pod/frontend 80', /unexpected argument '80'/],
  ],
});

describeCommand('ss', {
  accepted: [
    ['ss pod/frontend -tulpn', ['ss', '-t', '-u', '-l', '-p', '-n']],
    ['ss container/web -tan state established', ['ss', '-t', '-a', '-n', 'state', 'established']],
    ['ss pod/frontend -tni dst 10.0.0.12', ['ss', '-t', '-n', '-i', 'dst', '10.0.0.12']],
    ['ss node/worker-1 -s', ['ss', '-s']],
    [
      "ss pod/frontend -tn '( dport = :443 or sport = :443 )'",
      ['ss', '-t', '-n', '(', 'dport', '=', ':443', 'or', 'sport', '=', ':443', ')'],
    ],
  ],
  refused: [
    ['ss pod/frontend -K dst 10.0.0.12', /-K is not allowed: closes sockets/],
    ['ss pod/frontend --kill', /--kill is not allowed/],
    ['ss pod/frontend -D /tmp/dump', /-D is not allowed: writes a dump to a file/],
    ['ss pod/frontend -F /etc/filter', /-F is not allowed: reads the filter from a file/],
    ['ss pod/frontend -N other', /-N is not allowed: switches to another network namespace/],
    ['ss pod/frontend -E', /-E is not allowed: follows events forever/],
    ['ss pod/frontend -t dst $(id)', /not allowed in a filter/],
  ],
});

describeCommand('ip', {
  accepted: [
    ['ip container/perf-test-a route show', ['ip', '-j', 'route', 'show']],
    ['ip container/perf-test-a neigh show', ['ip', '-j', 'neigh', 'show']],
    ['ip pod/frontend addr show dev eth0', ['ip', '-j', 'address', 'show', 'dev', 'eth0']],
    ['ip pod/frontend a', ['ip', '-j', 'address', 'show']],
    ['ip pod/frontend route get 10.96.0.1', ['ip', '-j', 'route', 'get', '10.96.0.1']],
    ['ip node/worker-1 -s -s link show', ['ip', '-j', '-s', '-s', 'link', 'show']],
    ['ip pod/frontend -6 -br a', ['ip', '-j', '-6', '-br', 'address', 'show']],
    ['ip host route show table all', ['ip', '-j', 'route', 'show', 'table', 'all']],
    ['ip host rule list', ['ip', '-j', 'rule', 'show']],
  ],
  refused: [
    ['ip pod/frontend route add default via 10.0.0.1', /ip is read-only here: 'add' is not show or get/],
    ['ip pod/frontend link set eth0 down', /read-only/],
    ['ip pod/frontend addr flush dev eth0', /read-only/],
    ['ip pod/frontend neigh show flush', /'flush' is not allowed in an ip selector/],
    ['ip pod/frontend netns exec other sh', /'netns' is not something ip shows here/],
    ['ip pod/frontend -b /tmp/commands', /-b is not allowed: runs commands from a batch file/],
    ['ip pod/frontend -batch /tmp/commands', /-batch is not allowed/],
    ['ip pod/frontend -netns other route', /-netns is not allowed/],
    ['ip pod/frontend link get eth0', /get works for route and neigh only/],
    ['ip pod/frontend route get', /get needs an address/],
  ],
});

describeCommand('bridge', {
  accepted: [
    ['bridge host fdb show', ['bridge', '-j', 'fdb', 'show']],
    ['bridge host fdb show br docker0', ['bridge', '-j', 'fdb', 'show', 'br', 'docker0']],
    ['bridge node/worker-1 link', ['bridge', '-j', 'link', 'show']],
    ['bridge host -d -s vlan show', ['bridge', '-j', '-s', '-d', 'vlan', 'show']],
  ],
  refused: [
    ['bridge host fdb add 00:11:22:33:44:55 dev eth0', /bridge is read-only here: 'add' is not show/],
    ['bridge host link set dev eth0 learning off', /read-only/],
    ['bridge host -b /tmp/commands', /-b is not allowed/],
    ['bridge host monitor', /'monitor' is not fdb, link, vlan or mdb/],
    ['bridge host fdb show flush', /'flush' is not allowed/],
  ],
});

describeCommand('ethtool', {
  accepted: [
    ['ethtool node/worker-1 eth0', ['ethtool', 'eth0']],
    ['ethtool pod/frontend -S eth0', ['ethtool', '-S', 'eth0']],
    ['ethtool host -i docker0', ['ethtool', '-i', 'docker0']],
    ['ethtool node/worker-1 --show-features eth0', ['ethtool', '-k', 'eth0']],
    ['ethtool node/worker-1 -g eth0', ['ethtool', '-g', 'eth0']],
  ],
  refused: [
    ['ethtool node/worker-1 -s eth0 speed 10', /-s is not allowed: changes the interface/],
    ['ethtool node/worker-1 -K eth0 tso off', /-K is not allowed/],
    ['ethtool node/worker-1 -f eth0 firmware.bin', /-f is not allowed: flashes firmware/],
    ['ethtool node/worker-1 -t eth0', /-t is not allowed: runs a self-test/],
    ['ethtool node/worker-1 -r eth0', /-r is not allowed/],
    ['ethtool node/worker-1 -i -S eth0', /one query flag/],
    ['ethtool node/worker-1', /INTERFACE is missing/],
  ],
});
