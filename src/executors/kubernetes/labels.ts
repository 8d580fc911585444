/** Labels on everything the bot creates in a cluster (SPEC 4), so the reaper and people can find it. */
export const managedByLabel = 'app.kubernetes.io/managed-by';
export const managedByValue = 'netshoot-bot';
export const roleLabel = 'netshoot-bot/role';
export const nodeLabel = 'netshoot-bot/node';
export const clusterLabel = 'netshoot-bot/cluster';

/** Ephemeral containers cannot carry labels: their name prefix is how the bot recognises its own. */
export const toolboxContainerPrefix = 'netshoot-';

export function nodeToolboxLabels(node: string, cluster: string): Record<string, string> {
  return {
    [managedByLabel]: managedByValue,
    'app.kubernetes.io/name': 'netshoot',
    [roleLabel]: 'node-toolbox',
    [nodeLabel]: node,
    [clusterLabel]: cluster,
  };
}

export const nodeToolboxSelector = `${managedByLabel}=${managedByValue},${roleLabel}=node-toolbox`;
