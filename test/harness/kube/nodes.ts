import { cpus, totalmem } from 'node:os';
import { defaultNodes, type KubeDoubleOptions } from './context.js';
import { serverVersion } from './discovery.js';
import type { ObjectStore } from './object-store.js';

/** The nodes, all of them this host: InternalIP is the pod bridge's gateway, capacity the host's. */
export function seedNodes(store: ObjectStore, options: KubeDoubleOptions, nodeAddress: string): void {
  const capacity = { cpu: String(cpus().length), memory: `${Math.floor(totalmem() / 1024)}Ki`, pods: '110' };
  for (const node of options.nodes ?? defaultNodes) {
    store.store('nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: node.name,
        labels: { 'kubernetes.io/hostname': node.name, 'kubernetes.io/os': 'linux' },
      },
      spec: { taints: 'taints' in node ? node.taints : undefined },
      status: {
        addresses: [
          { type: 'InternalIP', address: nodeAddress },
          { type: 'Hostname', address: node.name },
        ],
        allocatable: capacity,
        capacity,
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
        nodeInfo: {
          kubeletVersion: serverVersion.gitVersion,
          osImage: 'Docker',
          containerRuntimeVersion: 'docker',
          architecture: 'amd64',
          operatingSystem: 'linux',
        },
      },
    });
  }
}
