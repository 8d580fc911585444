import { isIP } from 'node:net';
import type { ProbeSession } from './ports.js';
import type { Budget } from './budget.js';
import type { LayerFinding, ProbeAddress } from './diagnosis.js';
import { runProbe, toolSeconds, transcriptsOf, type Probe } from './probe.js';

export interface AppResult {
  readonly finding: LayerFinding;
  /** Connected, then nothing came back to a request: what a packet size problem looks like. */
  readonly silent: boolean;
}

const askMs = 4000;

/**
 * The application layer, at the first address that accepted a connection: an HTTP GET and a TLS
 * handshake at once (the port's number does not say what it speaks), then HTTPS when TLS answered.
 * A port that speaks neither is `unchecked`, not `ok`: the connection works, but nothing here can
 * tell whether the application behind it does.
 */
export async function checkApp(
  session: ProbeSession,
  budget: Budget,
  at: ProbeAddress & { port: number },
  hostName: string | undefined,
): Promise<AppResult> {
  const [http, tls] = await Promise.all([
    runProbe(session, (ms) => curlArgv('http', at, hostName, ms), budget, askMs),
    runProbe(session, tlsArgv(at, hostName), budget, askMs),
  ]);
  const where = `${hostPort(at)} (${at.label})`;
  if (tls && /CONNECTION ESTABLISHED/.test(tls.output)) {
    const https = await runProbe(session, (ms) => curlArgv('https', at, hostName, ms), budget, askMs);
    return { silent: false, finding: judgeTls(where, tls, https, [http, tls, https]) };
  }
  const status = httpStatus(http);
  const transcripts = transcriptsOf([http, tls]);
  if (status !== undefined) {
    const finding: LayerFinding =
      status >= 500
        ? {
            layer: 'app',
            status: 'fail',
            evidence: `HTTP ${status} from ${where}: the application answers, with an error`,
            transcripts,
          }
        : { layer: 'app', status: 'ok', evidence: `HTTP ${status} from ${where}`, transcripts };
    return { silent: false, finding };
  }
  if (!http && !tls)
    return {
      silent: false,
      finding: { layer: 'app', status: 'unchecked', evidence: budget.exhausted() ?? 'no probe ran' },
    };
  const silent = isTimeout(http) && (tls === undefined || isTimeout(tls));
  const evidence = silent
    ? `${where} connects but answered neither an HTTP request nor a TLS hello within ${toolSeconds(askMs)} s: not HTTP or TLS, or large packets are lost`
    : `${where} speaks neither HTTP nor TLS (${lastLine(http)}): nothing more to check here`;
  return { silent, finding: { layer: 'app', status: 'unchecked', evidence, transcripts } };
}

function judgeTls(
  where: string,
  tls: Probe,
  https: Probe | undefined,
  probes: (Probe | undefined)[],
): LayerFinding {
  const transcripts = transcriptsOf(probes);
  const protocol = /Protocol version: (\S+)/.exec(tls.output)?.[1] ?? 'TLS';
  const verifyError = /Verification error: (.+)/.exec(tls.output)?.[1]?.trim();
  const status = httpStatus(https);
  const served = status === undefined ? 'no HTTP answer over it' : `HTTPS ${status}`;
  const base = `${protocol} handshake with ${where}; ${served}`;
  if (status !== undefined && status >= 500)
    return {
      layer: 'app',
      status: 'fail',
      evidence: `${base}: the application answers, with an error`,
      transcripts,
    };
  if (verifyError)
    return {
      layer: 'app',
      status: 'warn',
      evidence: `${base}; certificate not trusted: ${verifyError}`,
      transcripts,
    };
  return { layer: 'app', status: 'ok', evidence: base, transcripts };
}

function curlArgv(
  scheme: 'http' | 'https',
  at: ProbeAddress & { port: number },
  hostName: string | undefined,
  ms: number,
): string[] {
  return [
    'curl',
    '-sS',
    ...(scheme === 'https' ? ['-k'] : []),
    '-o',
    '/dev/null',
    '--max-time',
    String(toolSeconds(ms)),
    '-w',
    '%{http_code}\\n',
    // The name the user wrote, for servers that route by Host; the address keeps the request where the
    // reach layer connected.
    ...(hostName ? ['-H', `Host: ${hostName}`] : []),
    `${scheme}://${hostPort(at)}/`,
  ];
}

function tlsArgv(at: ProbeAddress & { port: number }, hostName: string | undefined): string[] {
  return [
    'openssl',
    's_client',
    '-brief',
    '-connect',
    hostPort(at),
    ...(hostName ? ['-servername', hostName] : ['-noservername']),
  ];
}

function httpStatus(probe: Probe | undefined): number | undefined {
  const code = probe?.result.stdout.trim().split('\n').pop();
  return code && /^[1-5]\d\d$/.test(code) ? Number(code) : undefined;
}

/** curl's 28 is its own --max-time; a probe killed at the budget timed out too. */
function isTimeout(probe: Probe | undefined): boolean {
  return (
    probe !== undefined &&
    (probe.result.timedOut || probe.result.exitCode === 28 || /timed out/i.test(probe.output))
  );
}

function lastLine(probe: Probe | undefined): string {
  return probe?.result.stderr.trim().split('\n').pop() || 'no answer';
}

function hostPort(at: ProbeAddress & { port: number }): string {
  return isIP(at.address) === 6 ? `[${at.address}]:${at.port}` : `${at.address}:${at.port}`;
}
