import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Issue 10: a place that catches an error and drops it logs it with the job id, says it in the
 * result, or rethrows. This keeps it so: it finds the shapes that drop an error without a word and
 * fails unless the line says why, with a `// dropped: REASON` comment on it, just above it, or inside
 * the catch.
 *
 * Drops: a catch block with nothing in it but comments, or only `return CONSTANT;`; a `.catch(...)`
 * handler that takes no error (`.catch(() => ...)`), or returns a constant (`.catch((e) => 0)`).
 */
const constant = String.raw`(?:undefined|null|void 0|true|false|-?\d+|\[\s*\]|\{\s*\}|''|""|\`\`)`;
const comments = String.raw`(?:\s|//[^\n]*\n|/\*[\s\S]*?\*/)*`;
const dropShapes: readonly RegExp[] = [
  // catch {}  catch (error) { /* nothing */ }  catch { return undefined; }
  new RegExp(
    String.raw`\bcatch\s*(?:\([^)]*\))?\s*\{${comments}(?:return(?:\s+${constant})?\s*;?${comments})?\}`,
    'g',
  ),
  // .catch(() => anything): the error is not even looked at
  /\.catch\(\s*(?:async\s*)?\(\s*\)\s*=>/g,
  // .catch((error) => undefined)  .catch((_e) => { return []; })
  new RegExp(
    String.raw`\.catch\(\s*(?:async\s*)?\(?\s*\w+(?:\s*:\s*\w+)?\s*\)?\s*=>\s*(?:${constant}|\{${comments}(?:return(?:\s+${constant})?\s*;?${comments})?\})\s*\)`,
    'g',
  ),
];

export interface Drop {
  readonly line: number;
  readonly text: string;
}

/** The drops in `source` that carry no `// dropped:` reason, with their 1-based line numbers. */
export function undeclaredDrops(source: string): Drop[] {
  const lines = source.split('\n');
  const found = new Map<number, Drop>();
  for (const shape of dropShapes) {
    for (const match of source.matchAll(shape)) {
      const first = source.slice(0, match.index).split('\n').length;
      const last = first + match[0].split('\n').length - 1;
      // The reason may sit on the line just above, where prettier leaves a long comment alone.
      const span = lines.slice(Math.max(0, first - 2), last).join('\n');
      if (/\/\/\s*dropped:\s*\S/.test(span)) continue;
      found.set(first, { line: first, text: lines[first - 1]!.trim() });
    }
  }
  return [...found.values()].sort((a, b) => a.line - b.line);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs|cjs)$/.test(entry.name) ? [path] : [];
  });
}

describe('dropped errors', () => {
  it.each([
    ['an empty catch', 'try { f(); } catch {}'],
    ['a catch with only a comment', 'try {\n  f();\n} catch (error) {\n  // fine\n}'],
    [
      'a catch that returns undefined',
      'function g() {\n  try {\n    return f();\n  } catch {\n    return undefined;\n  }\n}',
    ],
    ['.catch(() => undefined)', 'await p.catch(() => undefined);'],
    ['.catch(() => 0)', 'const n = await p.then(() => 1).catch(() => 0);'],
    ['.catch(() => [])', 'const names = await list()\n  .catch(() => []);'],
    ['.catch(() => {})', 'p.catch(() => {});'],
    ['.catch(() => something)', 'opening.catch(() => sessions.delete(key));'],
    ['.catch((error) => null)', 'p.catch((error) => null);'],
    ['.catch((_e: unknown) => { return []; })', 'p.catch((_e: unknown) => {\n  return [];\n});'],
  ])('finds %s', (_name, code) => {
    expect(undeclaredDrops(code)).toHaveLength(1);
  });

  it.each([
    ['a logged catch', 'p.catch((error: unknown) => log.warn({ err: error, jobId }, "could not remove"));'],
    ['a rethrowing catch', 'try { f(); } catch (error) {\n  throw new Error("x", { cause: error });\n}'],
    ['a narrowed catch', 'try { f(); } catch (error) {\n  if (!isGone(error)) throw error;\n}'],
    ['a reason on the line', 'await p.catch(() => undefined); // dropped: the container is already gone'],
    [
      'a reason inside the catch',
      'try { f(); } catch {\n  // dropped: JSON that does not parse has no summary\n  return undefined;\n}',
    ],
  ])('accepts %s', (_name, code) => {
    expect(undeclaredDrops(code)).toEqual([]);
  });

  it('finds none in src/ without a "// dropped:" reason', () => {
    const root = join(process.cwd(), 'src');
    const drops = sourceFiles(root).flatMap((file) =>
      undeclaredDrops(readFileSync(file, 'utf8')).map(
        (drop) => `${relative(process.cwd(), file)}:${drop.line}: ${drop.text}`,
      ),
    );
    // Each needs a log line with the job id, words in the result, a rethrow, or `// dropped: why`.
    expect(drops).toEqual([]);
  });
});
