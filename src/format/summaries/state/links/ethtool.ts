import type { Summarizer, Summary } from '../../summary.js';

/** `Key: value` lines of ethtool's reports, by key. */
function fieldsOf(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^\s*([^:]+):\s*(.*)$/.exec(line);
    if (match?.[1]) fields.set(match[1].trim(), (match[2] ?? '').trim());
  }
  return fields;
}

/** `ethtool IFACE`: speed, duplex and whether a link is detected (none means nothing gets through). */
function summarizeSettings(text: string): Summary | undefined {
  const name = /^Settings for (\S+):/m.exec(text)?.[1];
  const fields = fieldsOf(text);
  const link = fields.get('Link detected');
  if (!name || link === undefined) return undefined;
  const speed = fields.get('Speed') ?? 'Unknown!';
  const duplex = fields.get('Duplex') ?? 'Unknown!';
  const known = (value: string) => !/^Unknown/.test(value);
  // Half duplex on a modern link is a negotiation gone wrong: collisions and slow transfers.
  const half = duplex === 'Half';
  const rate = [known(speed) ? speed : '', known(duplex) ? `${duplex} duplex` : ''].filter(Boolean).join(' ');
  return {
    tone: link !== 'yes' ? 'broken' : half ? 'degraded' : 'ok',
    headline: link === 'yes' ? `link detected${rate ? `, ${rate}` : ''}` : 'no link detected',
    facts: [
      ...(half ? ['half duplex: a negotiation mismatch with the switch, most likely'] : []),
      ...(fields.has('Auto-negotiation') ? [`auto-negotiation ${fields.get('Auto-negotiation')}`] : []),
      ...(fields.has('Port') ? [`port ${fields.get('Port')}`] : []),
    ],
    measures: [
      { key: 'link', label: `${name} link`, value: link },
      { key: 'speed', label: `${name} speed`, value: speed },
      { key: 'duplex', label: `${name} duplex`, value: duplex },
    ],
  };
}

/** `ethtool -i IFACE`: the driver and its versions. */
function summarizeDriver(text: string): Summary | undefined {
  const fields = fieldsOf(text);
  const driver = fields.get('driver');
  if (!driver) return undefined;
  const version = fields.get('version');
  const firmware = fields.get('firmware-version');
  const bus = fields.get('bus-info');
  return {
    tone: 'ok',
    headline: `driver ${driver}${version ? ` ${version}` : ''}`,
    facts: [...(firmware ? [`firmware ${firmware}`] : []), ...(bus ? [`bus ${bus}`] : [])],
    measures: [
      { key: 'driver', label: 'driver', value: `${driver}${version ? ` ${version}` : ''}` },
      ...(firmware ? [{ key: 'firmware', label: 'firmware', value: firmware }] : []),
    ],
  };
}

/** Counters of `ethtool -S` whose growth means lost or damaged frames. */
const lossCounter = /(err|drop|discard|miss|fifo|crc|over|collision)/i;

/** `ethtool -S IFACE`: the NIC's counters; error and drop counters above zero are the news. */
function summarizeStatistics(text: string): Summary | undefined {
  if (!/^NIC statistics:/m.test(text)) return undefined;
  const counters = [...text.matchAll(/^\s+([^:\s][^:]*):\s+(\d+)\s*$/gm)].map((match) => ({
    name: match[1] ?? '',
    value: Number(match[2]),
  }));
  const losses = counters.filter((counter) => lossCounter.test(counter.name) && counter.value > 0);
  const nonZero = counters.filter((counter) => counter.value > 0);
  return {
    tone: losses.length > 0 ? 'degraded' : 'ok',
    headline:
      losses.length > 0
        ? `${losses.length} error or drop counters above zero: ${losses
            .slice(0, 3)
            .map((counter) => `${counter.name} ${counter.value}`)
            .join(', ')}`
        : `${counters.length} counters, no errors or drops`,
    facts: [],
    tables: [
      {
        title: 'counters above zero',
        columns: ['counter', 'value'],
        rows: nonZero.map((counter) => [counter.name, String(counter.value)]),
        align: ['left', 'right'],
      },
    ],
    measures: losses.map((counter) => ({
      key: `counter.${counter.name}`,
      label: counter.name,
      value: counter.value,
    })),
  };
}

/** ethtool's link settings, -i (driver) and -S (counters); its other reports are shown as printed. */
export const summarizeEthtool: Summarizer = (result) => {
  if (result.exitCode !== 0 && !/^Settings for/m.test(result.stdout)) return undefined;
  const option = result.argv.slice(1, -1).find((word) => word.startsWith('-'));
  if (option === undefined) return summarizeSettings(result.stdout);
  if (option === '-i' || option === '--driver') return summarizeDriver(result.stdout);
  if (option === '-S' || option === '--statistics') return summarizeStatistics(result.stdout);
  return undefined;
};
