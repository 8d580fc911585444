import type { Policy } from './policy-schema.js';

/**
 * The policy without NETSHOOT_POLICY (SPEC 6): read tools for everyone, in the channels the bot is in
 * (it can answer nowhere else) and on the command line; privileged tools for nobody, with a pointer
 * to docs/policy.md in the refusal.
 */
export const builtInPolicy: Policy = {
  source: 'built-in',
  version: 1,
  rules: [
    {
      name: 'read-tools-for-everyone',
      effect: 'allow',
      who: { everyone: true, operators: ['*'] },
      tools: ['read'],
      description: 'the built-in policy: no NETSHOOT_POLICY is set',
    },
  ],
};
