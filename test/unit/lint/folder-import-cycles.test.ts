import { dirname, join, relative, resolve, sep } from 'node:path';
import { importSpecifiers, typeScriptFiles } from './import-specifiers.js';

/**
 * A job goes one way (docs/pipeline.md): grammar parses, the catalogue plans, an executor resolves
 * and runs, src/format renders. The folders say so only while no two of them import each other, even
 * through a third: a circle makes every folder in it one lump that cannot be read, tested or loaded
 * apart. This walks every import of src/ and commands/ (type-only ones too: a circle of types is
 * still a circle of knowledge) and fails on any circle between top-level folders, naming one import
 * per step so the fix is plain: move the shared thing down, or hand it in as an argument.
 */
const root = process.cwd();

/** Every relative specifier a file names: imports, re-exports, dynamic `import()`, types included. */
function relativeImports(file: string): string[] {
  return importSpecifiers(file, { types: 'include' }).filter((specifier) => specifier.startsWith('.'));
}

/**
 * The unit a file belongs to: `src/<folder>` for what is inside a folder of src/, the file itself for
 * one lying directly in src/ (src/errors.ts), and the top folder otherwise (`commands`).
 */
function unitOf(base: string, file: string): string {
  const parts = relative(base, file).split(sep);
  if (parts[0] === 'src') return parts.length > 2 ? `src/${parts[1]}` : parts.join('/');
  return parts[0] ?? file;
}

/** Folder -> folder edges, each with the first import (file -> file) that makes it. */
function folderGraph(base: string, folders: readonly string[]): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of folders.flatMap((folder) => typeScriptFiles(join(base, folder)))) {
    const from = unitOf(base, file);
    for (const specifier of relativeImports(file)) {
      const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
      const to = unitOf(base, target);
      if (to === from || relative(base, target).startsWith('..')) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, `${relative(base, file)} -> ${relative(base, target)}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** The circles, as Tarjan's strongly connected components of more than one folder. */
function circles(graph: Map<string, Map<string, string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (stack.includes(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
        component.push(member);
        if (member === node) break;
      }
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return found;
}

/** A circle in words: each of its folders' imports that stay inside it. */
function describeCircle(graph: Map<string, Map<string, string>>, component: readonly string[]): string {
  const steps = component.flatMap((from) =>
    [...(graph.get(from) ?? [])]
      .filter(([to]) => component.includes(to))
      .map(([to, example]) => `  ${from} -> ${to} (${example})`),
  );
  return [`${component.join(', ')} import each other:`, ...steps].join('\n');
}

describe('imports between the top-level folders of src/ and commands/', () => {
  it('finds a circle through three folders, closed by a type-only import, and leaves the rest out', () => {
    const base = join(root, 'test/unit/lint/fixtures/folder-cycle');
    const graph = folderGraph(base, ['src']);
    expect(circles(graph)).toEqual([['src/alpha', 'src/beta', 'src/gamma']]);
    expect(describeCircle(graph, ['src/alpha', 'src/beta', 'src/gamma'])).toContain(
      'src/gamma -> src/alpha (src/gamma/g.ts -> src/alpha/shown.ts)',
    );
  });

  it('go one way: no folder reaches itself again through its imports', () => {
    const graph = folderGraph(root, ['src', 'commands']);
    expect(graph.size).toBeGreaterThan(5);
    expect(circles(graph).map((component) => describeCircle(graph, component))).toEqual([]);
  });
});
