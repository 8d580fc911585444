/** What an `ip -j ...` argv asks (commands/ip.ts builds it): the object, the verb and what follows. */
export interface IpQuery {
  readonly object: string;
  readonly verb: 'show' | 'get';
  /** The selectors after the verb: `dev eth0`, `table 100`, the address of `route get`. */
  readonly selectors: readonly string[];
  readonly ipv6: boolean;
  readonly brief: boolean;
}

/** ip's abbreviations of the objects summarised, to the names commands/ip.ts writes. */
function objectOf(word: string): string {
  if (/^a(d(dr?|dress)?)?$/.test(word)) return 'address';
  if (/^r(o(ute)?)?$/.test(word)) return 'route';
  if (/^l(i(nk)?)?$/.test(word)) return 'link';
  if (/^n(e(igh(bou?r)?)?)?$/.test(word)) return 'neigh';
  if (/^ru(le)?$/.test(word)) return 'rule';
  return word;
}

export function readIpArgv(argv: readonly string[]): IpQuery | undefined {
  const words = argv.slice(1);
  const firstPlain = words.findIndex((word) => !word.startsWith('-'));
  if (firstPlain < 0) return undefined;
  const options = words.slice(0, firstPlain);
  const [object, verb, ...selectors] = words.slice(firstPlain);
  if (!object) return undefined;
  return {
    object: objectOf(object),
    verb: verb === 'get' ? 'get' : 'show',
    selectors,
    ipv6: options.includes('-6'),
    brief: options.includes('-br') || options.includes('-brief'),
  };
}
