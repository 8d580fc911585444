import { z } from 'zod';
import { defineCommand } from '../../../src/catalogue/define-command.js';
import { InvalidInputError } from '../../../src/errors.js';

/**
 * A command that produces a file the way tcpdump --pcap does (into the session's artifact directory,
 * at the path only the executor knows), from a source file a test wrote: the test knows every byte
 * it should get back. Tests only.
 */
export const copyFileCommand = defineCommand({
  name: 'copyfile',
  summary: 'copies a test file as the capture; tests only',
  usage: 'copyfile <target> SOURCE --pcap',
  examples: ['copyfile host /tmp/nsb-artifacts-x/source.bin --pcap'],
  targets: 1,
  privilege: 'read',
  supportsPcap: true,
  timeout: { default: '20s', max: '60s' },
  syntax: { flags: {}, positionals: [{ key: 'source' }] },
  args: z.strictObject({ source: z.string().regex(/^\/tmp\/nsb-artifacts-[\w.-]+\/[\w.-]+$/) }),
  argv: ({ source }, { pcapFile }) => {
    if (!pcapFile) throw new InvalidInputError('copyfile needs --pcap');
    return ['cp', source, pcapFile];
  },
});
