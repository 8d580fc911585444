import type { Measure, PartialOutput, Summarizer, Summary } from '../summary.js';

/** `Label:   value` of ab's report, the first number of it. */
function numberAfter(text: string, label: string): number | undefined {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const found = new RegExp(`^${escaped}:\\s+([\\d.]+)`, 'm').exec(text)?.[1];
  return found === undefined ? undefined : Number(found);
}

/** The URL ab was given: its last word (commands/ab.ts puts it last). */
function targetOf(argv: readonly string[]): { where: string; url: string } {
  const url = argv[argv.length - 1] ?? '';
  try {
    const parsed = new URL(url);
    return {
      where: `${parsed.hostname}:${parsed.port || (parsed.protocol === 'https:' ? '443' : '80')}`,
      url,
    };
  } catch {
    // dropped: not a URL (cannot happen through the catalogue); the words name "the server".
    return { where: 'the server', url };
  }
}

/** ab stops at the first connection error: `apr_socket_recv: Connection refused (111)` on stderr. */
function failure(stderr: string, where: string): Summary | undefined {
  const found = /^apr_[a-z_]+(?:\(\))?: (.+?) \((\d+)\)$/m.exec(stderr);
  if (!found) return undefined;
  const [, message = '', code = ''] = found;
  const headline =
    code === '111'
      ? `${where} refused the connection`
      : code === '104'
        ? `${where} reset the connection`
        : code === '70007'
          ? `${where} stopped answering (ab's time limit per request passed)`
          : code === '113'
            ? `no route to ${where}`
            : `${where}: ${message}`;
  return {
    tone: 'broken',
    headline,
    facts: [`ab: ${message} (${code})`, 'the benchmark stopped at the first connection error'],
    measures: [{ key: 'failed', label: 'failed requests', value: 'all' }],
  };
}

/**
 * ApacheBench's report: requests per second, failed and non-2xx requests, and the latency
 * percentiles. Some failed or non-2xx requests degrade the run; all of them is broken.
 */
export const summarizeAb: Summarizer = (result) => {
  const text = result.stdout;
  const { where } = targetOf(result.argv);
  const failed = failure(result.stderr, where);
  if (failed) return failed;
  const rps = numberAfter(text, 'Requests per second');
  const complete = numberAfter(text, 'Complete requests');
  if (rps === undefined || complete === undefined) return undefined;
  const failedCount = numberAfter(text, 'Failed requests') ?? 0;
  const non2xx = numberAfter(text, 'Non-2xx responses') ?? 0;
  const percentiles = new Map(
    [...text.matchAll(/^\s+(\d+)%\s+(\d+)/gm)].map((found) => [Number(found[1]), Number(found[2])]),
  );
  const p50 = percentiles.get(50);
  const p99 = percentiles.get(99);
  const longest = percentiles.get(100);
  const concurrency = numberAfter(text, 'Concurrency Level');
  const seconds = numberAfter(text, 'Time taken for tests');
  const meanMs = numberAfter(text, 'Time per request');
  const kinds = /^Failed requests:.*\n\s+\(([^)]*)\)/m.exec(text)?.[1];
  const bad = Math.max(failedCount, non2xx);
  const tone: Summary['tone'] = bad === 0 ? 'ok' : bad >= complete ? 'broken' : 'degraded';
  const problems = [
    ...(non2xx ? [`${non2xx} of ${complete} responses not 2xx`] : []),
    ...(failedCount ? [`${failedCount} failed`] : []),
  ];
  const measures: Measure[] = [
    { key: 'rps', label: 'requests/s', value: rps },
    ...(p99 === undefined ? [] : [{ key: 'latency.p99', label: 'p99 latency', value: p99, unit: 'ms' }]),
    ...(p50 === undefined ? [] : [{ key: 'latency.p50', label: 'median latency', value: p50, unit: 'ms' }]),
    { key: 'failed', label: 'failed requests', value: failedCount },
    { key: 'non2xx', label: 'non-2xx responses', value: non2xx },
  ];
  return {
    tone,
    headline: `${Math.round(rps)} requests/s, p99 ${p99 ?? '?'} ms${problems.length ? `, ${problems.join(', ')}` : ', none failed'}`,
    facts: [
      `${complete} requests${concurrency ? `, ${concurrency} at a time` : ''}${seconds === undefined ? '' : `, in ${seconds} s`}`,
      `latency p50 ${p50 ?? '?'} ms · p90 ${percentiles.get(90) ?? '?'} ms · p99 ${p99 ?? '?'} ms · max ${longest ?? '?'} ms${meanMs === undefined ? '' : ` (mean ${meanMs} ms)`}`,
      ...(failedCount && kinds ? [`failed: ${kinds}`] : []),
      ...(/^Server Software:\s+(\S.*)$/m.exec(text)?.[1]
        ? [`server ${/^Server Software:\s+(\S.*)$/m.exec(text)?.[1]?.trim()}`]
        : []),
    ],
    measures,
  };
};

/** ab says `Completed 100 requests` on stderr every tenth of a run above 150 requests. */
export function describeAbProgress(partial: PartialOutput): string | undefined {
  const done = [...partial.stderr.matchAll(/^Completed (\d+) requests$/gm)].pop()?.[1];
  if (!done) return undefined;
  const asked = partial.argv[partial.argv.indexOf('-n') + 1];
  return `${done}${asked && partial.argv.includes('-n') ? ` of ${asked}` : ''} requests done`;
}
