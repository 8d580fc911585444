import type { Logger } from 'pino';
import { builtInPolicy } from './default-policy.js';
import { loadPolicyFile } from './load-policy.js';
import type { PolicySource } from './ports.js';

export interface PolicyHolder extends PolicySource {
  /** Stops watching the file and listening for SIGHUP. */
  close(): void;
}

/**
 * STUB until the policy part lands (reload on change and SIGHUP, keeping the last good policy).
 * Loads NETSHOOT_POLICY once, or the built-in policy without it; a file that does not load throws
 * PolicyFileError, which stops the bot at start.
 */
export async function startPolicyHolder(path: string | undefined, _logger: Logger): Promise<PolicyHolder> {
  const policy = path === undefined ? builtInPolicy : await loadPolicyFile(path);
  const loadedAt = new Date().toISOString();
  return {
    current: () => policy,
    status: () => ({ source: policy.source, loadedAt }),
    close() {},
  };
}
