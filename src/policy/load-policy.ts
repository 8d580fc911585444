import { readFile } from 'node:fs/promises';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { closestNames } from '../grammar/closest-names.js';
import { policyFileSchema, type Policy } from './policy-schema.js';

/**
 * A policy file that does not load. The message has one line per problem, each as
 * `FILE:LINE: field.path: what is wrong; how to fix it`, so that one run of `policy check` shows them all.
 */
export class PolicyFileError extends Error {
  override readonly name = 'PolicyFileError';
  readonly problems: readonly string[];
  constructor(problems: string | readonly string[]) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(list.join('\n'));
    this.problems = list;
  }
}

/** Reads and checks the policy file at `path`; throws PolicyFileError with every problem in it. */
export async function loadPolicyFile(path: string): Promise<Policy> {
  return parsePolicy(await readPolicyText(path), path);
}

/** The file's text; a file that cannot be read is a PolicyFileError saying what to do about it. */
export function readPolicyText(path: string): Promise<string> {
  return readFile(path, 'utf8').catch((error: unknown) => {
    throw new PolicyFileError([`${path}: ${unreadable(error)}`]);
  });
}

function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return 'no such file; write the policy there, point NETSHOOT_POLICY at the file that exists (in Kubernetes, the path where the ConfigMap is mounted), or unset NETSHOOT_POLICY for the built-in policy';
  }
  if (code === 'EISDIR') return 'is a directory; point NETSHOOT_POLICY at the YAML file inside it';
  if (code === 'EACCES') return 'cannot be read by this process; make it readable by the bot (chmod a+r)';
  return `cannot be read (${(error as Error).message})`;
}

/** Checks a policy's YAML text; `source` names it in messages and in the policy it returns. */
export function parsePolicy(text: string, source: string): Policy {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  if (doc.errors.length > 0) {
    throw new PolicyFileError(
      doc.errors.map((error) => {
        const line = error.linePos?.[0].line ?? lineOf(error.pos[0]);
        return `${source}:${line}: ${firstLine(error.message)}; fix the YAML syntax there`;
      }),
    );
  }
  if (doc.contents === null) {
    throw new PolicyFileError([
      `${source}: is empty; write a policy starting with version: 1 and rules: (docs/policy.md has an example)`,
    ]);
  }
  if (!isMap(doc.contents)) {
    const line = lineOf(doc.contents.range?.[0] ?? 0);
    throw new PolicyFileError([
      `${source}:${line}: the policy is ${kindOf(doc.contents.toJSON())}, not a mapping; write keys such as version: 1 and rules: at the top level (docs/policy.md)`,
    ]);
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    // yaml refuses alias bombs (`&a [*b, *b, ...]`) here, after the syntax check.
    throw new PolicyFileError([
      `${source}: ${(error as Error).message}; write the policy without nested YAML aliases (&name, *name)`,
    ]);
  }
  const parsed = policyFileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .flatMap((issue) => describeIssue(issue, data, doc))
      // In the file's order, as an editor walks it.
      .sort((a, b) => a.offset - b.offset)
      .map(({ path, offset, text: what }) => ({
        line: lineOf(offset),
        text: `${formatPath(path)}: ${what}`,
      }));
    throw new PolicyFileError(problems.map(({ line, text: what }) => `${source}:${line}: ${what}`));
  }
  return { ...parsed.data, source };
}

type Path = readonly PropertyKey[];
type Issue = z.core.$ZodIssue;

