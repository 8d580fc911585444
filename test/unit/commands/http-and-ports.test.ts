import { resolvedAddress as db } from './plan-text.js';
import { describeCommand } from './command-table.js';

/**
 * What every curl argv starts with: no curlrc, no globbing, http(s) only, bounded, timing as JSON.
 * --max-time 27: curl's 30 s kept below the default 30 s deadline (commands/curl.ts maxTimeWithin).
 */
const curl = (maxTime = '27') => [
  'curl',
  '-q',
  '--globoff',
  '--silent',
  '--show-error',
  '--proto',
  '=http,https',
  '--proto-redir',
  '=http,https',
  '--max-filesize',
  '10485760',
  '--max-time',
  maxTime,
  '-w',
  '\n%{json}\n',
];

describeCommand('curl', {
  accepted: [
    ['curl pod/frontend http://db:8080/health', [...curl(), 'http://db:8080/health']],
    // curl's own limit stays below the deadline, so a timeout prints curl's error and timing (issue 13).
    ['curl pod/frontend http://db:8080/health --timeout 3s', [...curl('2.5'), 'http://db:8080/health']],
    ['curl pod/frontend -m 60 http://db:8080/health --timeout 2m', [...curl('60'), 'http://db:8080/health']],
    ['curl pod/frontend -m 60 http://db:8080/health --timeout 10s', [...curl('9'), 'http://db:8080/health']],
    ['curl container/web -I http://198.18.0.1:8080/', [...curl(), '--head', 'http://198.18.0.1:8080/']],
    [
      'curl pod/frontend -k -H "Host: shop.example.com" https://10.0.0.12/',
      [...curl(), '--insecure', '--header', 'Host: shop.example.com', 'https://10.0.0.12/'],
    ],
    [
      'curl pod/frontend -sSv -m 5 --resolve api.example.com:443:10.0.0.12 https://api.example.com/ready',
      [
        ...curl('5'),
        '--verbose',
        '--resolve',
        'api.example.com:443:10.0.0.12',
        'https://api.example.com/ready',
      ],
    ],
    ['curl pod/frontend -X head http://db/', [...curl(), '--head', 'http://db/']],
    ['curl pod/frontend "http://db/search?q=[1-1000]"', [...curl(), 'http://db/search?q=[1-1000]']],
  ],
  refused: [
    ['curl pod/frontend -o /tmp/x http://db/', /-o is not allowed: writes files/],
    ['curl pod/frontend -O http://db/file', /-O is not allowed: writes files/],
    ['curl pod/frontend -K /etc/curlrc http://db/', /-K is not allowed: reads a config file/],
    ['curl pod/frontend --config=/etc/curlrc http://db/', /--config is not allowed/],
    ['curl pod/frontend file:///etc/passwd', /not an http or https URL/],
    ['curl pod/frontend gopher://db:6379/_FLUSHALL', /not an http or https URL/],
    ['curl pod/frontend -T /etc/passwd http://db/', /-T is not allowed: uploads a local file/],
    ['curl pod/frontend --upload-file /etc/passwd http://db/', /--upload-file is not allowed/],
    ['curl pod/frontend -d a=b http://db/', /-d is not allowed: sends a request body/],
    ['curl pod/frontend --data-binary @/etc/passwd http://db/', /--data-binary is not allowed/],
    ['curl pod/frontend -X POST http://db/', /only GET and HEAD/],
    ['curl pod/frontend -sko /tmp/x http://db/', /-o is not allowed/],
    ['curl pod/frontend -H @/etc/headers http://db/', /not a header/],
    ['curl pod/frontend -w "%{stderr}" http://db/', /-w is not allowed/],
    ['curl pod/frontend -m 600 http://db/', /at most 120/],
  ],
});

