import type { Config } from '../config/env.js';

/**
 * NETSHOOT_JOB_SECRET, the HMAC secret the bot, `run` and the workers share (SPEC 6). Read without
 * assuming that config/env.ts declares it yet (the worker side adds it with its checks); until then
 * the environment's value is taken as it is.
 */
export function jobSecretOf(config: Config, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const declared = (config as { readonly NETSHOOT_JOB_SECRET?: unknown }).NETSHOOT_JOB_SECRET;
  const secret = typeof declared === 'string' ? declared : env.NETSHOOT_JOB_SECRET?.trim();
  return secret === undefined || secret === '' ? undefined : secret;
}
