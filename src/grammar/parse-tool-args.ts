import { InvalidInputError } from '../errors.js';
import { servicePortRefOf } from './service-port.js';
import { parseTargetToken } from './target.js';
import type { FlagSpec, PositionalSpec, ToolSyntax } from './tool-syntax.js';
import { splitHostPort } from './split-host-port.js';
import { hasOwnKey, ownEntry } from './own-entry.js';

export type RawArgs = Record<string, unknown>;

/**
 * Turns the tool's own arguments, written as in a shell (`-c 1`, `-c1`, `--count=1`, `-tulpn`,
 * `+short`, `@1.1.1.1`), into raw fields for the command's zod schema. Only what `syntax` declares
 * gets through: any other flag is refused with a message that names it. Values are not judged here;
 * the schema does that.
 */
export function parseToolArgs(tool: string, syntax: ToolSyntax, tokens: readonly string[]): RawArgs {
  const raw: RawArgs = {};
  const positionals: string[] = [];
  const hasPlusFlags = Object.keys(syntax.flags).some((flag) => flag.startsWith('+'));

  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as string;

    if (token === '--') {
      positionals.push(...tokens.slice(index + 1));
      break;
    }
    refuseDenied(tool, syntax, token);

    const exact = ownEntry(syntax.flags, token);
    if (exact) {
      if (exact.kind === 'value') {
        const value = tokens[index + 1];
        if (value === undefined) throw new InvalidInputError(`${tool}: ${token} needs a value`);
        index += 1;
        setFlag(tool, raw, token, exact, value);
      } else {
        setFlag(tool, raw, token, exact, undefined);
      }
      continue;
    }

    const prefixKey = prefixedKey(syntax, token);
    if (prefixKey !== undefined) {
      setOnce(tool, raw, prefixKey, token.slice(1), token);
      continue;
    }

    if (token.startsWith('--')) {
      const equals = token.indexOf('=');
      const name = equals > 0 ? token.slice(0, equals) : token;
      const spec = ownEntry(syntax.flags, name);
      if (equals > 0 && spec?.kind === 'value') {
        setFlag(tool, raw, name, spec, token.slice(equals + 1));
        continue;
      }
      throw notAllowed(tool, syntax, name);
    }

    // `-type=MX`, `-port=53`: single-dash long options with an attached value (nslookup).
    const singleDashLong = singleDashLongValue(syntax, token);
    if (singleDashLong) {
      setFlag(tool, raw, singleDashLong.name, singleDashLong.spec, singleDashLong.value);
      continue;
    }

    if (token.startsWith('-') && token.length > 1) {
      parseShortCluster(tool, syntax, raw, token);
      continue;
    }

    if (token.startsWith('+') && hasPlusFlags) throw notAllowed(tool, syntax, token);
    positionals.push(token);
  }

  assignPositionals(tool, syntax, raw, positionals);
  nameServicePorts(syntax, raw);
  return raw;
}

function singleDashLongValue(
  syntax: ToolSyntax,
  token: string,
): { name: string; spec: FlagSpec; value: string } | undefined {
  const equals = token.indexOf('=');
  if (!token.startsWith('-') || token.startsWith('--') || equals < 2) return undefined;
  const name = token.slice(0, equals);
  const spec = ownEntry(syntax.flags, name);
  return spec?.kind === 'value' ? { name, spec, value: token.slice(equals + 1) } : undefined;
}

function refuseDenied(tool: string, syntax: ToolSyntax, token: string): void {
  const denied = syntax.denied ?? {};
  const name = token.startsWith('--') ? token.split('=')[0]! : token;
  for (const [flag, why] of Object.entries(denied)) {
    const attached = !flag.startsWith('--') && flag.length === 2 && token.startsWith(flag);
    if (name === flag || (attached && !hasOwnKey(syntax.flags, token))) {
      throw new InvalidInputError(`${tool}: ${flag} is not allowed: ${why}`);
    }
  }
}

/** `-tulpn`, `-vz`, `-dd` (bundled booleans and counts) or `-c1` (a value flag with its value). */
function parseShortCluster(tool: string, syntax: ToolSyntax, raw: RawArgs, token: string): void {
  for (let position = 1; position < token.length; position += 1) {
    const flag = `-${token[position]}`;
    refuseDenied(tool, syntax, flag);
    const spec = ownEntry(syntax.flags, flag);
    if (!spec) throw notAllowed(tool, syntax, position === 1 ? token : flag);
    if (spec.kind === 'value') {
      const attached = token.slice(position + 1);
      if (attached === '') throw new InvalidInputError(`${tool}: ${flag} needs a value`);
      setFlag(tool, raw, flag, spec, attached);
      return;
    }
    setFlag(tool, raw, flag, spec, undefined);
  }
}

