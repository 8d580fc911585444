// Module hooks (node:module register) that append every resolved URL to a file: the modules a
// command loads, for the test that keeps explain and help from loading the heavy clients.
import { appendFileSync } from 'node:fs';

let file;

export function initialize(data) {
  file = data.file;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(file, `${resolved.url}\n`);
  return resolved;
}
