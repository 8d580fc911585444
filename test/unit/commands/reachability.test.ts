import { resolvedAddress as db } from './plan-text.js';
import { describeCommand } from './command-table.js';

describeCommand('ping', {
  accepted: [
    ['ping pod/frontend svc/db', ['ping', '-c', '4', db]],
    ['ping container/web -c 10 -i 0.5 198.18.0.1', ['ping', '-c', '10', '-i', '0.5', '198.18.0.1']],
    [
      'ping pod/frontend -M do -s 1472 -c 3 10.0.0.12',
      ['ping', '-c', '3', '-s', '1472', '-M', 'do', '10.0.0.12'],
    ],
    [
      'ping node/worker-1 -qn -c 20 -W 2 -I eth0 kubernetes.default',
      ['ping', '-c', '20', '-W', '2', '-I', 'eth0', '-n', '-q', 'kubernetes.default'],
    ],
    ['ping host -6 -c1 ::1', ['ping', '-c', '1', '-6', '::1']],
  ],
  refused: [
    ['ping pod/frontend -f db', /-f is not allowed: floods the network/],
    ['ping pod/frontend -l 100 db', /-l is not allowed/],
    ['ping pod/frontend -c 1000 db', /at most 100/],
    ['ping pod/frontend -i 0.01 db', /at least 0.2/],
    ['ping pod/frontend -c 2 -- -db', /not a hostname/],
    ['ping pod/frontend -s 65000 db', /at most 9000/],
  ],
});

describeCommand('fping', {
  accepted: [
    ['fping pod/frontend svc/db svc/cache 10.0.0.12', ['fping', db, db, '10.0.0.12']],
    [
      'fping container/web -c 5 -q 198.18.0.1 198.18.0.2',
      ['fping', '-c', '5', '-q', '198.18.0.1', '198.18.0.2'],
    ],
    ['fping host -a -g 198.18.0.0/28', ['fping', '-a', '-g', '198.18.0.0/28']],
    ['fping host -p 500 -t 200 -r 1 -e db', ['fping', '-p', '500', '-t', '200', '-r', '1', '-e', 'db']],
  ],
  refused: [
    ['fping host -g 10.0.0.0/8', /covers 16777216 addresses; at most 256/],
    ['fping host -f /etc/hosts', /-f is not allowed: reads the host list from a file/],
    ['fping host -l db', /-l is not allowed: loops forever/],
    ['fping host -g db.example.com', /not a CIDR/],
    ['fping host -p 1 db', /at least 100/],
    ['fping host', /name the hosts/],
    ['fping host -g 198.18.0.0/28 db', /not both/],
  ],
});

describeCommand('oping', {
  accepted: [
    ['oping pod/frontend svc/db svc/cache', ['oping', '-c', '4', db, db]],
    [
      'oping container/web -c 10 -i 0.5 198.18.0.1 198.18.0.2',
      ['oping', '-c', '10', '-i', '0.5', '198.18.0.1', '198.18.0.2'],
    ],
    [
      'oping host -4 -c 3 -t 8 -D eth0 198.18.0.1',
      ['oping', '-c', '3', '-t', '8', '-D', 'eth0', '-4', '198.18.0.1'],
    ],
  ],
  refused: [
    ['oping host -f /etc/hosts', /-f is not allowed/],
    ['oping host -O /tmp/out db', /-O is not allowed: writes measurements to a file/],
    ['oping host -i 0.001 db', /at least 0.2/],
    ['oping host -c 500 db', /at most 100/],
    ['oping host', /HOSTS is missing/],
  ],
});

describeCommand('arping', {
  accepted: [
    ['arping container/web -c 3 198.18.0.1', ['arping', '-c', '3', '198.18.0.1']],
    ['arping pod/frontend -I eth0 -c 2 svc/db', ['arping', '-c', '2', '-I', 'eth0', db]],
    ['arping host -D -I docker0 198.18.0.1', ['arping', '-c', '3', '-I', 'docker0', '-D', '198.18.0.1']],
    ['arping host -f -w 5 -q 198.18.0.1', ['arping', '-c', '3', '-w', '5', '-f', '-q', '198.18.0.1']],
  ],
  refused: [
    ['arping host -U 198.18.0.1', /-U is not allowed: sends unsolicited ARP/],
    ['arping host -A 198.18.0.1', /-A is not allowed/],
    ['arping host -s 198.18.0.9 198.18.0.1', /-s is not allowed: sets the source address/],
    ['arping host -c 1000 198.18.0.1', /at most 50/],
    ['arping host -I -eth0 198.18.0.1', /interface name/],
  ],
});

