import { describeCommand } from './command-table.js';

describeCommand('dig', {
  accepted: [
    ['dig pod/frontend kubernetes.default', ['dig', 'kubernetes.default', '+search']],
    ['dig container/web db +short', ['dig', 'db', '+short', '+search']],
    // The target's search domains apply, as with nslookup and host, unless asked otherwise.
    ['dig pod/frontend db +nosearch', ['dig', 'db', '+nosearch']],
    ['dig pod/frontend db. +short', ['dig', 'db.', '+short']],
    ['dig pod/frontend @10.96.0.10 example.com mx', ['dig', '@10.96.0.10', 'example.com', 'MX', '+search']],
    [
      'dig pod/frontend -t AAAA -p 5353 -4 db +tcp +trace',
      ['dig', '-p', '5353', '-4', 'db', 'AAAA', '+trace', '+tcp'],
    ],
    ['dig host -x 198.18.0.1', ['dig', '-x', '198.18.0.1']],
    [
      'dig pod/frontend _http._tcp.db.default.svc.cluster.local SRV',
      ['dig', '_http._tcp.db.default.svc.cluster.local', 'SRV', '+search'],
    ],
    ['dig pod/frontend . NS +noall +answer', ['dig', '.', 'NS', '+noall', '+answer']],
    // dig's own 5 s x 3 tries fitted below a shorter deadline, so that it ends first and says so.
    ['dig pod/frontend db --timeout 10s', ['dig', 'db', '+search', '+tries=1']],
    ['dig pod/frontend db --timeout 3s', ['dig', 'db', '+search', '+time=2', '+tries=1']],
  ],
  refused: [
    ['dig pod/frontend -f /etc/hosts', /-f is not allowed: reads queries from a file/],
    ['dig pod/frontend -k /etc/key db', /-k is not allowed/],
    ['dig pod/frontend db AXFR', /not a DNS record type/],
    ['dig pod/frontend +vc db', /\+vc is not allowed/],
    ['dig pod/frontend -- -db', /not a hostname/],
    ['dig pod/frontend', /NAME|-x/],
    ['dig pod/frontend db @-evil', /@-evil|hostname or IP/],
  ],
});

describeCommand('drill', {
  accepted: [
    ['drill container/perf-test-a -V 5 perf-test-b', ['drill', '-V', '5', 'perf-test-b']],
    ['drill pod/frontend example.com @10.96.0.10 mx', ['drill', 'example.com', '@10.96.0.10', 'MX']],
    ['drill pod/frontend -T -D example.com', ['drill', '-T', '-D', 'example.com']],
    ['drill host -x 198.18.0.1', ['drill', '-x', '198.18.0.1']],
    ['drill pod/frontend -t -p 5353 db', ['drill', '-t', '-p', '5353', 'db']],
  ],
  refused: [
    ['drill pod/frontend -w /tmp/answer db', /-w is not allowed: writes the answer to a file/],
    ['drill pod/frontend -f /etc/query', /-f is not allowed/],
    ['drill pod/frontend -V 9 db', /at most 5/],
    ['drill pod/frontend -k key db', /-k is not allowed/],
    ['drill pod/frontend', /NAME is missing/],
  ],
});

describeCommand('host', {
  accepted: [
    ['host pod/frontend kubernetes.default', ['host', 'kubernetes.default']],
    ['host container/web -t mx example.com', ['host', '-t', 'MX', 'example.com']],
    ['host pod/frontend 10.96.0.1', ['host', '10.96.0.1']],
    ['host container/web -W 2 -R 1 db 198.18.0.53', ['host', '-W', '2', '-R', '1', 'db', '198.18.0.53']],
    ['host pod/frontend -a -T db', ['host', '-a', '-T', 'db']],
    ['host pod/frontend db --timeout 5s', ['host', '-W', '4', '-R', '0', 'db']],
  ],
  refused: [
    ['host pod/frontend -l example.com', /-l is not allowed: asks for a zone transfer/],
    ['host pod/frontend -W 600 db', /at most 30/],
    ['host pod/frontend db;id', /not a hostname/],
    ['host pod/frontend -m record db', /-m is not allowed/],
    ['host pod/frontend db 10.0.0.1 extra', /unexpected argument 'extra'/],
  ],
});

describeCommand('nslookup', {
  accepted: [
    ['nslookup pod/frontend kubernetes.default', ['nslookup', 'kubernetes.default']],
    ['nslookup container/web -type=mx example.com', ['nslookup', '-type=MX', 'example.com']],
    ['nslookup pod/frontend -query=AAAA db 10.96.0.10', ['nslookup', '-type=AAAA', 'db', '10.96.0.10']],
    ['nslookup pod/frontend db --timeout 10s', ['nslookup', '-retry=1', 'db']],
    [
      'nslookup pod/frontend -port=5353 -timeout=2 -retry=1 -vc db',
      ['nslookup', '-port=5353', '-timeout=2', '-retry=1', '-vc', 'db'],
    ],
  ],
  refused: [
    ['nslookup pod/frontend -type=AXFR example.com', /not a DNS record type/],
    ['nslookup pod/frontend -class=CH db', /-class=CH is not allowed/],
    ['nslookup pod/frontend -port=0 db', /port is 1 to 65535/],
    ['nslookup pod/frontend', /NAME is missing/],
  ],
});
