/** Labels on everything the bot creates in a cluster (SPEC 4), so the reaper and people can find it. */
export const managedByLabel = 'app.kubernetes.io/managed-by';
export const managedByValue = 'netshoot-bot';
export const roleLabel = 'netshoot-bot/role';
export const nodeLabel = 'netshoot-bot/node';
export const clusterLabel = 'netshoot-bot/cluster';
/** The job that created it: toolboxes are shared by later jobs, so this is the first one. */
export const jobLabel = 'netshoot-bot/job';

/** Ephemeral containers cannot carry labels: their name prefix is how the bot recognises its own. */
export const toolboxContainerPrefix = 'netshoot-';

export function nodeToolboxLabels(node: string, cluster: string, jobId?: string): Record<string, string> {
  return {
    ...(jobId && /^[A-Za-z0-9._-]{1,63}$/.test(jobId) ? { [jobLabel]: jobId } : {}),
    [managedByLabel]: managedByValue,
    'app.kubernetes.io/name': 'netshoot',
    [roleLabel]: 'node-toolbox',
    [nodeLabel]: node,
    [clusterLabel]: cluster,
  };
}

export const nodeToolboxSelector = `${managedByLabel}=${managedByValue},${roleLabel}=node-toolbox`;