describeCommand('tls', {
  accepted: [
    [
      'tls pod/frontend api.example.com',
      [
        'openssl',
        's_client',
        '-connect',
        'api.example.com:443',
        '-servername',
        'api.example.com',
        '-showcerts',
      ],
    ],
    [
      'tls container/web 198.18.0.1 8443 --sni shop.example.com',
      ['openssl', 's_client', '-connect', '198.18.0.1:8443', '-servername', 'shop.example.com', '-showcerts'],
    ],
    [
      'tls pod/frontend svc/ingress 443 -servername shop.example.com -tls1_3',
      [
        'openssl',
        's_client',
        '-connect',
        `${db}:443`,
        '-servername',
        'shop.example.com',
        '-showcerts',
        '-tls1_3',
      ],
    ],
    [
      'tls pod/frontend fd00::1 -alpn h2,http/1.1',
      [
        'openssl',
        's_client',
        '-connect',
        '[fd00::1]:443',
        '-noservername',
        '-showcerts',
        '-alpn',
        'h2,http/1.1',
      ],
    ],
    // HOST:PORT as one word, as openssl's -connect takes it, with or without -connect.
    [
      'tls pod/x db:5432 -starttls postgres',
      [
        'openssl',
        's_client',
        '-connect',
        'db:5432',
        '-servername',
        'db',
        '-showcerts',
        '-starttls',
        'postgres',
      ],
    ],
    [
      'tls pod/x -connect db:443',
      ['openssl', 's_client', '-connect', 'db:443', '-servername', 'db', '-showcerts'],
    ],
    [
      'tls pod/x 198.18.0.1:8443',
      ['openssl', 's_client', '-connect', '198.18.0.1:8443', '-noservername', '-showcerts'],
    ],
    [
      'tls pod/x [fd00::1]:8443',
      ['openssl', 's_client', '-connect', '[fd00::1]:8443', '-noservername', '-showcerts'],
    ],
    [
      'tls pod/x -connect [fd00::1]:8443 --sni shop.example.com',
      ['openssl', 's_client', '-connect', '[fd00::1]:8443', '-servername', 'shop.example.com', '-showcerts'],
    ],
    [
      'tls pod/x [fd00::1]',
      ['openssl', 's_client', '-connect', '[fd00::1]:443', '-noservername', '-showcerts'],
    ],
    [
      'tls pod/x svc/ingress:443 -servername shop.example.com',
      ['openssl', 's_client', '-connect', `${db}:443`, '-servername', 'shop.example.com', '-showcerts'],
    ],
    // A Service's port by its name, alone or in HOST:PORT.
    [
      'tls pod/x svc/ingress:https -servername shop.example.com',
      ['openssl', 's_client', '-connect', `${db}:8443`, '-servername', 'shop.example.com', '-showcerts'],
    ],
    [
      'tls pod/x svc/ingress https -servername shop.example.com',
      ['openssl', 's_client', '-connect', `${db}:8443`, '-servername', 'shop.example.com', '-showcerts'],
    ],
    [
      'tls pod/frontend mail.example.com 587 -starttls smtp',
      [
        'openssl',
        's_client',
        '-connect',
        'mail.example.com:587',
        '-servername',
        'mail.example.com',
        '-showcerts',
        '-starttls',
        'smtp',
      ],
    ],
  ],
  refused: [
    ['tls pod/frontend -CAfile /etc/ssl/ca.pem db', /-CAfile is not allowed: reads local files/],
    ['tls pod/frontend -keylogfile /tmp/keys db', /-keylogfile is not allowed/],
    ['tls pod/frontend db:443 8443', /PORT is given twice; '8443' is the second time/],
    ['tls pod/frontend -connect db:443 -connect db:8443', /given more than once/],
    ['tls pod/frontend -connect db:443 other', /HOST is given twice/],
    ['tls pod/frontend db:99999', /PORT '99999': a port is 1 to 65535|'99999' is not a port/],
    ['tls pod/frontend db:https', /'https' is a port name, and only a Service \(svc\/NAME\) has named ports/],
    ['tls pod/frontend db:443:1', /HOST: 'db:443:1' is not a hostname or IP address/],
    ['tls pod/frontend [fd00::1]:x', /PORT: 'x' is a port name/],
    ['tls pod/frontend [fd00::1]:0', /a port is 1 to 65535/],
    ['tls pod/frontend db 443 -starttls telnet', /starttls|invalid/i],
    ['tls pod/frontend db 443 --sni -evil', /needs a value|not a hostname/],
    ['tls pod/frontend', /HOST is missing/],
  ],
});