/** One issue as one or more problems (an unknown-keys issue names each key on its own line). */
function describeIssue(
  issue: Issue,
  data: unknown,
  doc: Document,
): { path: Path; offset: number; text: string }[] {
  const path = issue.path;
  const value = valueAt(data, path);
  const schema = schemaAt(path, data);
  const fix = howToFix(schema);
  const at = (where: Path, key?: string) => ({ path: where, offset: offsetOf(doc, where, key) });
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(schema, valueAt(data, path));
      return issue.keys.map((key) => {
        const near = closestNames(key, allowed, 1);
        return {
          ...at([...path, key], key),
          text: `unknown key '${key}'${near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : ''}; the keys allowed here are ${allowed.join(', ')}`,
        };
      });
    }
    case 'invalid_union': {
      if ('discriminator' in issue && 'options' in issue && issue.discriminator !== undefined) {
        const options = (issue.options as readonly unknown[]).map(String);
        const written =
          value === undefined ? 'is missing' : `${shown(value)} is not one of ${options.join(', ')}`;
        return [{ ...at(path), text: `${written}; write ${String(path.at(-1))}: ${orList(options)}` }];
      }
      return [{ ...at(path), text: `${issue.message}${fix ? `; ${fix}` : ''}` }];
    }
    case 'invalid_type':
      if (value === undefined) {
        return [{ ...at(path), text: `is missing; ${fix ?? `add ${String(path.at(-1))}:`}` }];
      }
      return [
        { ...at(path), text: `expected ${issue.expected}, found ${shown(value)}${fix ? `; ${fix}` : ''}` },
      ];
    case 'invalid_value':
      return [
        {
          ...at(path),
          text: `${value === undefined ? 'is missing' : `${shown(value)} is not allowed`}; ${fix ?? `write one of ${issue.values.map((v) => shown(v)).join(', ')}`}`,
        },
      ];
    case 'invalid_format':
      return [{ ...at(path), text: `${shown(value)} is not valid; ${fix ?? issue.message}` }];
    case 'invalid_key': {
      const key = String(path.at(-1));
      return [
        {
          ...at(path, key),
          text: `the key '${key}' is not valid; ${howToFix(keySchemaAt(path.slice(0, -1), data)) ?? issue.message}`,
        },
      ];
    }
    case 'too_small':
      return [{ ...at(path), text: `${smallWords(issue, value)}${fix ? `; ${fix}` : ''}` }];
    case 'too_big':
      return [{ ...at(path), text: `${bigWords(issue)}${fix ? `; ${fix}` : ''}` }];
    case 'custom':
      // Our own refinements already say what to do.
      return [{ ...at(path), text: issue.message }];
    default:
      return [{ ...at(path), text: `${issue.message}${fix ? `; ${fix}` : ''}` }];
  }
}

function smallWords(issue: Extract<Issue, { code: 'too_small' }>, value: unknown): string {
  if (issue.origin === 'array') {
    return Array.isArray(value) && value.length === 0
      ? 'is an empty list; list at least one entry, or remove the key (an absent key matches anything)'
      : `needs at least ${String(issue.minimum)} entries`;
  }
  if (issue.origin === 'string') return `is too short (at least ${String(issue.minimum)} characters)`;
  return `${shown(value)} is too small (at least ${String(issue.minimum)})`;
}

function bigWords(issue: Extract<Issue, { code: 'too_big' }>): string {
  if (issue.origin === 'array') return `has too many entries (at most ${String(issue.maximum)})`;
  if (issue.origin === 'string') return `is too long (at most ${String(issue.maximum)} characters)`;
  return `is too large (at most ${String(issue.maximum)})`;
}

/** `rules[2].bounds.maxTimeout`: how a field is named in messages. */
function formatPath(path: Path): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/** The start of the YAML node at `path`, or of the nearest enclosing one (a missing key: its map). */
function offsetOf(doc: Document, path: Path, key?: string): number {
  if (key !== undefined) {
    const parent = doc.getIn(path.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
      const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
      if (range) return range[0];
    }
  }
  for (let length = path.length; length >= 0; length--) {
    const node = doc.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return node.range[0];
  }
  return 0;
}

function valueAt(data: unknown, path: Path): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

