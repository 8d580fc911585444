// Calico's selector language (docs: reference/resources/networkpolicy, "Selectors"): match operators
// all(), global(), k == 'v', k != 'v', has(k), k in {..}, k not in {..}, k contains / starts with /
// ends with 's'; combined with ! (tightest), && and || (loosest), and parentheses. `k != 'v'` and
// `not in` also match resources without the label. An empty selector is all(), as in Calico's own
// parser. Written here because policies arrive as text and must be judged without calicoctl.

type Labels = Readonly<Record<string, string>>;

type Node =
  | { readonly kind: 'all' | 'global' }
  | { readonly kind: 'has'; readonly key: string }
  | {
      readonly kind: 'eq' | 'ne' | 'contains' | 'starts' | 'ends';
      readonly key: string;
      readonly value: string;
    }
  | { readonly kind: 'in' | 'notIn'; readonly key: string; readonly values: readonly string[] }
  | { readonly kind: 'not'; readonly operand: Node }
  | { readonly kind: 'and' | 'or'; readonly left: Node; readonly right: Node };

export interface CalicoSelector {
  readonly source: string;
  /**
   * Whether the labels of a resource match. `global` says whether the resource is non-namespaced
   * (a host endpoint or global network set): only those match global(). Pods never do.
   */
  matches(labels: Labels, global?: boolean): boolean;
}

/** A selector that does not parse: Calico's API server would have refused the policy holding it. */
export class CalicoSelectorError extends Error {
  constructor(source: string, position: number, expected: string) {
    super(`Calico selector "${source}" does not parse at character ${position + 1}: expected ${expected}`);
    this.name = 'CalicoSelectorError';
  }
}

export function parseCalicoSelector(source: string): CalicoSelector {
  const parser = new SelectorParser(source);
  const root = parser.parse();
  return { source, matches: (labels, global = false) => evaluate(root, labels, global) };
}

function evaluate(node: Node, labels: Labels, global: boolean): boolean {
  const has = (key: string) => Object.hasOwn(labels, key);
  switch (node.kind) {
    case 'all':
      return true;
    case 'global':
      return global;
    case 'has':
      return has(node.key);
    case 'eq':
      return has(node.key) && labels[node.key] === node.value;
    case 'ne':
      return !has(node.key) || labels[node.key] !== node.value;
    case 'contains':
      return has(node.key) && (labels[node.key] ?? '').includes(node.value);
    case 'starts':
      return has(node.key) && (labels[node.key] ?? '').startsWith(node.value);
    case 'ends':
      return has(node.key) && (labels[node.key] ?? '').endsWith(node.value);
    case 'in':
      return has(node.key) && node.values.includes(labels[node.key] ?? '');
    case 'notIn':
      return !has(node.key) || !node.values.includes(labels[node.key] ?? '');
    case 'not':
      return !evaluate(node.operand, labels, global);
    case 'and':
      return evaluate(node.left, labels, global) && evaluate(node.right, labels, global);
    case 'or':
      return evaluate(node.left, labels, global) || evaluate(node.right, labels, global);
  }
}

/** Label keys as Kubernetes allows them: a DNS prefix with `/`, then letters, digits, `-_.`. */
const keyPattern = /[A-Za-z0-9_./-]+/y;

class SelectorParser {
  private position = 0;

  constructor(private readonly source: string) {}

  parse(): Node {
    this.skipSpace();
    if (this.position === this.source.length) return { kind: 'all' };
    const node = this.parseOr();
    this.skipSpace();
    if (this.position !== this.source.length) this.fail('&&, || or the end of the selector');
    return node;
  }

  private parseOr(): Node {
    let left = this.parseAnd();
    while (this.take('||')) left = { kind: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): Node {
    let left = this.parseNot();
    while (this.take('&&')) left = { kind: 'and', left, right: this.parseNot() };
    return left;
  }

  private parseNot(): Node {
    // `!=` belongs to a comparison, never to a negation: a key comes first there.
    if (this.take('!')) return { kind: 'not', operand: this.parseNot() };
    return this.parsePrimary();
  }

  private parsePrimary(): Node {
    if (this.take('(')) {
      const inner = this.parseOr();
      this.expect(')');
      return inner;
    }
    if (this.takeCall('all')) return { kind: 'all' };
    if (this.takeCall('global')) return { kind: 'global' };
    if (this.takeWordThen('has', '(')) {
      const key = this.key();
      this.expect(')');
      return { kind: 'has', key };
    }
    const key = this.key();
    if (this.take('==')) return { kind: 'eq', key, value: this.value() };
    if (this.take('!=')) return { kind: 'ne', key, value: this.value() };
    if (this.takeWord('in')) return { kind: 'in', key, values: this.set() };
    if (this.takeWord('not')) {
      if (!this.takeWord('in')) this.fail('"in" after "not"');
      return { kind: 'notIn', key, values: this.set() };
    }
    if (this.takeWord('contains')) return { kind: 'contains', key, value: this.value() };
    if (this.takeWord('starts')) return { kind: 'starts', key, value: this.withValue() };
    if (this.takeWord('ends')) return { kind: 'ends', key, value: this.withValue() };
    return this.fail('==, !=, in, not in, contains, starts with or ends with');
  }

  private withValue(): string {
    if (!this.takeWord('with')) this.fail('"with"');
    return this.value();
  }

  private set(): readonly string[] {
    this.expect('{');
    const values: string[] = [];
    if (this.take('}')) return values;
    do values.push(this.value());
    while (this.take(','));
    this.expect('}');
    return values;
  }

  private key(): string {
    this.skipSpace();
    keyPattern.lastIndex = this.position;
    const match = keyPattern.exec(this.source);
    if (match === null) return this.fail('a label key');
    this.position += match[0].length;
    return match[0];
  }

  private value(): string {
    this.skipSpace();
    const quote = this.source[this.position];
    if (quote !== "'" && quote !== '"') return this.fail('a quoted value');
    const end = this.source.indexOf(quote, this.position + 1);
    if (end < 0) return this.fail(`a closing ${quote}`);
    const value = this.source.slice(this.position + 1, end);
    this.position = end + 1;
    return value;
  }

  /** `name()`, spaces allowed inside: all(), global(). */
  private takeCall(name: string): boolean {
    const start = this.position;
    if (this.takeWordThen(name, '(') && this.take(')')) return true;
    this.position = start;
    return false;
  }

  private takeWordThen(word: string, next: string): boolean {
    const start = this.position;
    if (this.takeWord(word) && this.take(next)) return true;
    this.position = start;
    return false;
  }

  /** A keyword only when no key character follows it (`in` is not the start of `internal`). */
  private takeWord(word: string): boolean {
    this.skipSpace();
    if (!this.source.startsWith(word, this.position)) return false;
    const after = this.source[this.position + word.length] ?? '';
    if (/[A-Za-z0-9_./-]/.test(after)) return false;
    this.position += word.length;
    return true;
  }

  private take(token: string): boolean {
    this.skipSpace();
    if (!this.source.startsWith(token, this.position)) return false;
    this.position += token.length;
    return true;
  }

  private expect(token: string): void {
    if (!this.take(token)) this.fail(`"${token}"`);
  }

  private skipSpace(): void {
    while (/\s/.test(this.source[this.position] ?? '')) this.position += 1;
  }

  private fail(expected: string): never {
    throw new CalicoSelectorError(this.source, this.position, expected);
  }
}