describeCommand('nc', {
  accepted: [
    ['nc container/service-b -vz service-a 8080', ['nc', '-z', '-v', '-w', '5', 'service-a', '8080']],
    ['nc pod/frontend -vz svc/db 5432', ['nc', '-z', '-v', '-w', '5', db, '5432']],
    ['nc pod/frontend -vzu 10.96.0.10 53', ['nc', '-z', '-v', '-u', '-w', '5', '10.96.0.10', '53']],
    [
      'nc container/web -vz -w 2 198.18.0.1 8000-8010',
      ['nc', '-z', '-v', '-w', '2', '198.18.0.1', '8000-8010'],
    ],
    ['nc container/web -z db 22,80,443', ['nc', '-z', '-w', '5', 'db', '22', '80', '443']],
    // A Service's named port: looked up on the Service, as kubectl port-forward svc/db pg does.
    ['nc pod/a svc/db pg', ['nc', '-z', '-w', '5', db, '5432']],
    ['nc pod/a -vz svc/db pg', ['nc', '-z', '-v', '-w', '5', db, '5432']],
  ],
  refused: [
    ['nc pod/frontend -e /bin/sh db 80', /-e is not allowed: runs a program/],
    ['nc pod/frontend -c id db 80', /-c is not allowed: runs a command/],
    ['nc pod/frontend -l 8080', /-l is not allowed: listens/],
    ['nc pod/frontend -lvp 8080', /-l is not allowed/],
    ['nc pod/frontend -U /var/run/docker.sock', /-U is not allowed: talks to local unix sockets/],
    ['nc pod/frontend -vz db 1-65535', /at most 100/],
    ['nc pod/frontend -vz db', /PORTS is missing/],
    [
      'nc pod/a db pg',
      /'pg' is a port name, and only a Service \(svc\/NAME\) has named ports: write the number/,
    ],
    ['nc pod/a pod/db pg', /'pg' is a port name/],
    ['nc pod/a svc/db Pg', /'Pg' is not a port list/],
    ['nc pod/a svc/db pg,http', /'pg,http' is not a port list/],
  ],
});

describeCommand('nmap', {
  accepted: [
    [
      'nmap host -p 12376-12390 -dd 198.18.0.1',
      ['nmap', '-oX', '-', '-p', '12376-12390', '-dd', '198.18.0.1'],
    ],
    [
      'nmap pod/frontend -p 5432,6379 svc/db 10.0.0.12',
      ['nmap', '-oX', '-', '-p', '5432,6379', db, '10.0.0.12'],
    ],
    [
      'nmap container/web -sT -sV -p 80,443 198.18.0.1',
      ['nmap', '-oX', '-', '-sT', '-sV', '-p', '80,443', '198.18.0.1'],
    ],
    ['nmap host -sn 198.18.0.0/28', ['nmap', '-oX', '-', '-sn', '198.18.0.0/28']],
    [
      'nmap host -Pn -n -T4 --top-ports 100 --open -vv db',
      ['nmap', '-oX', '-', '-Pn', '-n', '-T4', '--top-ports', '100', '--open', '-vv', 'db'],
    ],
  ],
  refused: [
    ['nmap host --script vuln db', /--script is not allowed: runs NSE scripts/],
    ['nmap host --script=http-title db', /--script is not allowed/],
    ['nmap host -sC db', /-sC is not allowed/],
    ['nmap host -A db', /-A is not allowed/],
    ['nmap host -iL /etc/hosts', /-iL is not allowed: reads targets from a file/],
    ['nmap host -iR 100', /-iR is not allowed: scans random hosts/],
    ['nmap host -oN /tmp/out db', /-oN is not allowed: writes files/],
    ['nmap host -oX /tmp/out.xml db', /-oX is not allowed/],
    ['nmap host -oG - db', /-oG is not allowed/],
    ['nmap host -oA /tmp/out db', /-oA is not allowed/],
    ['nmap host --resume /tmp/scan.log', /--resume is not allowed/],
    ['nmap host -p 1-65535 db', /at most 1024/],
    ['nmap host -p- db', /not a port list/],
    ['nmap host -sn 10.0.0.0/16', /65536 addresses; the limit is 256 addresses for the whole run/],
    ['nmap host -sn 0-255.0-255.0-255.0-255', /4294967296 addresses; the limit is 256/],
    ['nmap host -sn 10.0.0.0/25 10.0.1.0/25 db', /257 addresses in all/],
    ['nmap host -T5 db', /-T5 is not allowed/],
  ],
});

