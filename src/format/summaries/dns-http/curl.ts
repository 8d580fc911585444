import type { WaterfallChart } from '../../chart-data.js';
import type { Measure, Summarizer, Summary } from '../summary.js';
import { formatMs } from './format-ms.js';
import { reasonPhrase } from './http-reasons.js';

/** What curl's `-w '%{json}'` line holds that the summary reads (curl 7.70 and later). */
interface CurlTiming {
  readonly http_code?: number;
  readonly http_version?: string;
  readonly remote_ip?: string;
  readonly remote_port?: number;
  readonly url_effective?: string;
  readonly scheme?: string | null;
  readonly errormsg?: string | null;
  readonly exitcode?: number;
  readonly num_redirects?: number;
  readonly redirect_url?: string | null;
  readonly content_type?: string | null;
  readonly ssl_verify_result?: number;
  readonly certs?: string;
  readonly time_namelookup?: number;
  readonly time_connect?: number;
  readonly time_appconnect?: number;
  readonly time_pretransfer?: number;
  readonly time_starttransfer?: number;
  readonly time_redirect?: number;
  readonly time_total?: number;
  readonly size_download?: number;
}

/** The timing line: the last line of stdout that parses as curl's JSON. */
function timingOf(stdout: string): CurlTiming | undefined {
  const last = stdout.trimEnd().split('\n').pop() ?? '';
  if (!last.startsWith('{')) return undefined;
  try {
    const timing = JSON.parse(last) as CurlTiming;
    return typeof timing.time_total === 'number' ? timing : undefined;
  } catch {
    // dropped: not curl's JSON (a body that ends in `{`): no summary, the raw output speaks.
    return undefined;
  }
}

/** `host:port` of the URL asked for: on a failed connect curl leaves remote_ip empty. */
function destinationOf(timing: CurlTiming): string {
  if (timing.remote_ip) {
    const ip = timing.remote_ip.includes(':') ? `[${timing.remote_ip}]` : timing.remote_ip;
    return `${ip}:${timing.remote_port}`;
  }
  try {
    const url = new URL(timing.url_effective ?? '');
    return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  } catch {
    // dropped: no usable URL in the timing line; the words still say what failed.
    return 'the server';
  }
}

const isHttps = (timing: CurlTiming) =>
  timing.scheme?.toUpperCase() === 'HTTPS' || /^https:/i.test(timing.url_effective ?? '');

