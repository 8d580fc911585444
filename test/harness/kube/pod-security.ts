import { ApiStatusError } from './api-status.js';

/* The Pod Security admission checks that matter for what the bot asks for (capabilities, host
 * namespaces, privilege, root), worded as the real admission plugin words them. */

type Level = 'privileged' | 'baseline' | 'restricted';

interface SecurityContext {
  privileged?: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type?: string };
}

interface AnyContainer {
  name: string;
  securityContext?: SecurityContext;
}

export interface PodSpecForAdmission {
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: SecurityContext;
  containers?: AnyContainer[];
  initContainers?: AnyContainer[];
  ephemeralContainers?: AnyContainer[];
}

const baselineCapabilities = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'NET_RAW',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

const quoted = (names: readonly string[]) => names.map((name) => `"${name}"`).join(', ');

/** Throws the 403 the real server gives when the namespace's `enforce` level refuses this pod. */
export function admitPod(
  podName: string,
  namespaceLabels: Readonly<Record<string, string>>,
  spec: PodSpecForAdmission,
): void {
  const level = (namespaceLabels['pod-security.kubernetes.io/enforce'] ?? 'privileged') as Level;
  if (level === 'privileged') return;
  const containers = [
    ...(spec.containers ?? []),
    ...(spec.initContainers ?? []),
    ...(spec.ephemeralContainers ?? []),
  ];
  const violations: string[] = [];

  const hostNamespaces = [
    spec.hostNetwork ? 'hostNetwork=true' : '',
    spec.hostPID ? 'hostPID=true' : '',
    spec.hostIPC ? 'hostIPC=true' : '',
  ].filter(Boolean);
  if (hostNamespaces.length) violations.push(`host namespaces (${hostNamespaces.join(', ')})`);

  const privileged = containers.filter((c) => c.securityContext?.privileged).map((c) => c.name);
  if (privileged.length)
    violations.push(
      `privileged (container ${quoted(privileged)} must not set securityContext.privileged=true)`,
    );

  for (const container of containers) {
    const added = container.securityContext?.capabilities?.add ?? [];
    const extra = added.filter((cap) => !baselineCapabilities.has(cap));
    if (extra.length) {
      violations.push(
        `non-default capabilities (container "${container.name}" must not include ${quoted(extra)} in securityContext.capabilities.add)`,
      );
    }
  }

  if (level === 'restricted') {
    const escalating = containers
      .filter((c) => c.securityContext?.allowPrivilegeEscalation !== false)
      .map((c) => c.name);
    if (escalating.length) {
      violations.push(
        `allowPrivilegeEscalation != false (container ${quoted(escalating)} must set securityContext.allowPrivilegeEscalation=false)`,
      );
    }
    for (const container of containers) {
      const caps = container.securityContext?.capabilities;
      const added = (caps?.add ?? []).filter((cap) => cap !== 'NET_BIND_SERVICE');
      if (!(caps?.drop ?? []).includes('ALL') || added.length) {
        violations.push(
          `unrestricted capabilities (container "${container.name}" must set securityContext.capabilities.drop=["ALL"]${added.length ? ` and must not include ${quoted(added)} in securityContext.capabilities.add` : ''})`,
        );
      }
    }
    const root = containers
      .filter((c) => (c.securityContext?.runAsNonRoot ?? spec.securityContext?.runAsNonRoot) !== true)
      .map((c) => c.name);
    if (root.length)
      violations.push(
        `runAsNonRoot != true (container ${quoted(root)} must set securityContext.runAsNonRoot=true)`,
      );
    const uidZero = containers
      .filter((c) => (c.securityContext?.runAsUser ?? spec.securityContext?.runAsUser) === 0)
      .map((c) => c.name);
    if (uidZero.length)
      violations.push(`runAsUser=0 (container ${quoted(uidZero)} must not set runAsUser=0)`);
  }

  if (violations.length) {
    throw new ApiStatusError(
      403,
      'Forbidden',
      `pods "${podName}" is forbidden: violates PodSecurity "${level}:latest": ${violations.join(', ')}`,
      { name: podName, kind: 'pods' },
    );
  }
}
