import { posix } from 'node:path';
import type { Artifact } from '../../results/run-result.js';

/** Artifacts (pcaps) are read back up to this size; tcpdump's own -c/-G bounds keep captures smaller. */
export const artifactCapBytes = 64 * 1024 * 1024;

/** Where a session's artifacts are and how to read and delete one; each executor has its own. */
export interface ArtifactStore {
  /** The session's artifact directory: only files directly in it are collected. */
  readonly dir: string;
  /**
   * The file's bytes, or undefined when the run wrote none (the tool failed before writing); throws
   * when the file is there but could not be read.
   */
  read(path: string): Promise<Buffer | undefined>;
  /** Throws when the file could not be deleted (it would be left in the toolbox). */
  remove(path: string): Promise<void>;
}

/**
 * Reads each file a run wrote, then deletes it where it was. A collect path is built by the worker,
 * never taken from the user (SPEC 3), and is still checked here: a file directly in the session's
 * artifact directory, with no `..` on the way.
 */
export async function collectArtifacts(
  store: ArtifactStore,
  paths: readonly string[],
  /** A file that could not be read or deleted, in words for the run's stderr; the run itself stands. */
  onProblem: (note: string) => void,
): Promise<Artifact[]> {
  const artifacts: Artifact[] = [];
  const problem = (what: string, path: string) => (error: unknown) => {
    onProblem(
      `netshoot-bot: could not ${what} ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  };
  for (const path of paths) {
    if (!isArtifactPath(store.dir, path)) continue;
    const data = await store.read(path).catch(problem('read back', path));
    await store.remove(path).catch(problem('delete', path));
    if (data) artifacts.push({ name: posix.basename(path), contentType: contentTypeOf(path), data });
  }
  return artifacts;
}

export function isArtifactPath(dir: string, path: string): boolean {
  if (path.split('/').includes('..')) return false;
  const normalized = posix.normalize(path);
  return (
    posix.isAbsolute(normalized) && posix.dirname(normalized) === posix.normalize(dir).replace(/\/$/, '')
  );
}

export function contentTypeOf(path: string): string {
  if (path.endsWith('.pcap')) return 'application/vnd.tcpdump.pcap';
  if (path.endsWith('.json')) return 'application/json';
  return 'application/octet-stream';
}
