import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The seed's package list, read from the seed itself (nicolaka/netshoot's README, kept beside the
 * repository at ../shared/seed/netshoot-README.md) so that the image and its tests follow the seed
 * instead of a copy of it that could drift.
 */

const seedFromRoot = join('..', 'shared', 'seed', 'netshoot-README.md');
const checkoutRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The checkout's main repository root when the checkout is a linked git worktree (its `.git` is a
 * file naming a directory under the main repository's `.git/worktrees/`): ../shared sits beside
 * the main checkout, not beside every worktree.
 */
function mainCheckoutOf(root: string): string | undefined {
  const dotGit = join(root, '.git');
  if (!existsSync(dotGit) || !statSync(dotGit).isFile()) return undefined;
  const gitdir = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
  if (gitdir === undefined) return undefined;
  const worktreeGitDir = resolve(root, gitdir);
  const commondirFile = join(worktreeGitDir, 'commondir');
  if (!existsSync(commondirFile)) return undefined;
  const commonGitDir = resolve(worktreeGitDir, readFileSync(commondirFile, 'utf8').trim());
  return dirname(commonGitDir);
}

/** Where the seed README is: ../shared/seed/netshoot-README.md from the checkout (or its main one). */
export function seedReadmePath(): string {
  const roots = [checkoutRoot, mainCheckoutOf(checkoutRoot)].filter((root) => root !== undefined);
  const candidates = roots.map((root) => resolve(root, seedFromRoot));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found !== undefined) return found;
  throw new Error(
    `the seed README is not at ${candidates.join(' nor at ')}: the image tests read the seed's ` +
      `"Included Packages" list from it; put nicolaka/netshoot's README there (see image/README.md)`,
  );
}

/**
 * The names of the seed's "Included Packages" section: the indented (code block) lines after the
 * line that names the section, up to the first line that is neither indented nor blank.
 */
export function parseIncludedPackages(readme: string): string[] {
  const lines = readme.split(/\r?\n/);
  const start = lines.findIndex((line) => line.includes('**Included Packages:**'));
  if (start < 0) throw new Error('the seed README has no "**Included Packages:**" section');
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') continue;
    if (!/^( {4}|\t)/.test(line)) break;
    const name = line.trim();
    if (!/^[a-z0-9][a-z0-9.+_-]*$/.test(name)) {
      throw new Error(`the seed's "Included Packages" list has a line that is not a package name: "${name}"`);
    }
    names.push(name);
  }
  if (names.length === 0) throw new Error('the seed\'s "Included Packages" section lists no package');
  return names;
}

/** The seed's "Included Packages" list, in its order. */
export function readSeedPackageList(path = seedReadmePath()): string[] {
  return parseIncludedPackages(readFileSync(path, 'utf8'));
}