describeCommand('tracepath', {
  accepted: [
    ['tracepath pod/frontend svc/db', ['tracepath', db]],
    ['tracepath container/web -n -m 10 198.18.0.1', ['tracepath', '-n', '-m', '10', '198.18.0.1']],
    [
      'tracepath node/worker-1 -l 9000 -p 33434 10.0.0.12',
      ['tracepath', '-l', '9000', '-p', '33434', '10.0.0.12'],
    ],
  ],
  refused: [
    ['tracepath pod/frontend -m 255 db', /at most 64/],
    ['tracepath pod/frontend -x db', /-x is not allowed/],
    ['tracepath pod/frontend', /HOST is missing/],
    ['tracepath pod/frontend db other', /unexpected argument 'other'/],
  ],
});

describeCommand('traceroute', {
  accepted: [
    ['traceroute pod/frontend svc/db', ['traceroute', db]],
    [
      'traceroute container/web -n -T -p 443 198.18.0.1',
      ['traceroute', '-n', '-T', '-p', '443', '198.18.0.1'],
    ],
    [
      'traceroute node/worker-1 -I -m 15 -q 1 -w 2 10.0.0.12',
      ['traceroute', '-I', '-m', '15', '-q', '1', '-w', '2', '10.0.0.12'],
    ],
  ],
  refused: [
    ['traceroute pod/frontend -s 10.0.0.9 db', /-s is not allowed: sets a source address/],
    ['traceroute pod/frontend -g 10.0.0.1 db', /-g is not allowed/],
    ['traceroute pod/frontend -q 50 db', /at most 5/],
    ['traceroute pod/frontend -I -T db', /choose one of -I, -T and -U/],
  ],
});

describeCommand('tcptraceroute', {
  accepted: [
    ['tcptraceroute pod/frontend svc/db 5432', ['tcptraceroute', db, '5432']],
    [
      'tcptraceroute container/web -n -m 10 198.18.0.1 443',
      ['tcptraceroute', '-n', '-m', '10', '198.18.0.1', '443'],
    ],
    ['tcptraceroute node/worker-1 -q 1 -w 2 10.0.0.12', ['tcptraceroute', '-q', '1', '-w', '2', '10.0.0.12']],
  ],
  refused: [
    ['tcptraceroute pod/frontend -s 10.0.0.9 db', /-s is not allowed/],
    ['tcptraceroute pod/frontend db 70000', /port is 1 to 65535/],
    ['tcptraceroute pod/frontend -m 100 db', /at most 64/],
    ['tcptraceroute pod/frontend -p 22 db', /-p is not allowed: sets the source port/],
  ],
});

describeCommand('mtr', {
  accepted: [
    ['mtr pod/frontend svc/db', ['mtr', '--raw', '-c', '10', db]],
    ['mtr container/web -rwn -c 20 198.18.0.1', ['mtr', '--raw', '-c', '20', '-n', '198.18.0.1']],
    [
      'mtr node/worker-1 -T -P 443 -c 5 10.0.0.12',
      ['mtr', '--raw', '-c', '5', '-T', '-P', '443', '10.0.0.12'],
    ],
    ['mtr host --report-cycles=3 --no-dns -m 8 db', ['mtr', '--raw', '-c', '3', '-m', '8', '-n', 'db']],
  ],
  refused: [
    ['mtr pod/frontend -F /etc/hosts', /-F is not allowed: reads the host list from a file/],
    ['mtr pod/frontend -t db', /-t is not allowed: needs a terminal/],
    ['mtr pod/frontend -c 10000 db', /at most 100/],
    ['mtr pod/frontend -i 0.01 db', /at least 0.5/],
    ['mtr pod/frontend -a 10.0.0.9 db', /-a is not allowed/],
  ],
});
