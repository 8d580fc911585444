import type { Summarizer } from '../summary.js';

interface CurlTiming {
  readonly http_code?: number;
  readonly remote_ip?: string;
  readonly remote_port?: number;
  readonly url_effective?: string;
  readonly errormsg?: string | null;
  readonly time_namelookup?: number;
  readonly time_connect?: number;
  readonly time_appconnect?: number;
  readonly time_starttransfer?: number;
  readonly time_total?: number;
  readonly size_download?: number;
}

const ms = (seconds: number | undefined) => `${Math.round((seconds ?? 0) * 1000 * 10) / 10} ms`;

/** curl with `-w '%{json}'`: the last line of stdout is the timing breakdown (SPEC 3). */
export const summarizeCurl: Summarizer = (result) => {
  const last = result.stdout.trimEnd().split('\n').pop() ?? '';
  let timing: CurlTiming;
  try {
    timing = JSON.parse(last) as CurlTiming;
  } catch {
    // dropped: no JSON timing line (curl failed early, or no -w): no summary, the raw output speaks.
    return undefined;
  }
  if (typeof timing.time_total !== 'number') return undefined;
  const target = timing.url_effective ?? 'the URL';
  if (timing.errormsg)
    return {
      tone: 'broken',
      headline: `${target}: ${timing.errormsg}`,
      facts: [`total ${ms(timing.time_total)}`],
    };
  return {
    tone: 'ok',
    headline: `${target}: HTTP ${timing.http_code} from ${timing.remote_ip}:${timing.remote_port} in ${ms(timing.time_total)}`,
    facts: [
      `dns ${ms(timing.time_namelookup)}, connect ${ms(timing.time_connect)}, tls ${ms(timing.time_appconnect)}, first byte ${ms(timing.time_starttransfer)}, total ${ms(timing.time_total)}`,
      `${timing.size_download ?? 0} bytes downloaded`,
    ],
  };
};

/** The body (or headers with -I) without the timing line, for the raw part. */
export function withoutCurlTiming(stdout: string): string {
  const lines = stdout.trimEnd().split('\n');
  const last = lines[lines.length - 1] ?? '';
  return last.startsWith('{') && last.includes('"time_total"') ? lines.slice(0, -1).join('\n') : stdout;
}
