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
  authCanI: {
    path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    accept: 'application/vnd.kubernetes.protobuf,application/json',
    contentType: 'application/vnd.kubernetes.protobuf',
  },
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

/** A resource request with the Accept header too, for the debug, exec and logs sessions. */
export interface WireRequestWithAccept extends WireRequest {
  readonly accept: string;
}

/** `kubectl debug POD --image=... -c C --attach=false --profile=netadmin -- ARGS`: no discovery. */
export function recordedDebug(ns: string, pod: string): WireRequestWithAccept[] {
  const path = `/api/v1/namespaces/${ns}/pods/${pod}`;
  return [
    { method: 'GET', path, query: '', contentType: '', accept: kubectlWire.json },
    {
      method: 'PATCH',
      path: `${path}/ephemeralcontainers`,
      query: '',
      contentType: kubectlWire.debug.contentType,
      accept: kubectlWire.debug.accept,
    },
  ];
}

/** The last request of `kubectl exec`: the WebSocket upgrade (the access log shows no Accept for it). */
export function recordedExecUpgrade(ns: string, pod: string, query: string): WireRequestWithAccept {
  return {
    method: 'GET',
    path: `/api/v1/namespaces/${ns}/pods/${pod}/exec`,
    query,
    contentType: '',
    accept: '',
  };
}

/** `kubectl logs POD -c C` for each container: the pod, then its log only if C is in the pod. */
export function recordedLogs(
  ns: string,
  pod: string,
  containers: readonly { name: string; inPod: boolean }[],
): WireRequestWithAccept[] {
  const path = `/api/v1/namespaces/${ns}/pods/${pod}`;
  const get = (at: string, query: string) => ({
    method: 'GET',
    path: at,
    query,
    contentType: '',
    accept: kubectlWire.json,
  });
  return containers.flatMap(({ name, inPod }) => [
    get(path, ''),
    ...(inPod ? [get(`${path}/log`, `?container=${name}`)] : []),
  ]);
}

const field = (number: number, bytes: Buffer) => {
  // One-byte lengths are enough for the short names the replayed commands carry.
  if (bytes.length > 127) throw new Error('the replay encodes only short protobuf fields');
  return Buffer.concat([Buffer.from([(number << 3) | 2, bytes.length]), bytes]);
};
const text = (value: string) => Buffer.from(value, 'utf8');
const empty = Buffer.alloc(0);

/**
 * ObjectMeta as kubectl fills it: name, then empty generateName, namespace, selfLink, uid,
 * resourceVersion, generation 0, and an empty creationTimestamp.
 */
function objectMeta(name: string): Buffer {
  return Buffer.concat([
    field(1, text(name)),
    field(2, empty),
    field(3, empty),
    field(4, empty),
    field(5, empty),
    field(6, empty),
    Buffer.from([0x38, 0x00]),
    field(8, empty),
  ]);
}

/** The `k8s\0` envelope (runtime.Unknown) kubectl's typed client wraps an object in. */
function envelope(apiVersion: string, kind: string, object: Buffer): Buffer {
  const typeMeta = Buffer.concat([field(1, text(apiVersion)), field(2, text(kind))]);
  return Buffer.concat([
    Buffer.from('k8s\0', 'latin1'),
    field(1, typeMeta),
    field(2, object),
    field(3, empty),
    field(4, empty),
  ]);
}

/** The protobuf kubectl create namespace sends: the `k8s\0` envelope around a v1 Namespace. */
export function namespaceProtobuf(name: string): Buffer {
  const namespace = Buffer.concat([field(1, objectMeta(name)), field(2, empty), field(3, field(1, empty))]);
  return envelope('v1', 'Namespace', namespace);
}

/**
 * The SelfSubjectAccessReview `kubectl auth can-i VERB RESOURCE[/NAME] [--subresource S]` sends (the
 * person it asks for goes in Impersonate-User and Impersonate-Group headers): every string of
 * ResourceAttributes present, empty ones too, and an empty status.
 */
export function selfSubjectAccessReviewProtobuf(attributes: {
  namespace: string;
  verb: string;
  group: string;
  resource: string;
  subresource: string;
  name: string;
}): Buffer {
  const { namespace, verb, group, resource, subresource, name } = attributes;
  const resourceAttributes = Buffer.concat([
    field(1, text(namespace)),
    field(2, text(verb)),
    field(3, text(group)),
    field(4, empty),
    field(5, text(resource)),
    field(6, text(subresource)),
    field(7, text(name)),
  ]);
  // status: allowed false (varint), reason and evaluationError empty, denied false.
  const status = Buffer.from([0x08, 0x00, 0x12, 0x00, 0x1a, 0x00, 0x20, 0x00]);
  const review = Buffer.concat([
    field(1, objectMeta('')),
    field(2, field(1, resourceAttributes)),
    field(3, status),
  ]);
  return envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', review);
}

/**
 * What kubectl v1.32 sent for `auth can-i create pods/web --subresource=exec -n shop --as
 * alice@example.com --as-group sre --as-group oncall`, captured at the double: the replay's
 * encoding is held to it.
 */
export const recordedCanIBody =
  '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a65637441636365737352657669657712430a100a0012001a0022002a0032003800420012250a230a0473686f7012066372656174651a0022002a04706f64733204657865633a037765621a08080012001a0020001a002200';
