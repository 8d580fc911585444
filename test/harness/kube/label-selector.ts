import { ApiStatusError } from './api-status.js';

type Requirement = (labels: Readonly<Record<string, string>>) => boolean;

/**
 * The `labelSelector` query parameter as the real server reads it: `a=b`, `a==b`, `a!=b`, `a`, `!a`,
 * `a in (x,y)`, `a notin (x,y)`, comma-separated and all required.
 */
export function parseLabelSelector(selector: string | null): Requirement {
  if (!selector) return () => true;
  const requirements = splitTopLevel(selector).map(parseRequirement);
  return (labels) => requirements.every((requirement) => requirement(labels));
}

function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

function parseRequirement(text: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(text);
  if (set) {
    const [, key, operator, list] = set as unknown as [string, string, string, string];
    const values = new Set(list.split(',').map((value) => value.trim()));
    return operator === 'in'
      ? (labels) => labels[key] !== undefined && values.has(labels[key]!)
      : (labels) => labels[key] === undefined || !values.has(labels[key]!);
  }
  const equality = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(text);
  if (equality) {
    const [, key, operator, value] = equality as unknown as [string, string, string, string];
    return operator === '!=' ? (labels) => labels[key] !== value : (labels) => labels[key] === value;
  }
  if (/^![^=!\s]+$/.test(text)) return (labels) => labels[text.slice(1)] === undefined;
  if (/^[^=!\s]+$/.test(text)) return (labels) => labels[text] !== undefined;
  throw new ApiStatusError(400, 'BadRequest', `unable to parse requirement: ${text}`);
}
