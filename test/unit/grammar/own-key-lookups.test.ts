import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { typeScriptFiles } from '../lint/import-specifiers.js';

/**
 * Issue 12: a plain object looked up with a word the user wrote answers for `constructor`,
 * `toString` or `__proto__` with what it inherits from Object.prototype. The folders that read user
 * words (the grammar, the catalogue, the commands) look them up with Object.hasOwn (through
 * src/grammar/own-entry.ts), a Map or a Set. This finds the two shapes that do not, where it can tell
 * from the source alone:
 * - `key in table` with anything but a string literal on the left (`'portKey' in spec` narrows a
 *   type; `word in objects` asks Object.prototype too);
 * - `table[key]` with a computed key, where `table` is declared in these folders as an object literal
 *   or a Record (directly or through a type alias such as RawArgs).
 * A look-up whose key is never the user's says so with `// own-key: REASON` on its line or the one
 * above, and is let through.
 */
const root = process.cwd();
const folders = ['src/grammar', 'src/catalogue', 'commands'];

export interface Lookup {
  readonly line: number;
  readonly text: string;
}

function isLiteral(node: ts.Node): boolean {
  return ts.isStringLiteralLike(node) || ts.isNumericLiteral(node) || ts.isPrefixUnaryExpression(node);
}

function lastName(node: ts.Expression): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isNonNullExpression(node) || ts.isParenthesizedExpression(node)) return lastName(node.expression);
  return undefined;
}

function unwrap(node: ts.Expression): ts.Expression {
  if (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isParenthesizedExpression(node))
    return unwrap(node.expression);
  return node;
}

/** Names (variables, parameters, properties) declared as object literals or Records, and Record aliases. */
export function tableNames(sources: readonly ts.SourceFile[]): Set<string> {
  const aliases = new Set<string>(['Record']);
  for (const source of sources) {
    const visit = (node: ts.Node): void => {
      if (ts.isTypeAliasDeclaration(node) && /\bRecord</.test(node.type.getText(source)))
        aliases.add(node.name.text);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  const recordType = new RegExp(`\\b(?:${[...aliases].join('|')})\\b`);
  const names = new Set<string>();
  for (const source of sources) {
    const visit = (node: ts.Node): void => {
      if (
        (ts.isVariableDeclaration(node) ||
          ts.isParameter(node) ||
          ts.isPropertySignature(node) ||
          ts.isPropertyDeclaration(node)) &&
        (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))
      ) {
        const typed = node.type !== undefined && recordType.test(node.type.getText(source));
        const initializer = 'initializer' in node ? node.initializer : undefined;
        const literal = initializer !== undefined && ts.isObjectLiteralExpression(unwrap(initializer));
        if (typed || literal) names.add(node.name.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return names;
}

/** The look-ups in `source` that may reach Object.prototype and carry no `// own-key:` reason. */
export function unsafeLookups(source: ts.SourceFile, tables: ReadonlySet<string>): Lookup[] {
  const lines = source.text.split('\n');
  const found: Lookup[] = [];
  const report = (node: ts.Node): void => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
    const span = lines.slice(Math.max(0, line - 1), line + 1).join('\n');
    if (/\/\/\s*own-key:\s*\S/.test(span)) return;
    found.push({ line: line + 1, text: lines[line]!.trim() });
  };
  const visit = (node: ts.Node): void => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.InKeyword &&
      !ts.isStringLiteralLike(node.left)
    ) {
      report(node);
    } else if (ts.isElementAccessExpression(node) && !isLiteral(node.argumentExpression)) {
      const name = lastName(node.expression);
      if (name !== undefined && tables.has(name)) report(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function parse(file: string, text = readFileSync(file, 'utf8')): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
}

function lookupsIn(code: string): Lookup[] {
  const source = parse('example.ts', code);
  return unsafeLookups(source, tableNames([source]));
}

describe('look-ups of user words in plain objects', () => {
  it.each([
    ['an in check', "const objects = { a: 'address' };\nconst ok = word in objects;"],
    ['a bracket look-up of an object literal', "const objects = { a: 'address' };\nobjects[word];"],
    [
      'a bracket look-up of a Record property',
      'interface S { flags: Readonly<Record<string, number>> }\nfunction f(s: S, t: string) { return s.flags[t]; }',
    ],
    [
      'a bracket look-up through a Record alias',
      'type Raw = Record<string, unknown>;\nfunction f(raw: Raw, k: string) { return raw[k]; }',
    ],
    ['an optional bracket look-up', "const prefixes = { '@': 'server' } as const;\nprefixes?.[t];"],
  ])('finds %s', (_name, code) => {
    expect(lookupsIn(code)).toHaveLength(1);
  });

  it.each([
    ['Object.hasOwn', "const objects = { a: 'address' };\nObject.hasOwn(objects, word);"],
    ['a Map', "const objects = new Map([['a', 'address']]);\nobjects.get(word);"],
    ['a literal key', "const objects = { a: 'address' };\nobjects['a'];"],
    ['an array index', 'const list = [1, 2];\nlist[i];'],
    ['a type narrowing', "if ('portKey' in spec) f();"],
    ['a mapped type', 'type M<T> = { [K in keyof T]: T[K] };'],
    [
      'a look-up with a reason',
      "const objects = { a: 'b' };\n// own-key: the key is the catalogue's own\nobjects[key];",
    ],
  ])('lets %s through', (_name, code) => {
    expect(lookupsIn(code)).toEqual([]);
  });

  it('finds none in the grammar, the catalogue and the commands', () => {
    const sources = folders
      .flatMap((folder) => typeScriptFiles(join(root, folder)))
      .map((file) => parse(file));
    const tables = tableNames(sources);
    const found = sources.flatMap((source) =>
      unsafeLookups(source, tables).map(
        ({ line, text }) => `${relative(root, source.fileName)}:${line}: ${text}`,
      ),
    );
    expect(found).toEqual([]);
  });
});
