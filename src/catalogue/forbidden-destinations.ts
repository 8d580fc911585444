import { isIP } from 'node:net';

/**
 * Destinations no read tool may reach (issue 12, item 7): the cloud metadata services. They answer
 * anyone on the host's network with the instance's credentials, and a node toolbox has the host's
 * network, so a `curl` to one would bring tokens back into Slack. They are refused as a class, in
 * every spelling a resolver would accept: each address is read the way glibc's inet_aton and
 * getaddrinfo read it (decimal, hex, octal, short forms, IPv4 inside IPv6), names in any case with
 * trailing dots. A name that only resolves to one at run time is the worker's check
 * (src/worker/pin-destinations.ts).
 */

/** Why `host` (a name or an address as a tool would read it) is refused, or undefined. */
export function forbiddenDestination(host: string): string | undefined {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  const address = readAddress(bare);
  if (address !== undefined) {
    const reason = forbiddenAddress(address);
    if (reason === undefined) return undefined;
    const spelled = address.text === bare ? bare : `'${bare}' is ${address.text}, and ${address.text}`;
    return `${spelled} is ${reason} (it hands out the machine's credentials): refused`;
  }
  const name = bare.toLowerCase().replace(/\.+$/, '');
  if (metadataNames.has(name)) {
    return `'${host}' is the name of a cloud metadata service (it hands out the machine's credentials): refused`;
  }
  return undefined;
}

/** An address a tool would connect to: IPv4 as a 32-bit number, or IPv6 as 8 hextets. */
type Address =
  | { readonly family: 4; readonly value: number; readonly text: string }
  | { readonly family: 6; readonly hextets: readonly number[]; readonly text: string };

/**
 * Names of metadata services, lower case without the trailing dot. GCP answers `metadata`,
 * `metadata.google.internal` and `metadata.goog`; AWS `instance-data` (and its ec2.internal form);
 * Tencent, Equinix Metal and others name theirs below. Azure, Oracle, DigitalOcean, Hetzner and
 * OpenStack have no name but 169.254.169.254, which the address rule covers.
 */
const metadataNames = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.tencentyun.com',
  'metadata.packet.net',
  'metadata.platformequinix.com',
]);

function forbiddenAddress(address: Address): string | undefined {
  if (address.family === 4) return forbiddenIpv4(address.value);
  const [a, b, c, d, e, f, g, h] = address.hextets as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const embedded = (g << 16) | h;
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), 64:ff9b::a.b.c.d (NAT64): the IPv4 inside is reached.
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && (f === 0xffff || f === 0)) {
    return forbiddenIpv4(embedded >>> 0);
  }
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0)
    return forbiddenIpv4(embedded >>> 0);
  // AWS's IPv6 metadata endpoints: fd00:ec2::254 (instance), fd00:ec2::23 (EKS pod identity).
  if (a === 0xfd00 && b === 0x0ec2) return 'a cloud metadata address (AWS, fd00:ec2::/32)';
  return undefined;
}

function forbiddenIpv4(value: number): string | undefined {
  const text = ipv4Text(value);
  if (value >>> 16 === 0xa9fe) {
    return text === '169.254.169.254' || text === '169.254.170.2' || text === '169.254.170.23'
      ? 'a cloud metadata address'
      : 'a link-local address, where cloud metadata services live (169.254.0.0/16)';
  }
  if (text === '100.100.100.200') return 'a cloud metadata address (Alibaba Cloud)';
  if (text === '168.63.129.16') return "Azure's host agent address (WireServer)";
  return undefined;
}

