import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { importSpecifiers, typeScriptFiles } from './import-specifiers.js';

/**
 * The lint rule sees one file's imports; this follows them. Everything src/slack loads at run time,
 * however far down its relative imports, must stay clear of executors, targets, dockerode and the
 * Kubernetes client, or the Slack process would load the worker's machinery after all.
 */
const root = process.cwd();
const forbiddenFolders = ['src/executors/'];
const forbiddenPackages = /^(dockerode|@kubernetes\/client-node)(\/|$)/;

/** `./x.js` in NodeNext source means `./x.ts` on disk. */
function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((candidate) => existsSync(candidate) && candidate.endsWith('.ts'));
}

function runtimeImports(file: string): string[] {
  return importSpecifiers(file, { types: 'skip' });
}

/** Every file loaded from `start`, with the chain that loads it, and every package loaded. */
function walkImports(start: string[]): { reached: Map<string, string[]>; packages: Map<string, string[]> } {
  const reached = new Map<string, string[]>(start.map((file) => [file, [file]]));
  const packages = new Map<string, string[]>();
  const queue = [...start];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const chain = reached.get(file) ?? [file];
    for (const specifier of runtimeImports(file)) {
      if (!specifier.startsWith('.')) {
        if (!packages.has(specifier)) packages.set(specifier, chain);
        continue;
      }
      const target = resolveRelative(file, specifier);
      if (target !== undefined && !reached.has(target)) {
        reached.set(target, [...chain, target]);
        queue.push(target);
      }
    }
  }
  return { reached, packages };
}

const show = (chain: string[]) => chain.map((file) => relative(root, file)).join(' -> ');

describe('what src/slack reaches through its imports', () => {
  const slackFiles = typeScriptFiles(join(root, 'src/slack'));
  const { reached, packages } = walkImports(slackFiles);

  it('follows re-exports and dynamic imports, so a violation further down would be seen', () => {
    const walked = walkImports([join(root, 'test/unit/lint/fixtures/imports-entry.ts')]);
    expect([...walked.reached.values()].map(show)).toContain(
      'test/unit/lint/fixtures/imports-entry.ts -> test/unit/lint/fixtures/imports-near.ts -> test/unit/lint/fixtures/imports-far.ts',
    );
    expect([...walked.packages.keys()]).toEqual(['node:os']);
  });

  it('ignores type-only imports, which load nothing', () => {
    const walked = walkImports([join(root, 'test/unit/lint/fixtures/imports-far.ts')]);
    expect([...walked.packages.keys()]).not.toContain('dockerode');
  });

  it('never reaches src/executors or src/targets', () => {
    const violations = [...reached]
      .filter(([file]) => forbiddenFolders.some((folder) => relative(root, file).startsWith(folder)))
      .map(([, chain]) => show(chain));
    expect(violations).toEqual([]);
  });

  it('never loads dockerode or the Kubernetes client', () => {
    const violations = [...packages]
      .filter(([specifier]) => forbiddenPackages.test(specifier))
      .map(([specifier, chain]) => `${show(chain)} -> ${specifier}`);
    expect(violations).toEqual([]);
  });
});
