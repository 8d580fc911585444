import { commandWithoutTargets } from '../format/command-without-targets.js';
import { redactSecrets } from '../format/redact.js';
import type { Request } from '../grammar/request.js';

/**
 * The command as its user typed it, without the targets it runs in (the "where" is said apart):
 * `ping -c 60 svc/db` for `ping pod/web -c 60 svc/db`. The running line shows this rather than the
 * argv, which holds the bot's own flags (curl's `-w '\n%{json}\n'`, `mtr --raw`, `ip -j`) and the
 * worker's paths (tcpdump's `-w /tmp/...pcap`), none of them the user's, and which would need a list
 * per tool of the flags to strip. Secrets are redacted as in every output. The same words as the
 * Slack message's command line (src/format/command-without-targets.ts).
 */
export function typedCommand(request: Request): string {
  return redactSecrets(commandWithoutTargets(request));
}
