import type { Redis } from 'ioredis';
import type { PolicyLimits } from '../policy/policy-schema.js';
import type { AdmissionLimits } from './admission.js';

/** STUB until the limits part lands: admits everything. */
export function createAdmissionLimits(
  _redis: Redis,
  _limits: () => PolicyLimits | undefined,
  _options: { prefix?: string } = {},
): AdmissionLimits {
  return {
    async admit() {
      return undefined;
    },
    async release() {},
  };
}