describeCommand('nping', {
  accepted: [
    [
      'nping pod/frontend --tcp-connect -p 5432 svc/db',
      ['nping', '--tcp-connect', '-p', '5432', '-c', '5', db],
    ],
    [
      'nping host --tcp -p 80,443 --flags SYN -c 3 198.18.0.1',
      ['nping', '--tcp', '-p', '80,443', '--flags', 'syn', '-c', '3', '198.18.0.1'],
    ],
    [
      'nping container/web --udp -p 53 -c 5 --rate 2 198.18.0.1',
      ['nping', '--udp', '-p', '53', '-c', '5', '--rate', '2', '198.18.0.1'],
    ],
    [
      'nping host --icmp --delay 0.5 -vv 198.18.0.1',
      ['nping', '--icmp', '-c', '5', '--delay', '0.5s', '-v2', '198.18.0.1'],
    ],
  ],
  refused: [
    ['nping host -S 10.0.0.9 --tcp db', /-S is not allowed: spoofs/],
    ['nping host --source-ip 10.0.0.9 db', /--source-ip is not allowed/],
    ['nping host --data-string hello db', /--data-string is not allowed/],
    ['nping host --rate 1000 db', /at most 10/],
    ['nping host -c 100000 db', /at most 100/],
    ['nping host --echo-server secret', /--echo-server is not allowed: runs a server/],
  ],
});

describeCommand('ab', {
  accepted: [
    [
      'ab pod/frontend -n 200 -c 10 http://svc-api:8080/health',
      ['ab', '-n', '200', '-c', '10', 'http://svc-api:8080/health'],
    ],
    [
      'ab container/web -k -n 1000 -c 20 http://198.18.0.1:8080',
      ['ab', '-n', '1000', '-c', '20', '-k', 'http://198.18.0.1:8080/'],
    ],
    [
      'ab pod/frontend -t 10 -c 5 -H "Host: shop.example.com" http://10.0.0.12/',
      ['ab', '-t', '10', '-n', '100', '-c', '5', '-H', 'Host: shop.example.com', 'http://10.0.0.12/'],
    ],
    ['ab pod/frontend -i -s 5 https://db/', ['ab', '-n', '100', '-c', '1', '-s', '5', '-i', 'https://db/']],
  ],
  refused: [
    ['ab pod/frontend -p /etc/passwd http://db/', /-p is not allowed: POSTs a local file/],
    ['ab pod/frontend -u /etc/passwd http://db/', /-u is not allowed: PUTs a local file/],
    ['ab pod/frontend -g /tmp/out http://db/', /-g is not allowed: writes files/],
    ['ab pod/frontend -e /tmp/out.csv http://db/', /-e is not allowed/],
    ['ab pod/frontend -n 1000000 http://db/', /at most 10000/],
    ['ab pod/frontend -c 500 http://db/', /at most 50/],
    ['ab pod/frontend -n 5 -c 10 http://db/', /-c cannot exceed -n/],
    ['ab pod/frontend ftp://db/', /not an http or https URL/],
  ],
});
