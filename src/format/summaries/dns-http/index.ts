import type { ToolReaders } from '../summary.js';
import { describeAbProgress, summarizeAb } from './ab.js';
import { summarizeCurl } from './curl.js';
import { summarizeDig } from './dig.js';
import { summarizeDrill } from './drill.js';
import { summarizeHost } from './host.js';
import { summarizeNslookup } from './nslookup.js';
import { summarizeTls } from './tls.js';

/** Names and HTTP: dig, drill, host, nslookup, curl, tls, ab. */
export const dnsHttpReaders: ToolReaders = {
  dig: { summarize: summarizeDig },
  drill: { summarize: summarizeDrill },
  host: { summarize: summarizeHost },
  nslookup: { summarize: summarizeNslookup },
  curl: { summarize: summarizeCurl },
  // openssl s_client writes the chain's verification (depth=0 ... verify return:1) to stderr, and
  // ab its "Completed N requests": their ordinary output, not errors.
  tls: { summarize: summarizeTls, stderrIsOutput: true },
  ab: { summarize: summarizeAb, progress: describeAbProgress, stderrIsOutput: true },
};