interface Phase {
  readonly name: string;
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * curl's times are cumulative from the start; the phases are their differences. No TLS phase for
 * plain HTTP (time_appconnect is 0 there, which is not a TLS handshake of 0 ms).
 */
function phasesOf(timing: CurlTiming): Phase[] {
  // Microseconds are what curl measures: no float noise (0.1 + 0.2) in the chart's data.
  const at = (seconds: number | undefined) => Math.round((seconds ?? 0) * 1_000_000) / 1000;
  const dns = at(timing.time_namelookup);
  const connect = Math.max(dns, at(timing.time_connect));
  const tls = isHttps(timing) ? Math.max(connect, at(timing.time_appconnect)) : connect;
  const firstByte = Math.max(tls, at(timing.time_starttransfer));
  const total = Math.max(firstByte, at(timing.time_total));
  return [
    { name: 'DNS', startMs: 0, endMs: dns },
    { name: 'connect', startMs: dns, endMs: connect },
    ...(isHttps(timing) ? [{ name: 'TLS', startMs: connect, endMs: tls }] : []),
    { name: 'first byte', startMs: tls, endMs: firstByte },
    { name: 'transfer', startMs: firstByte, endMs: total },
  ];
}

/** "DNS 0.0 ms · connect 0.2 ms · first byte 12 ms · total 15 ms": cumulative, as curl counts. */
function timingLine(phases: readonly Phase[]): string {
  const named = phases.filter((phase) => phase.name !== 'transfer');
  const total = phases[phases.length - 1]?.endMs ?? 0;
  return [...named.map((phase) => `${phase.name} ${formatMs(phase.endMs)}`), `total ${formatMs(total)}`].join(
    ' · ',
  );
}

/** The reason curl gives on the status line when -i or -I showed it, else the standard one. */
function reasonOf(stdout: string, code: number): string {
  const lines = [...stdout.matchAll(new RegExp(`^HTTP/[\\d.]+ ${code}(?: ([^\\r\\n]*))?\\r?$`, 'gm'))];
  return lines[lines.length - 1]?.[1]?.trim() || reasonPhrase(code);
}

/** The first certificate curl saw (https): "CN = api.example.com, expires Feb 28 08:15:32 2027 GMT". */
function certificateFact(timing: CurlTiming): string | undefined {
  const subject = /^Subject:(.+)$/m.exec(timing.certs ?? '')?.[1];
  const expires = /^Expire date:(.+)$/m.exec(timing.certs ?? '')?.[1];
  if (!subject) return undefined;
  return `certificate ${subject.trim()}${expires ? `, expires ${expires.trim()}` : ''}`;
}

/** An error in the words someone on call uses, from curl's exit code and message. */
function describeError(timing: CurlTiming, exitCode: number | null): { headline: string; measure: string } {
  const where = destinationOf(timing);
  const message = timing.errormsg ?? '';
  const code = timing.exitcode ?? exitCode ?? 0;
  if (code === 7) {
    if (/no route to host/i.test(message)) return { headline: `no route to ${where}`, measure: 'no route' };
    if (/network is unreachable/i.test(message))
      return { headline: `${where}: network unreachable`, measure: 'unreachable' };
    // curl 7.88 says "Couldn't connect to server" for both; a refusal (a RST) comes at once, while an
    // address nobody holds fails only when ARP or the route gives up, seconds later.
    const afterMs = Number(/after (\d+) ms/.exec(message)?.[1] ?? 0);
    if (afterMs >= 1000)
      return {
        headline: `${where} unreachable after ${formatMs(afterMs)} (host down or no route)`,
        measure: 'unreachable',
      };
    return { headline: `${where} refused the connection`, measure: 'connection refused' };
  }
  if (code === 28) {
    const within = `within ${formatSeconds(timing.time_total ?? 0)}`;
    if (!timing.time_connect) return { headline: `no answer from ${where} ${within}`, measure: 'timeout' };
    return { headline: `${where} did not finish answering ${within}`, measure: 'timeout' };
  }
  if (code === 6)
    return { headline: `could not resolve ${hostOf(timing) ?? 'the host'}`, measure: 'unresolved' };
  if (code === 52)
    return { headline: `${where} closed the connection without a reply`, measure: 'empty reply' };
  if (code === 56 && /reset/i.test(message))
    return { headline: `${where} reset the connection`, measure: 'reset' };
  const certificate = /SSL certificate problem: (.+)/.exec(message)?.[1];
  if (certificate) return { headline: `TLS: ${certificate}`, measure: `TLS: ${certificate}` };
  if (code === 35 || code === 60 || code === 51 || code === 58 || code === 77 || code === 83)
    return { headline: `TLS with ${where} failed: ${message}`, measure: 'TLS error' };
  return { headline: message || `curl failed (exit ${code})`, measure: `exit ${code}` };
}

function hostOf(timing: CurlTiming): string | undefined {
  try {
    return new URL(timing.url_effective ?? '').hostname;
  } catch {
    // dropped: no URL to name; the caller says "the host".
    return undefined;
  }
}

/** 2.5 s, 30 s: the time limit as people say it. */
function formatSeconds(seconds: number): string {
  return `${Math.round(seconds * 10) / 10} s`;
}

/**
 * curl with `-w '\n%{json}\n'` (commands/curl.ts): the last line of stdout is curl's own account of
 * the transfer; the status, the error, the timing phases and the certificate come from it.
 */
export const summarizeCurl: Summarizer = (result) => {
  const timing = timingOf(result.stdout);
  if (!timing) return undefined;
  const totalMs = (timing.time_total ?? 0) * 1000;
  const status = timing.http_code ?? 0;
  if (timing.errormsg && status === 0) {
    const { headline, measure } = describeError(timing, result.exitCode);
    return {
      tone: 'broken',
      headline,
      facts: [
        `curl: ${timing.errormsg}`,
        ...(measure === 'timeout' ? [] : [`gave up after ${formatMs(totalMs)}`]),
      ],
      measures: [{ key: 'http.status', label: 'HTTP status', value: measure }],
    };
  }
  const phases = phasesOf(timing);
  const firstByteMs = phases.find((phase) => phase.name === 'first byte')?.endMs ?? 0;
  const reason = reasonOf(result.stdout, status);
  const location = status >= 300 && status < 400 && timing.redirect_url ? ` → ${timing.redirect_url}` : '';
  const measures: Measure[] = [
    { key: 'http.status', label: 'HTTP status', value: status },
    { key: 'time.total', label: 'total time', value: round(totalMs), unit: 'ms' },
    { key: 'time.first_byte', label: 'time to first byte', value: round(firstByteMs), unit: 'ms' },
  ];
  const chart: WaterfallChart = {
    kind: 'waterfall',
    title: `curl timing of ${timing.url_effective ?? 'the request'}`,
    phases,
  };
  const size = timing.size_download ?? 0;
  // An answer that began but did not finish (the body stalled, the connection dropped) is broken
  // whatever its status; -f's own error (exit 22) only repeats the status.
  const cutShort = Boolean(timing.errormsg) && (timing.exitcode ?? result.exitCode) !== 22;
  const summary: Summary = {
    tone: cutShort || status >= 500 ? 'broken' : status >= 400 ? 'degraded' : 'ok',
    headline: `HTTP ${status}${reason ? ` ${reason}` : ''}${location}${cutShort ? `, ${cutShortWords(timing)}` : ` in ${formatMs(totalMs)}`}`,
    facts: [
      `from ${destinationOf(timing)}${timing.http_version && timing.http_version !== '0' ? ` over HTTP/${timing.http_version === '1' ? '1.0' : timing.http_version}` : ''}`,
      timingLine(phases),
      ...(timing.num_redirects
        ? [`followed ${timing.num_redirects} redirect${timing.num_redirects > 1 ? 's' : ''}`]
        : []),
      `${size} bytes${timing.content_type ? ` of ${timing.content_type}` : ''}`,
      ...(isHttps(timing) ? [certificateFact(timing)].filter((fact): fact is string => Boolean(fact)) : []),
      ...(isHttps(timing) && timing.ssl_verify_result
        ? [`-k accepted a certificate curl would refuse: ${verifyProblem(timing.ssl_verify_result)}`]
        : []),
      ...(timing.errormsg ? [`curl: ${timing.errormsg}`] : []),
    ],
    measures,
    charts: [chart],
  };
  return summary;
};

/** "but the answer stalled: 7 of 1000 bytes within 2.5 s", or curl's own words for another end. */
function cutShortWords(timing: CurlTiming): string {
  const bytes = /with (\d+) out of (\d+) bytes received/.exec(timing.errormsg ?? '');
  if (timing.exitcode === 28 && bytes)
    return `but the answer stalled: ${bytes[1]} of ${bytes[2]} bytes within ${formatSeconds(timing.time_total ?? 0)}`;
  if (timing.exitcode === 28)
    return `but the answer stalled: not done within ${formatSeconds(timing.time_total ?? 0)}`;
  return `then curl: ${timing.errormsg ?? ''}`;
}

/** OpenSSL's verify results that curl reports in ssl_verify_result, the common ones by name. */
function verifyProblem(code: number): string {
  const problems: Readonly<Record<number, string>> = {
    10: 'certificate has expired',
    18: 'self-signed certificate',
    19: 'self-signed certificate in the chain',
    20: 'unable to get local issuer certificate',
    21: 'unable to verify the first certificate',
    62: 'hostname mismatch',
  };
  return problems[code] ?? `verify error ${code}`;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** The body (or headers with -I) without the timing line, for the raw part. */
export function withoutCurlTiming(stdout: string): string {
  const lines = stdout.trimEnd().split('\n');
  const last = lines[lines.length - 1] ?? '';
  return last.startsWith('{') && last.includes('"time_total"') ? lines.slice(0, -1).join('\n') : stdout;
}
