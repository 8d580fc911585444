import type { LimitSettings } from './admission.js';

/** Every limit as a number: the policy's `limits:` section over the defaults. */
export interface LimitValues {
  readonly userCommandsPerMinute: number;
  readonly userRunningJobs: number;
  readonly channelCommandsPerMinute: number;
  readonly channelRunningJobs: number;
  readonly capturesPerTarget: number;
}

/**
 * Without a `limits:` section (docs/limits.md): enough for one person in an incident to work freely
 * (a command every 3 s, three at once), a busy incident channel several people, and one capture per
 * target so two captures never fight over a pod's interface and its CPU.
 */
export const defaultLimitValues: LimitValues = {
  userCommandsPerMinute: 20,
  userRunningJobs: 3,
  channelCommandsPerMinute: 60,
  channelRunningJobs: 10,
  capturesPerTarget: 1,
};

export function limitValuesOf(settings: LimitSettings | undefined): LimitValues {
  const defaults = defaultLimitValues;
  return {
    userCommandsPerMinute: settings?.perUser?.commandsPerMinute ?? defaults.userCommandsPerMinute,
    userRunningJobs: settings?.perUser?.runningJobs ?? defaults.userRunningJobs,
    channelCommandsPerMinute: settings?.perChannel?.commandsPerMinute ?? defaults.channelCommandsPerMinute,
    channelRunningJobs: settings?.perChannel?.runningJobs ?? defaults.channelRunningJobs,
    capturesPerTarget: settings?.capturesPerTarget ?? defaults.capturesPerTarget,
  };
}