type AnySchema = z.core.$ZodType;
interface Def {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  element?: AnySchema;
  valueType?: AnySchema;
  keyType?: AnySchema;
  shape?: Record<string, AnySchema>;
  options?: AnySchema[];
  discriminator?: string;
}
const defOf = (schema: AnySchema): Def => schema._zod.def as unknown as Def;

/** The schema for the field at `path`, following the data through the union of rule kinds. */
function schemaAt(path: Path, data: unknown): AnySchema | undefined {
  let schema: AnySchema | undefined = policyFileSchema;
  for (let index = 0; index < path.length && schema; index++) {
    schema = childOf(schema, path[index] as PropertyKey, valueAt(data, path.slice(0, index)));
  }
  return schema;
}

function keySchemaAt(path: Path, data: unknown): AnySchema | undefined {
  const record = schemaAt(path, data);
  return record ? defOf(unwrap(record, () => false)).keyType : undefined;
}

function childOf(schema: AnySchema, key: PropertyKey, value: unknown): AnySchema | undefined {
  const inner = unwrap(schema, () => false);
  const def = defOf(inner);
  if (def.type === 'union' && def.options) return childOf(pickOption(def, value), key, value);
  if (def.type === 'object' && def.shape && typeof key === 'string') {
    return Object.hasOwn(def.shape, key) ? def.shape[key] : undefined;
  }
  if (def.type === 'array') return def.element;
  if (def.type === 'record') return def.valueType;
  return undefined;
}

/** The rule kind the data names (`effect:`), or the first when it names none. */
function pickOption(def: Def, value: unknown): AnySchema {
  const options = def.options as AnySchema[];
  const wanted = def.discriminator ? valueAt(value, [def.discriminator]) : undefined;
  return (
    options.find((option) => {
      const shape = defOf(option).shape;
      const literal = shape && def.discriminator ? shape[def.discriminator] : undefined;
      return literal !== undefined && (defOf(literal) as { values?: unknown[] }).values?.includes(wanted);
    }) ?? (options[0] as AnySchema)
  );
}

/** Through optional, default and transform layers; `stop` ends early (at a described layer). */
function unwrap(schema: AnySchema, stop: (layer: AnySchema) => boolean): AnySchema {
  let layer = schema;
  for (;;) {
    if (stop(layer)) return layer;
    const def = defOf(layer);
    const next = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!next) return layer;
    layer = next;
  }
}

/** The keys an object (or, for a rule, the rule of its `effect`) accepts. */
function allowedKeys(schema: AnySchema | undefined, value: unknown): string[] {
  if (!schema) return [];
  const def = defOf(unwrap(schema, () => false));
  if (def.type === 'union' && def.options) {
    const wanted = def.discriminator ? valueAt(value, [def.discriminator]) : undefined;
    const chosen = wanted === undefined ? undefined : pickOption(def, value);
    const all = (chosen ? [chosen] : def.options).flatMap((option) => Object.keys(defOf(option).shape ?? {}));
    return [...new Set(all)];
  }
  return Object.keys(def.shape ?? {});
}

/** The field's `describe` sentence, worded as what to write. */
function howToFix(schema: AnySchema | undefined): string | undefined {
  if (!schema) return undefined;
  const described = unwrap(schema, (layer) => descriptionOf(layer) !== undefined);
  const text = descriptionOf(described);
  if (text === undefined) return undefined;
  return /^(a|an) /.test(text)
    ? `write ${text}`
    : /^(write|say|give|list) /.test(text)
      ? text
      : `expected ${text}`;
}

function descriptionOf(schema: AnySchema): string | undefined {
  return (schema as { description?: string }).description;
}

function shown(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text ${shown(value)}`;
  return `the value ${shown(value)}`;
}

function orList(options: readonly string[]): string {
  return options.length <= 1 ? (options[0] ?? '') : `${options.slice(0, -1).join(', ')} or ${options.at(-1)}`;
}

/** yaml's messages end with a code excerpt on later lines; the line number says where already. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').trim();
}
