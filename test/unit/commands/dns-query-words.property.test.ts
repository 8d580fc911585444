import fc from 'fast-check';
import { argvOf, refusalOf } from './plan-text.js';

/**
 * Issue 12, class 5: a word dig or drill reads as a query type or class (`axfr`, `mx`, `in`,
 * `TYPE252`) is refused where a name goes, in any case, by all four DNS tools; the type goes through
 * the tool's own type path. The list below is not the product's: it is what dig 9.18 in the toolbox
 * image itself read as a type or class when asked word by word over every mnemonic of its libdns.
 */
const digReadsAsTypeOrClass =
  'A A6 AAAA AFSDB AMTRELAY ANY APL ATMA AVC AXFR BRID CAA CDNSKEY CDS CERT CH CHAOS CNAME CSYNC DHCID DLV DNAME DNSKEY DOA DS DSYNC EID EUI48 EUI64 GID GPOS HESIOD HHIT HINFO HIP HS HTTPS IN IPSECKEY ISDN IXFR KEY KEYDATA KX L32 L64 LOC LP MAILA MAILB MB MD MF MG MINFO MR MX NAPTR NID NIMLOC NINFO NONE NS NSAP NSAP-PTR NSEC NSEC3 NSEC3PARAM NULL NXT OPENPGPKEY OPT PTR PX RESERVED0 RESINFO RKEY RP RRSIG RT SIG SINK SMIMEA SOA SPF SRV SSHFP SVCB TA TALINK TKEY TLSA TSIG TXT UID UINFO UNSPEC URI WALLET WKS X25 ZONEMD '
    .trim()
    .split(' ');

const randomCase = (word: string) =>
  fc
    .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
    .map((upper) =>
      [...word].map((char, i) => (upper[i] ? char.toUpperCase() : char.toLowerCase())).join(''),
    );

const queryWord = fc.oneof(
  fc.constantFrom(...digReadsAsTypeOrClass).chain(randomCase),
  fc
    .tuple(fc.constantFrom('type', 'class'), fc.integer({ min: 0, max: 65535 }))
    .chain(([prefix, number]) => randomCase(`${prefix}${number}`)),
);

/** Each tool with the name at a different place among its other words. */
const lines: readonly ((word: string) => string)[] = [
  (word) => `dig pod/x ${word}`,
  (word) => `dig pod/x @10.96.0.10 ${word} +short`,
  (word) => `drill pod/x ${word}`,
  (word) => `drill pod/x -V 5 ${word} @10.96.0.10`,
  (word) => `host pod/x ${word}`,
  (word) => `host pod/x -t MX ${word} 10.96.0.10`,
  (word) => `nslookup pod/x ${word}`,
  (word) => `nslookup pod/x -type=MX ${word} 10.96.0.10`,
];

describe('DNS query types and classes written as names', () => {
  it('refuses every one, in any case, in every DNS tool', async () => {
    await fc.assert(
      fc.asyncProperty(queryWord, fc.constantFrom(...lines), async (word, line) => {
        expect(await refusalOf(line(word))).toMatch(
          new RegExp(
            `'${word}' (asks for a zone transfer|is a DNS query (type|class)|reads as a DNS query type or class number)`,
          ),
        );
      }),
      { numRuns: 1000 },
    );
  }, 120_000);

  it('says that a zone transfer is not allowed', async () => {
    expect(await refusalOf('dig pod/x AxFr')).toMatch(
      /'AxFr' asks for a zone transfer, not a name; zone transfers are not allowed/,
    );
    expect(await refusalOf('host pod/x ixfr')).toMatch(/zone transfers are not allowed/);
    expect(await refusalOf('drill pod/x TYPE252')).toMatch(/zone transfers are not allowed/);
    expect(await refusalOf('drill pod/x type1.example')).toMatch(/query type or class number/);
  });

  it('takes the type through the type path, and the name in full', async () => {
    expect(await argvOf('dig pod/x -t MX example.com')).toEqual(['dig', 'example.com', 'MX', '+search']);
    expect(await argvOf('dig pod/x ns.default.svc.cluster.local')).toEqual([
      'dig',
      'ns.default.svc.cluster.local',
      '+search',
    ]);
    expect(await argvOf('host pod/x -t mx example.com')).toEqual(['host', '-t', 'MX', 'example.com']);
    expect(await argvOf('nslookup pod/x -type=mx example.com')).toEqual([
      'nslookup',
      '-type=MX',
      'example.com',
    ]);
  });
});
