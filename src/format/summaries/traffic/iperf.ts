import type { Summarizer } from '../summary.js';

/**
 * iperf 2 client text: the last interval line, which covers the whole test, and the connection line.
 * ("[  1] 0.0000-2.0163 sec  2.22 GBytes  9.46 Gbits/sec")
 */
export const summarizeIperf: Summarizer = (result) => {
  const text = result.stdout;
  const intervals = [
    ...text.matchAll(/^\[\s*(\w+)\]\s+([\d.]+)-([\d.]+) sec\s+([\d.]+ \w?Bytes)\s+([\d.]+ \w?bits\/sec)/gm),
  ];
  const total = intervals.find((match) => match[1] === 'SUM') ?? intervals[intervals.length - 1];
  if (!total) {
    const failed = /connect failed: (.+)/.exec(text + result.stderr)?.[1];
    return failed ? { tone: 'broken', headline: `iperf: connect failed: ${failed}`, facts: [] } : undefined;
  }
  const connection = /local (\S+) port \d+ connected with (\S+) port (\d+)/.exec(text);
  const path = connection ? `${connection[1]} -> ${connection[2]}:${connection[3]}` : 'the path';
  return {
    tone: 'ok',
    headline: `${total[5]} over ${path}`,
    facts: [`${total[4]} in ${(Number(total[3]) - Number(total[2])).toFixed(1)} s`],
  };
};
