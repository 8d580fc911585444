import { z } from 'zod';
import { defineCommand, type CommandDefinition } from '../../../src/catalogue/define-command.js';
import { commands } from '../../../commands/index.js';
import { judge } from './fuzz-catalogue.js';
import { sampleCommands } from '../grammar/sample-commands.js';

/** Deliberately unsafe commands: the property tests are only worth something if their oracle fails these. */
const lax = defineCommand({
  name: 'lax',
  summary: 'a schema that lets anything through',
  usage: 'lax <target> [-l LIST] VALUE',
  examples: ['lax pod/a x'],
  targets: 1,
  privilege: 'read',
  timeout: { default: '5s', max: '10s' },
  syntax: { flags: { '-l': { key: 'list', kind: 'value' } }, positionals: [{ key: 'value' }] },
  args: z.strictObject({
    value: z.string(),
    list: z
      .string()
      .regex(/^[a-z,-]+$/)
      .optional(),
  }),
  argv: ({ value, list }) => ['lax', ...(list ? list.split(',') : []), value],
});

const throwing = defineCommand({
  name: 'throwing',
  summary: 'a builder with a bug',
  usage: 'throwing <target>',
  examples: ['throwing pod/a'],
  targets: 1,
  privilege: 'read',
  timeout: { default: '5s', max: '10s' },
  syntax: { flags: {}, positionals: [] },
  args: z.strictObject({}),
  argv: () => {
    throw new TypeError('oops');
  },
});

const unsafe = [lax, throwing] as readonly CommandDefinition[];

describe('the fuzzing oracle', () => {
  it('passes a safe command line and a refused one', async () => {
    expect(await judge('dig pod/a db MX', sampleCommands)).toBeUndefined();
    expect(await judge('tcpdump pod/a -w /tmp/x', sampleCommands)).toBeUndefined();
  });

  it("does not blame the user for the builder's own -w of a pcap when the filter text holds '=-w'", async () => {
    expect(await judge('tcpdump pod/frontend -nn -i any host=-w/tmp/x 10.0.0.12', commands)).toBeUndefined();
  });

  it("does not blame the user for curl's own -q when a URL ends in '=-q'", async () => {
    expect(await judge('curl pod/frontend http://db:8080/health=-q', commands)).toBeUndefined();
  });

  it("does not blame the user for a declared switch the builder spells otherwise (ipvsadm's --timeouts)", async () => {
    expect(await judge('ipvsadm node/worker-1 --timeouts -t 10.96.0.1:443', commands)).toBeUndefined();
  });

  it('catches a schema that keeps a value starting with a dash', async () => {
    expect(await judge('lax pod/a -- -x', unsafe)).toBe("the schema kept the value '-x'");
  });

  it('catches a builder that turns part of a value into a flag', async () => {
    expect(await judge('lax pod/a -l a,-o value', unsafe)).toBe(
      "argv holds '-o', which the user wrote and the allowlist does not declare",
    );
  });

  it('catches an error that is not a user error', async () => {
    expect(await judge('throwing pod/a', unsafe)).toMatch(/^planning threw TypeError: oops/);
  });
});
