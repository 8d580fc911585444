import type { LimitSettings } from '../../../src/limits/admission.js';
import { defaultLimitValues, limitValuesOf } from '../../../src/limits/limit-values.js';
import { policyFileSchema, type PolicyLimits } from '../../../src/policy/policy-schema.js';

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