function setFlag(tool: string, raw: RawArgs, flag: string, spec: FlagSpec, value: string | undefined): void {
  switch (spec.kind) {
    case 'boolean':
      // own-key: spec keys are the catalogue's, never the user's words
      raw[spec.key] = true;
      return;
    case 'count':
      // own-key: spec keys are the catalogue's, never the user's words
      raw[spec.key] = ((raw[spec.key] as number | undefined) ?? 0) + 1;
      return;
    case 'value': {
      const parsed = readValue(tool, raw, spec, value!);
      if (spec.repeatable) {
        // own-key: spec keys are the catalogue's, never the user's words
        raw[spec.key] = [...((raw[spec.key] as unknown[] | undefined) ?? []), parsed];
      } else {
        setOnce(tool, raw, spec.key, parsed, flag);
      }
    }
  }
}

function setOnce(tool: string, raw: RawArgs, key: string, value: unknown, written: string): void {
  if (hasOwnKey(raw, key)) throw new InvalidInputError(`${tool}: ${written} is given more than once`);
  // own-key: spec keys are the catalogue's, never the user's words
  raw[key] = value;
}

function prefixedKey(syntax: ToolSyntax, token: string): string | undefined {
  if (token.length < 2) return undefined;
  return ownEntry(syntax.prefixes, token[0]!);
}

function assignPositionals(
  tool: string,
  syntax: ToolSyntax,
  raw: RawArgs,
  positionals: readonly string[],
): void {
  let next = 0;
  for (const spec of syntax.positionals) {
    if (next >= positionals.length) break;
    if (hasOwnKey(raw, spec.key)) {
      // Filled already: by a flag (tls -connect) or by a HOST:PORT word before it.
      throw new InvalidInputError(
        `${tool}: ${spec.key.toUpperCase()} is given twice; '${positionals[next]}' is the second time`,
      );
    }
    if (spec.rest) {
      // own-key: spec keys are the catalogue's, never the user's words
      raw[spec.key] = positionals.slice(next).map((token) => readValue(tool, raw, spec, token));
      next = positionals.length;
    } else {
      // own-key: spec keys are the catalogue's, never the user's words
      raw[spec.key] = readValue(tool, raw, spec, positionals[next]!);
      next += 1;
    }
  }
  const extra = positionals[next];
  if (extra !== undefined) {
    throw new InvalidInputError(`${tool}: unexpected argument '${extra}'`);
  }
}

/**
 * One written value as the schema gets it: a target where a destination may be one (`pod/db`), and
 * for a host that carries its port (`db:443`), the host, with the port put under `portKey`.
 */
function readValue(tool: string, raw: RawArgs, spec: FlagSpec | PositionalSpec, token: string): unknown {
  const destination = 'destination' in spec && spec.destination === true;
  const portKey = 'portKey' in spec ? spec.portKey : undefined;
  const split = portKey !== undefined ? splitHostPort(token) : undefined;
  if (split && portKey !== undefined && split.port !== undefined)
    setOnce(tool, raw, portKey, split.port, token);
  const host = split?.host ?? token;
  return destination ? (parseTargetToken(host) ?? host) : host;
}

/** A port name (`pg`) next to a Service (`svc/db`) becomes a ServicePortRef, looked up by the worker. */
function nameServicePorts(syntax: ToolSyntax, raw: RawArgs): void {
  const specs: (FlagSpec | PositionalSpec)[] = [...Object.values(syntax.flags), ...syntax.positionals];
  for (const spec of specs) {
    const of = 'servicePortOf' in spec ? spec.servicePortOf : undefined;
    if (of === undefined) continue;
    // own-key: spec keys are the catalogue's, never the user's words
    const ref = servicePortRefOf(raw[of], raw[spec.key]);
    // own-key: spec keys are the catalogue's, never the user's words
    if (ref) raw[spec.key] = ref;
  }
}

function notAllowed(tool: string, syntax: ToolSyntax, flag: string): InvalidInputError {
  const allowed = Object.keys(syntax.flags).sort();
  const hint = allowed.length > 0 ? `allowed: ${allowed.join(' ')}` : `${tool} takes no flags`;
  return new InvalidInputError(`${tool}: ${flag} is not allowed`, [hint]);
}
