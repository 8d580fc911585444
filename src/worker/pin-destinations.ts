import { isIP } from 'node:net';
import type { JobPlan } from '../catalogue/plan.js';
import { forbiddenDestination, isAddressLiteral, rawUrlHost } from '../catalogue/forbidden-destinations.js';
import { ForbiddenError, InvalidInputError, TargetUnavailableError } from '../errors.js';
import type { Session } from '../executors/executor.js';
import { formatTarget } from '../grammar/target.js';

/**
 * The run-time half of the metadata rule (issue 12, item 7; the spelling half is
 * src/catalogue/forbidden-destinations.ts). A NAME a user gave to a tool that exchanges data (curl's
 * and ab's URL host, nc's and tls's host) could resolve to a cloud metadata address. Before the tool
 * runs, the name is resolved where the tool runs (`getent ahosts` in the same session, so the
 * target's resolv.conf, search domains and /etc/hosts apply); any forbidden address refuses the job,
 * and the address checked is pinned into the argv (curl --resolve, ab's URL with a Host header, nc's
 * and openssl's address), so a second answer from DNS (rebinding) cannot send the tool elsewhere.
 */

type Args = Readonly<Record<string, unknown>>;

interface Pinning {
  /** The name to check, or undefined when the tool is given an address (or a target, resolved already). */
  readonly name: (args: Args) => string | undefined;
  /** The arguments with `address` in place of the name. */
  readonly pin: (args: Args, name: string, address: string) => Args;
}

/**
 * The name in a URL, if it has one. The URL standard reads `http://10.0.0.1./` as an address, curl
 * as a name it looks up: a host that either reads as a name is a name.
 */
const urlName = (args: Args): string | undefined => {
  const parsed = new URL(String(args.url)).hostname.replace(/^\[(.*)\]$/, '$1');
  const raw = rawUrlHost(String(args.url))
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  if (!isAddressLiteral(raw)) return raw;
  return isAddressLiteral(parsed) ? undefined : parsed;
};

const urlPort = (args: Args): string => {
  const url = new URL(String(args.url));
  return url.port || (url.protocol === 'https:' ? '443' : '80');
};

const hostName = (args: Args): string | undefined =>
  typeof args.host === 'string' && !isAddressLiteral(args.host) ? args.host : undefined;

const bracketed = (address: string) => (isIP(address) === 6 ? `[${address}]` : address);

const pinnings = new Map<string, Pinning>([
  [
    'curl',
    {
      // A --resolve the user gave for the URL's name and port was checked with the arguments already.
      name: (args) => {
        const name = urlName(args);
        const pinned = (args.resolve as string[] | undefined) ?? [];
        return name !== undefined &&
          pinned.some((entry) => entry.toLowerCase().startsWith(`${name}:${urlPort(args)}:`))
          ? undefined
          : name;
      },
      pin: (args, name, address) => {
        const port = urlPort(args);
        // curl may read the name with or without its trailing dot: pin every spelling it may look up.
        const spellings = new Set([name, name.replace(/\.$/, '')]);
        const pins = [...spellings].map((spelling) => `${spelling}:${port}:${bracketed(address)}`);
        return { ...args, resolve: [...((args.resolve as string[] | undefined) ?? []), ...pins] };
      },
    },
  ],
  [
    'ab',
    {
      name: urlName,
      // ab has no --resolve: the URL carries the address and the Host header the name.
      pin: (args, name, address) => {
        const url = new URL(String(args.url));
        const headers = (args.headers as string[] | undefined) ?? [];
        const hasHost = headers.some((header) => /^host\s*:/i.test(header));
        const host = url.host;
        url.hostname = bracketed(address);
        return { ...args, url: url.href, headers: hasHost ? headers : [...headers, `Host: ${host}`] };
      },
    },
  ],
  ['nc', { name: hostName, pin: (args, _name, address) => ({ ...args, host: address }) }],
  [
    'tls',
    {
      name: hostName,
      // The certificate is asked for by name (SNI) as before; only the connection goes to the address.
      pin: (args, name, address) => ({ ...args, host: address, sni: args.sni ?? name }),
    },
  ],
]);

export interface PinOptions {
  readonly signal: AbortSignal;
}

const resolveTimeoutMs = 10_000;

/** `plan` with its user-given destination name checked and pinned; the plan itself when there is none. */
export async function pinDestinations(
  plan: JobPlan,
  session: Session,
  { signal }: PinOptions,
): Promise<JobPlan> {
  const pinning = pinnings.get(plan.command.name);
  const name = pinning?.name(plan.args);
  if (!pinning || name === undefined) return plan;
  const where = formatTarget(session.target);
  // A name with a trailing dot is looked up in /etc/hosts without it by some resolvers and not by
  // others: both spellings are checked, and every address either gives.
  const spellings = [...new Set([name, name.replace(/\.$/, '')])];
  const addresses: string[] = [];
  for (const spelling of spellings) {
    addresses.push(...(await lookUp(session, spelling, where, signal)));
  }
  for (const address of addresses) {
    const reason = forbiddenDestination(address);
    if (reason !== undefined)
      throw new ForbiddenError(`'${name}' resolves in ${where} to ${address}: ${reason}`);
  }
  const family = plan.args.ipv4 === true ? 4 : plan.args.ipv6 === true ? 6 : undefined;
  const address = addresses.find((candidate) => family === undefined || isIP(candidate) === family);
  if (address === undefined) {
    // A name that does not resolve now is not pinned, and could answer differently once the tool asks.
    throw new InvalidInputError(
      `'${name}' does not resolve${family ? ` to an IPv${family} address` : ''} in ${where}, so it cannot be checked before ${plan.command.name} runs`,
      ['check the name (dig or nslookup in the same target shows what it resolves to), or give the address'],
    );
  }
  return { ...plan, args: pinning.pin(plan.args, name, address) };
}

/** The addresses `getent ahosts` gives for `name` in the session, in the resolver's order. */
async function lookUp(session: Session, name: string, where: string, signal: AbortSignal): Promise<string[]> {
  const result = await session.run(['getent', 'ahosts', name], { timeoutMs: resolveTimeoutMs, signal });
  const addresses = result.stdout
    .split('\n')
    .map((line) => line.split(/\s+/)[0] ?? '')
    .filter((address) => isIP(address) !== 0);
  if (addresses.length === 0 && result.exitCode !== 2) {
    // getent says 2 for a name it does not know; anything else is the check failing, not the name.
    throw new TargetUnavailableError(
      `could not check where '${name}' points in ${where} (getent ahosts ended with ${String(result.exitCode)}: ${result.stderr.trim()})`,
    );
  }
  return [...new Set(addresses)];
}
