import { namespaceLabelsOf } from './kubernetes-rule.js';
import type { PolicyEndpoint } from './policy-question.js';

// The labels Calico's selectors see are more than the pod's own (docs: "Calico automatic labels",
// and the profiles Calico's Kubernetes datastore makes of namespaces and service accounts): a pod
// also carries projectcalico.org/namespace, projectcalico.org/orchestrator and
// projectcalico.org/serviceaccount, and inherits its namespace's labels as pcns.<key> and its
// service account's as pcsa.<key>; a namespace carries projectcalico.org/name.

type Labels = Readonly<Record<string, string>>;

export function calicoEndpointLabels(end: PolicyEndpoint): Labels {
  const inherited = Object.entries(calicoNamespaceLabels(end)).map(([key, value]) => [`pcns.${key}`, value]);
  return {
    ...Object.fromEntries(inherited),
    ...(end.serviceAccount === undefined
      ? {}
      : {
          'projectcalico.org/serviceaccount': end.serviceAccount,
          'pcsa.projectcalico.org/name': end.serviceAccount,
        }),
    'projectcalico.org/namespace': end.namespace,
    'projectcalico.org/orchestrator': 'k8s',
    ...end.labels,
  };
}

export function calicoNamespaceLabels(end: PolicyEndpoint): Labels {
  return { ...namespaceLabelsOf(end), 'projectcalico.org/name': end.namespace };
}

/**
 * A service account as serviceAccountSelector sees it. The question carries only the account's
 * name, so selectors on other labels of the ServiceAccount object cannot match here.
 */
export function calicoServiceAccountLabels(end: PolicyEndpoint): Labels {
  return end.serviceAccount === undefined ? {} : { 'projectcalico.org/name': end.serviceAccount };
}
