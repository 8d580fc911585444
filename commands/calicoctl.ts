import { z } from 'zod';
import { defineCommand } from '../src/catalogue/define-command.js';
import { flag } from '../src/catalogue/values.js';

/** Resource kinds `calicoctl get` reads, by the names and short names calicoctl accepts. */
const resources = [
  'bgpconfiguration',
  'bgpconfigurations',
  'bgpconfig',
  'bgpconfigs',
  'bgppeer',
  'bgppeers',
  'bgpfilter',
  'bgpfilters',
  'clusterinformation',
  'clusterinfo',
  'felixconfiguration',
  'felixconfigurations',
  'felixconfig',
  'felixconfigs',
  'globalnetworkpolicy',
  'globalnetworkpolicies',
  'gnp',
  'globalnetworkset',
  'globalnetworksets',
  'hostendpoint',
  'hostendpoints',
  'hep',
  'ipamblock',
  'ipamblocks',
  'ippool',
  'ippools',
  'ipreservation',
  'ipreservations',
  'kubecontrollersconfiguration',
  'networkpolicy',
  'networkpolicies',
  'policy',
  'policies',
  'np',
  'networkset',
  'networksets',
  'node',
  'nodes',
  'profile',
  'profiles',
  'workloadendpoint',
  'workloadendpoints',
  'wep',
] as const;

/** The kinds that live in a namespace: `--namespace NS` (or -A) says which; the others are global. */
const namespaced: ReadonlySet<string> = new Set([
  'networkpolicy',
  'networkpolicies',
  'policy',
  'policies',
  'np',
  'networkset',
  'networksets',
  'workloadendpoint',
  'workloadendpoints',
  'wep',
]);

/**
 * Calico names its resources as Kubernetes does (DNS-1123 subdomains: `default.allow-dns`,
 * `default-ipv4-ippool`, `node1-k8s-web--1-eth0`): lowercase letters, digits, `-` and `.` between
 * labels. So no `/` or `..` reaches calicoctl, which builds datastore keys and paths from the name.
 */
const calicoName = z
  .string()
  .max(253, { error: 'a Calico name has at most 253 characters' })
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/, {
    error: (issue) =>
      `'${String(issue.input)}' is not a Calico resource name: lowercase letters, digits, '-' and '.' between them, as in default.allow-dns`,
  })
  .describe('a Calico resource name');

const readOnly = 'calicoctl is read-only here: get, ipam show, node status, version';

export default defineCommand({
  name: 'calicoctl',
  summary: 'Calico’s datastore, read-only: get resources, IPAM usage, node status, version',
  usage:
    'calicoctl get RESOURCE [NAME] [-o wide|yaml|json] [-A | --namespace NS] | calicoctl ipam show [--show-blocks] | calicoctl node status | calicoctl version',
  examples: [
    'calicoctl get wep',
    'calicoctl get ippool -o wide',
    'calicoctl get bgpconfig -o yaml',
    'calicoctl ipam show --show-blocks',
    'calicoctl node status',
  ],
  targets: 0,
  privilege: 'privileged',
  timeout: { default: '30s', max: '60s' },
  syntax: {
    flags: {
      '-o': { key: 'output', kind: 'value' },
      '--output': { key: 'output', kind: 'value' },
      '-A': { key: 'allNamespaces', kind: 'boolean' },
      '--all-namespaces': { key: 'allNamespaces', kind: 'boolean' },
      '--show-blocks': { key: 'showBlocks', kind: 'boolean' },
      '--show-borrowed': { key: 'showBorrowed', kind: 'boolean' },
      '--show-configuration': { key: 'showConfiguration', kind: 'boolean' },
    },
    positionals: [{ key: 'verb' }, { key: 'what' }, { key: 'name' }],
    denied: {
      '-c': 'reads a config file',
      '--config': 'reads a config file',
      '-f': 'reads resources from a file',
      '--filename': 'reads resources from a file',
      '--context': 'switches to another cluster; use --cluster',
    },
  },
  args: z
    .strictObject({
      verb: z.enum(['get', 'ipam', 'node', 'version'], {
        error: (issue) =>
          issue.input === undefined
            ? `write: ${readOnly}`
            : `${readOnly}; '${String(issue.input)}' is refused`,
      }),
      what: z.string().optional(),
      name: calicoName.optional(),
      output: z.enum(['wide', 'yaml', 'json', 'ps']).optional(),
      allNamespaces: flag,
      showBlocks: flag,
      showBorrowed: flag,
      showConfiguration: flag,
    })
    .superRefine((args, context) => {
      const problem = checkShape(args);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
  argv: (args, context) => {
    switch (args.verb) {
      case 'get': {
        const kind = args.what!.toLowerCase();
        // The bot takes --namespace / -n off the line (SPEC 3); calicoctl reads `default` without it.
        const namespace =
          namespaced.has(kind) && !args.allNamespaces && context.namespace && context.namespace !== 'default'
            ? ['--namespace', context.namespace]
            : [];
        return [
          'calicoctl',
          'get',
          kind,
          ...(args.name ? [args.name] : []),
          ...(args.output ? ['-o', args.output] : []),
          ...(args.allNamespaces ? ['--all-namespaces'] : []),
          ...namespace,
        ];
      }
      case 'ipam':
        return [
          'calicoctl',
          'ipam',
          'show',
          ...(args.showBlocks ? ['--show-blocks'] : []),
          ...(args.showBorrowed ? ['--show-borrowed'] : []),
          ...(args.showConfiguration ? ['--show-configuration'] : []),
        ];
      case 'node':
        return ['calicoctl', 'node', 'status'];
      case 'version':
        return ['calicoctl', 'version'];
    }
  },
});

interface Shape {
  verb: 'get' | 'ipam' | 'node' | 'version';
  what?: string | undefined;
  name?: string | undefined;
  output?: string | undefined;
  allNamespaces: boolean;
  showBlocks: boolean;
  showBorrowed: boolean;
  showConfiguration: boolean;
}

/** Which words and flags each verb takes; anything else is refused with the reason. */
function checkShape(args: Shape): string | undefined {
  const ipamFlags = args.showBlocks || args.showBorrowed || args.showConfiguration;
  switch (args.verb) {
    case 'get':
      if (!args.what) return 'get needs a resource, as in: calicoctl get ippool';
      if (!(resources as readonly string[]).includes(args.what.toLowerCase())) {
        return `'${args.what}' is not a Calico resource (such as ippool, wep, bgppeer, gnp, node)`;
      }
      return ipamFlags ? '--show-blocks and friends go with ipam show' : undefined;
    case 'ipam':
      if (args.what !== 'show' || args.name) return `${readOnly}; ipam takes only show`;
      return args.output || args.allNamespaces ? '-o and -A go with get' : undefined;
    case 'node':
      if (args.what !== 'status' || args.name) return `${readOnly}; node takes only status`;
      return args.output || args.allNamespaces || ipamFlags ? 'node status takes no flags' : undefined;
    case 'version':
      return args.what || args.output || args.allNamespaces || ipamFlags
        ? 'version takes nothing after it'
        : undefined;
  }
}
