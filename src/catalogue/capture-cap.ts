/**
 * The size bound of a `--pcap` capture, beside its time bound (issue 12): tcpdump runs under
 * `prlimit --fsize`, so the kernel refuses the write that would pass it and ends tcpdump (SIGXFSZ),
 * whatever -c, -s and the traffic are. Below the 64 MiB the executors read back (artifactCapBytes),
 * so a capped file still comes back whole up to its last packet; the run's result says it stopped.
 */
export const pcapCapBytes = 50_000_000;
export const pcapCapText = '50 MB';
