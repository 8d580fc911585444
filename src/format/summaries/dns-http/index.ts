import type { ToolReaders } from '../summary.js';
import { summarizeCurl } from './curl.js';
import { summarizeDig } from './dig.js';

/** Names and HTTP: dig, drill, host, nslookup, curl, tls, ab. */
export const dnsHttpReaders: ToolReaders = {
  dig: { summarize: summarizeDig },
  curl: { summarize: summarizeCurl },
};
