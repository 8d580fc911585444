import { asArray, asRecord, asString, asStrings, stringMap } from './plain-object.js';

// Kubernetes' metav1.LabelSelector, as podSelector and namespaceSelector use it: matchLabels and
// matchExpressions are ANDed; an empty selector ({}) selects everything.

type Labels = Readonly<Record<string, string>>;

/** Whether `labels` satisfy the LabelSelector `selector` (plain JSON; absent or {} selects all). */
export function matchesLabelSelector(selector: unknown, labels: Labels): boolean {
  const record = asRecord(selector) ?? {};
  const matchLabels = stringMap(record.matchLabels);
  for (const [key, value] of Object.entries(matchLabels)) {
    if (labels[key] !== value) return false;
  }
  for (const expression of asArray(record.matchExpressions) ?? []) {
    if (!matchesExpression(asRecord(expression) ?? {}, labels)) return false;
  }
  return true;
}

function matchesExpression(expression: Readonly<Record<string, unknown>>, labels: Labels): boolean {
  const key = asString(expression.key) ?? '';
  const values = asStrings(expression.values);
  const has = Object.hasOwn(labels, key);
  switch (asString(expression.operator)) {
    case 'In':
      return has && values.includes(labels[key] ?? '');
    case 'NotIn':
      return !has || !values.includes(labels[key] ?? '');
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      // An operator the API server would have rejected: it selects nothing rather than everything.
      return false;
  }
}

/** The selector as people write it on one line: "app=web, tier in (a, b)", or "all" when empty. */
export function describeLabelSelector(selector: unknown): string {
  const record = asRecord(selector) ?? {};
  const parts = Object.entries(stringMap(record.matchLabels)).map(([key, value]) => `${key}=${value}`);
  for (const item of asArray(record.matchExpressions) ?? []) {
    const expression = asRecord(item) ?? {};
    const key = asString(expression.key) ?? '?';
    const values = asStrings(expression.values).join(', ');
    switch (asString(expression.operator)) {
      case 'In':
        parts.push(`${key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(key);
        break;
      case 'DoesNotExist':
        parts.push(`!${key}`);
        break;
      default:
        parts.push(`${key} ${asString(expression.operator) ?? '?'}`);
    }
  }
  return parts.length === 0 ? 'all' : parts.join(', ');
}
