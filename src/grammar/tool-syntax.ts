import type { z } from 'zod';

// The shape of a tool's own syntax, which the grammar parses by (src/grammar/parse-tool-args.ts).
// The commands in commands/ declare it through src/catalogue/define-command.ts; the grammar only
// reads it, so it never imports the catalogue.

/**
 * How one token of the tool's own syntax becomes a field of the raw arguments. The keys of
 * `ToolSyntax.flags` are tokens exactly as people type them: `-c`, `--count`, `+short`, `-sT`.
 * - boolean: present or not (`-k`, `+short`); repeating it changes nothing.
 * - count: how many times it was given (`-v -v`, `-dd` is 2).
 * - value: takes the next token (`-c 1`), or an attached one (`-c1`, `--count=1`); the command's
 *   zod schema validates it. `repeatable` collects every occurrence into an array.
 *   `destination` lets a target (`pod/db`) stand for the value, resolved later to an address.
 * `portKey` and `servicePortOf`: as on a positional (PositionalSpec).
 */
export type FlagSpec =
  | { readonly key: string; readonly kind: 'boolean' }
  | { readonly key: string; readonly kind: 'count' }
  | {
      readonly key: string;
      readonly kind: 'value';
      readonly repeatable?: boolean;
      readonly destination?: boolean;
      readonly portKey?: string;
      readonly servicePortOf?: string;
    };

/**
 * A positional argument, in order. `rest` takes every remaining positional token as an array
 * (a BPF filter, a list of hosts). `destination` lets a target stand for the value (SPEC 3).
 * `portKey`: a host written with its port (`db:443`, `[fd00::1]:443`, as openssl's `-connect`
 * takes it) fills that key with the port too. `servicePortOf`: when the argument under that key is
 * a Service (`svc/db`), a port name (`pg`) stands for the value, looked up on the Service when the
 * worker resolves it (a ServicePortRef until then).
 */
export interface PositionalSpec {
  readonly key: string;
  readonly rest?: boolean;
  readonly destination?: boolean;
  readonly portKey?: string;
  readonly servicePortOf?: string;
}

/** The allowlist: anything not declared here is refused with a message that names it. */
export interface ToolSyntax {
  readonly flags: Readonly<Record<string, FlagSpec>>;
  readonly positionals: readonly PositionalSpec[];
  /** Tokens that begin with one of these characters fill that key: dig's `@server`. */
  readonly prefixes?: Readonly<Record<string, string>>;
  /** Dangerous flags with the reason they are refused, for a better message than "not allowed". */
  readonly denied?: Readonly<Record<string, string>>;
}

/**
 * What parsing reads of a command (src/grammar/parse-request.ts): its words, not how it runs. Every
 * CommandDefinition of the catalogue is one; the catalogue is handed to the parser, not imported.
 */
export interface ParsableTool {
  readonly name: string;
  /** `dig <target> [@server] NAME [TYPE] [+short]`: what an error message shows. */
  readonly usage: string;
  /** Whole command lines as a user types them after `/netshoot`; the first is shown in errors. */
  readonly examples: readonly string[];
  /** How many targets follow its name: none, one, or a server and a client. */
  readonly targets: 0 | 1 | 2;
  /** Durations such as '15s', '2m'. `--timeout` may never exceed max. */
  readonly timeout: { readonly default: string; readonly max: string };
  readonly syntax: ToolSyntax;
  /** Validates the raw arguments that `syntax` collected. */
  readonly args: z.ZodType;
  /** Whether `--pcap` applies (tcpdump). */
  readonly supportsPcap?: boolean;
}
