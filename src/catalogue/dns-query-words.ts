import type { z } from 'zod';

/**
 * Words a DNS tool reads as what to ask rather than whom to ask about (issue 12): `dig pod/x axfr`
 * passed as a name, and dig and drill read it as the query type, a zone transfer of `.`. dig and drill
 * read any word of their arguments that is a type or class mnemonic (in any case), or `TYPEnnn` /
 * `CLASSnnn`, as the type or class; drill also reads any word that starts with TYPE or CLASS and a
 * number so (ldns's atoi). Such a word is refused where a name goes, for all four DNS tools alike.
 *
 * The types are what dig 9.18 in the toolbox image reads as a type (found by asking it, word by word,
 * over every mnemonic in its libdns), and a few registered since, which ldns or a later dig knows.
 */
const queryTypes: ReadonlySet<string> = new Set(
  (
    'A A6 AAAA AFSDB AMTRELAY ANY APL ATMA AVC AXFR BRID CAA CDNSKEY CDS CERT CLA CNAME CSYNC DHCID DLV ' +
    'DNAME DNSKEY DOA DS DSYNC EID EUI48 EUI64 GID GPOS HHIT HINFO HIP HTTPS IPN IPSECKEY ISDN IXFR ' +
    'KEY KEYDATA KX L32 L64 LOC LP MAILA MAILB MB MD MF MG MINFO MR MX NAPTR NID NIMLOC NINFO NS NSAP ' +
    'NSAP-PTR NSEC NSEC3 NSEC3PARAM NULL NXNAME NXT OPENPGPKEY OPT PTR PX RESINFO RKEY RP RRSIG RT ' +
    'SIG SINK SMIMEA SOA SPF SRV SSHFP SVCB TA TALINK TKEY TLSA TSIG TXT UID UINFO UNSPEC URI WALLET ' +
    'WKS X25 ZONEMD'
  ).split(' '),
);

const queryClasses: ReadonlySet<string> = new Set('ANY CH CHAOS HESIOD HS IN NONE RESERVED0'.split(' '));

/** Zone transfers: not a lookup, never allowed. */
const transfers: ReadonlySet<string> = new Set(['AXFR', 'IXFR']);

/** `TYPE252`, `class3`, drill's `type-5`: generic type and class numbers. */
const genericForm = /^(?:type|class)[-+]?\d/i;

/** Whether dig or drill would read `word` as a query type or class rather than a name. */
export function isQueryWord(word: string): boolean {
  const upper = word.toUpperCase();
  return queryTypes.has(upper) || queryClasses.has(upper) || genericForm.test(word);
}

/** Why `word` is no name for a lookup, or undefined. `typeHint`: how this tool takes a type. */
export function queryWordProblem(word: string, typeHint: string): string | undefined {
  if (!isQueryWord(word)) return undefined;
  const upper = word.toUpperCase();
  if (transfers.has(upper) || /^type0*(?:251|252)$/i.test(word)) {
    return `'${word}' asks for a zone transfer, not a name; zone transfers are not allowed`;
  }
  if (genericForm.test(word)) {
    return `'${word}' reads as a DNS query type or class number (TYPEnnn, CLASSnnn), not a name: ${typeHint}`;
  }
  const full = `a host named so is written in full, such as ${word.toLowerCase()}.default.svc.cluster.local`;
  if (queryClasses.has(upper) && !queryTypes.has(upper)) {
    return `'${word}' is a DNS query class, not a name (the class is always IN here); ${full}`;
  }
  return `'${word}' is a DNS query type, not a name: ${typeHint}; ${full}`;
}

/** `schema` (a name to look up), refusing the words a DNS tool would read as a type or class. */
export function lookupName<Schema extends z.ZodType<string, string>>(schema: Schema, typeHint: string) {
  return schema.superRefine((word, context) => {
    const problem = queryWordProblem(word, typeHint);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  });
}
