/** What tracepath -n printed, read: where the path goes, where it stops, and the MTU it found. */
export interface TracedPath {
  /** Hops that answered, in order: `{ hop: 1, address: '198.18.200.1' }`. */
  readonly hops: readonly { readonly hop: number; readonly address: string }[];
  readonly reached: boolean;
  /** The last `pmtu N` it printed: the path MTU as far as it got. */
  readonly pmtu?: number;
  /** The hop whose line first announced a smaller pmtu than the first one. */
  readonly pmtuDropAt?: { readonly hop: number; readonly address: string; readonly pmtu: number };
}

/**
 *  1?: [LOCALHOST]                      pmtu 1500
 *  1:  198.18.200.1                                          0.067ms
 *  2:  198.18.200.1                                          0.020ms pmtu 1400
 *  2:  198.18.201.2                                          0.027ms reached
 *      Resume: pmtu 1400 hops 2 back 2
 */
export function readTracepath(output: string): TracedPath {
  const hops: { hop: number; address: string }[] = [];
  let reached = false;
  let first: number | undefined;
  let pmtu: number | undefined;
  let pmtuDropAt: TracedPath['pmtuDropAt'];
  for (const line of output.split('\n')) {
    const mtu = /pmtu (\d+)/.exec(line);
    const hop = /^\s*(\d+)\??:\s+(\S+)/.exec(line);
    const address = hop?.[2];
    const answered = address !== undefined && address !== 'no' && !address.startsWith('[');
    if (answered && !hops.some((known) => known.hop === Number(hop![1]) && known.address === address)) {
      hops.push({ hop: Number(hop![1]), address });
    }
    if (mtu) {
      const value = Number(mtu[1]);
      first ??= value;
      if (value < first && pmtuDropAt === undefined && answered)
        pmtuDropAt = { hop: Number(hop![1]), address, pmtu: value };
      pmtu = value;
    }
    if (/\breached\b/.test(line)) reached = true;
  }
  return { hops, reached, ...(pmtu === undefined ? {} : { pmtu }), ...(pmtuDropAt ? { pmtuDropAt } : {}) };
}
