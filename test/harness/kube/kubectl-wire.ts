/**
 * What kubectl v1.32 sends to an API server for the commands docs/kubernetes.md and the tests type,
 * recorded with `kubectl -v=8` against the double (see kubectl-wire.md next to this file, and
 * /work/shared/reference/kubectl-wire.md for debug, exec and logs). kubectl-replay.ts sends these on
 * machines without kubectl; the contract test checks, on machines with it, that kubectl still sends
 * them, so the recording cannot drift from the real client unnoticed.
 */
export const recordedUserAgent = 'kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07 (replayed)';

export const kubectlWire = {
  json: 'application/json, */*',
  discovery: {
    accept:
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json',
    resourceAccept: 'application/json, */*',
  },
  get: {
    accept:
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json',
  },
  createNamespace: {
    path: '/api/v1/namespaces',
    query: '?fieldManager=kubectl-create&fieldValidation=Strict',
    accept: 'application/vnd.kubernetes.protobuf,application/json',
    contentType: 'application/vnd.kubernetes.protobuf',
  },
  run: { query: '?fieldManager=kubectl-run' },
  apply: { query: '?fieldManager=kubectl-client-side-apply&fieldValidation=Strict' },
  delete: { body: '{"propagationPolicy":"Background"}' },
  debug: {
    accept: 'application/vnd.kubernetes.protobuf,application/json',
    contentType: 'application/strategic-merge-patch+json',
  },
  exec: { protocol: 'v5.channel.k8s.io' },
} as const;

/** One resource request as the double's access log shows it: what the contract test compares. */
export interface WireRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly contentType: string;
}

/**
 * The resource requests (discovery and OpenAPI are not in the access log) of the session the contract
 * test types, in order. `{ns}` is the test's namespace.
 */
export function recordedSession(ns: string): WireRequest[] {
  const pods = `/api/v1/namespaces/${ns}/pods`;
  const none = '';
  return [
    // kubectl create namespace NS
    {
      method: 'POST',
      path: '/api/v1/namespaces',
      query: kubectlWire.createNamespace.query,
      contentType: kubectlWire.createNamespace.contentType,
    },
    // kubectl -n NS run runner --image=... --command -- sleep infinity
    { method: 'POST', path: pods, query: kubectlWire.run.query, contentType: 'application/json' },
    // kubectl -n NS apply -f applied.yaml (new): GET 404, GET the namespace, POST
    { method: 'GET', path: `${pods}/applied`, query: none, contentType: none },
    { method: 'GET', path: `/api/v1/namespaces/${ns}`, query: none, contentType: none },
    { method: 'POST', path: pods, query: kubectlWire.apply.query, contentType: 'application/json' },
    // kubectl -n NS apply -f applied.yaml (a label added): GET, PATCH
    { method: 'GET', path: `${pods}/applied`, query: none, contentType: none },
    {
      method: 'PATCH',
      path: `${pods}/applied`,
      query: kubectlWire.apply.query,
      contentType: 'application/strategic-merge-patch+json',
    },
    // kubectl -n NS get pods -o wide
    { method: 'GET', path: pods, query: '?limit=500', contentType: none },
    // kubectl -n NS delete pod runner: DELETE, then GET until 404
    { method: 'DELETE', path: `${pods}/runner`, query: none, contentType: 'application/json' },
    { method: 'GET', path: `${pods}/runner`, query: none, contentType: none },
  ];
}