function ipv4Text(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** `host` read as an address the way a resolver reads it, or undefined for a name. */
export function readAddress(host: string): Address | undefined {
  const v4 = inetAton(host);
  if (v4 !== undefined) return { family: 4, value: v4, text: ipv4Text(v4) };
  const v6 = host.replace(/%.*$/, '');
  if (isIP(v6) !== 6) return undefined;
  const hextets = expandIpv6(v6);
  return hextets ? { family: 6, hextets, text: host } : undefined;
}

/**
 * glibc's inet_aton: one to four parts, each decimal, octal (leading 0) or hex (0x); the last part
 * fills the bytes left (`169.254.43518`, `2852039166`). getaddrinfo reads numeric hosts with it, so
 * nc, openssl and curl all connect to what this returns. One trailing dot is read as none, since a
 * resolver would try the same digits as a name.
 */
export function inetAton(host: string): number | undefined {
  const text = host.endsWith('.') ? host.slice(0, -1) : host;
  const parts = text.split('.');
  if (parts.length > 4) return undefined;
  const numbers: number[] = [];
  for (const part of parts) {
    let value: number;
    if (/^0x[0-9a-f]+$/i.test(part)) value = parseInt(part.slice(2), 16);
    else if (/^0[0-7]*$/.test(part)) value = parseInt(part, 8);
    else if (/^[1-9][0-9]*$/.test(part)) value = Number(part);
    else return undefined;
    if (!Number.isSafeInteger(value)) return undefined;
    numbers.push(value);
  }
  const last = numbers.pop()!;
  if (numbers.some((part) => part > 255)) return undefined;
  const lastBits = 32 - 8 * numbers.length;
  if (last >= 2 ** lastBits) return undefined;
  const head = numbers.reduce((sum, part, index) => sum + part * 2 ** (24 - 8 * index), 0);
  return head + last;
}

/** `fd00:ec2::254` or `::ffff:169.254.169.254` as 8 hextets (isIP has checked the syntax). */
function expandIpv6(text: string): number[] | undefined {
  let body = text.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (dotted) {
    const v4 = inetAton(dotted[1]!);
    if (v4 === undefined) return undefined;
    body = `${body.slice(0, dotted.index)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [left = '', right] = body.split('::');
  const head = left === '' ? [] : left.split(':');
  const tail = right === undefined || right === '' ? [] : right.split(':');
  const fill = right === undefined ? 0 : 8 - head.length - tail.length;
  const hextets = [...head, ...Array<string>(fill).fill('0'), ...tail].map((part) => parseInt(part, 16));
  return hextets.length === 8 && hextets.every((part) => part >= 0 && part <= 0xffff) ? hextets : undefined;
}

/**
 * Whether a resolver reads `host` as an address without asking DNS: inet_aton's forms (no trailing
 * dot: `10.0.0.1.` is looked up as a name) or an IPv6 literal. Anything else is a name.
 */
export function isAddressLiteral(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  return !bare.endsWith('.') && readAddress(bare) !== undefined;
}

/** The host of a URL as written, between `//` and the path, without userinfo, port or brackets. */
export function rawUrlHost(url: string): string {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url)?.[1] ?? '';
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  return hostPort.startsWith('[')
    ? hostPort.slice(0, hostPort.indexOf(']') + 1)
    : hostPort.replace(/:\d*$/, '');
}

/**
 * The hosts an http(s) URL may reach, each as curl or ab might read it: the WHATWG parse (which turns
 * decimal, hex and octal IPv4 into dotted form) and the raw authority between `//` and the path, with
 * userinfo cut at the last `@`. Where two parsers could disagree, both are checked.
 */
export function urlHosts(url: string): string[] {
  const hosts = new Set<string>();
  try {
    hosts.add(new URL(url).hostname);
  } catch {
    // dropped: the URL schema refuses what does not parse; the raw reading below still runs
  }
  const host = rawUrlHost(url);
  if (host !== '') hosts.add(decodeURIComponentSafe(host));
  return [...hosts];
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // dropped: a malformed escape is no host anyone resolves; checked as written instead
    return text;
  }
}

/** Why a URL is refused for where it points, or undefined. */
export function forbiddenUrl(url: string): string | undefined {
  for (const host of urlHosts(url)) {
    const reason = forbiddenDestination(host);
    if (reason !== undefined) return reason;
  }
  return undefined;
}
