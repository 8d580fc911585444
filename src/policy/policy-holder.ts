import { watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { builtInPolicy } from './default-policy.js';
import { parsePolicy, readPolicyText } from './load-policy.js';
import type { PolicySource, PolicyStatus } from './ports.js';
import type { Policy } from './policy-schema.js';

export interface PolicyHolder extends PolicySource {
  /**
   * Reads the file again now (what SIGHUP does). Resolves when done: with the new policy in force, or
   * with the last good one and `status().reloadError` set. Never rejects.
   */
  reload(): Promise<void>;
  /** Stops watching the file and listening for SIGHUP. */
  close(): void;
}

export interface PolicyHolderOptions {
  /** How long the directory must stay quiet before a change is read: editors and kubelet write in steps. */
  readonly debounceMs?: number;
  /**
   * Where SIGHUP arrives: this process. Tests pass the process object of Node's own realm, because
   * jest's sandbox gives them a copy whose listeners the real signal never reaches.
   */
  readonly signals?: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
}

/**
 * The policy in force (SPEC 6). Without a path, the built-in policy, for good. With one, the file must
 * load now (a PolicyFileError stops the bot); afterwards it is read again when it changes and on SIGHUP.
 * A reload that fails keeps the last good policy, logs why and shows it in `status()` (GET /readyz), so
 * a typo in a ConfigMap never opens or closes anything by itself.
 *
 * The watch is on the file's directory, not the file: a Kubernetes ConfigMap volume swaps a `..data`
 * symlink, which replaces the file without ever writing to the inode a file watch would follow.
 */
export async function startPolicyHolder(
  path: string | undefined,
  logger: Logger,
  { debounceMs = 200, signals = process }: PolicyHolderOptions = {},
): Promise<PolicyHolder> {
  if (path === undefined) {
    const loadedAt = new Date().toISOString();
    return {
      current: () => builtInPolicy,
      status: () => ({ source: builtInPolicy.source, loadedAt }),
      reload: async () => {},
      close() {},
    };
  }

  let text = await readPolicyText(path);
  let policy: Policy = parsePolicy(text, path);
  let status: PolicyStatus = { source: path, loadedAt: new Date().toISOString() };
  logger.info({ policy: path, rules: policy.rules.length }, 'policy loaded');

  /** One reload at a time; a request during one runs once more after it, so the last edit is read. */
  let running: Promise<void> | undefined;
  let again: 'change' | 'SIGHUP' | undefined;
  let closed = false;

  async function readOnce(reason: 'change' | 'SIGHUP'): Promise<void> {
    let fresh: string;
    try {
      fresh = await readPolicyText(path as string);
      // A directory event about another file, or a touch: nothing to do (but SIGHUP always re-reads).
      if (reason === 'change' && fresh === text && status.reloadError === undefined) return;
      const next = parsePolicy(fresh, path as string);
      policy = next;
      text = fresh;
      status = { source: path as string, loadedAt: new Date().toISOString() };
      logger.info({ policy: path, rules: next.rules.length, reason }, 'policy reloaded');
    } catch (error) {
      // Kept: the last good policy stays in force; the log and /readyz say why.
      const message = error instanceof Error ? error.message : String(error);
      status = { ...status, reloadError: { at: new Date().toISOString(), message } };
      logger.error(
        { policy: path, reason, err: message },
        'policy reload failed; the last good policy stays in force',
      );
    }
  }

  function reload(reason: 'change' | 'SIGHUP'): Promise<void> {
    if (closed) return Promise.resolve();
    if (running) {
      if (again !== 'SIGHUP') again = reason;
      return running;
    }
    running = (async () => {
      let next: typeof again = reason;
      while (next && !closed) {
        again = undefined;
        await readOnce(next);
        next = again;
      }
      running = undefined;
    })();
    return running;
  }

  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(dirname(path), { persistent: false }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => void reload('change'), debounceMs).unref();
  });
  watcher.on('error', (error) => {
    logger.error(
      { policy: path, err: error.message },
      'cannot watch the policy file any more; send SIGHUP to reload it',
    );
  });
  const onHangUp = () => void reload('SIGHUP');
  signals.on('SIGHUP', onHangUp);

  return {
    current: () => policy,
    status: () => status,
    reload: () => reload('SIGHUP'),
    close() {
      closed = true;
      clearTimeout(timer);
      watcher.close();
      signals.off('SIGHUP', onHangUp);
    },
  };
}
