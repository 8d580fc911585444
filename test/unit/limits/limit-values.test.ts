import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { LimitSettings } from '../../../src/limits/admission.js';
import { defaultLimitValues, limitValuesOf } from '../../../src/limits/limit-values.js';
import { limitsSchema, policyFileSchema, type PolicyLimits } from '../../../src/policy/policy-schema.js';

// The limits read the policy's section through their own LimitSettings type (src/limits must not
// import src/policy): the type check fails here if the two shapes part.
const asSettings = (limits: PolicyLimits | undefined): LimitSettings | undefined => limits;

describe('the limits in force', () => {
  it('are the defaults without a limits section', () => {
    expect(limitValuesOf(undefined)).toEqual({
      userCommandsPerMinute: 20,
      userRunningJobs: 3,
      channelCommandsPerMinute: 60,
      channelRunningJobs: 10,
      capturesPerTarget: 1,
    });
  });

  it('take each value the policy file sets and keep the defaults for the rest', () => {
    const policy = policyFileSchema.parse({
      version: 1,
      rules: [{ name: 'read', who: { everyone: true }, tools: ['read'], effect: 'allow' }],
      limits: { perUser: { runningJobs: 5 }, perChannel: { commandsPerMinute: 100 }, capturesPerTarget: 2 },
    });
    expect(limitValuesOf(asSettings(policy.limits))).toEqual({
      ...defaultLimitValues,
      userRunningJobs: 5,
      channelCommandsPerMinute: 100,
      capturesPerTarget: 2,
    });
  });
});

describe('the example in docs/limits.md', () => {
  it('is a valid limits section, and sets what it says', async () => {
    const text = await readFile(join(process.cwd(), 'docs/limits.md'), 'utf8');
    const block = /```yaml\n([\s\S]*?)```/.exec(text)?.[1];
    expect(block).toBeDefined();
    const { limits } = parse(block ?? '') as { limits: unknown };
    expect(limitValuesOf(asSettings(limitsSchema.parse(limits)))).toEqual({
      ...defaultLimitValues,
      userCommandsPerMinute: 30,
      userRunningJobs: 5,
      channelRunningJobs: 20,
    });
  });
});
