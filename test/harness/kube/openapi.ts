import { coreResources, groupResources, serverVersion } from './discovery.js';

/**
 * Just enough OpenAPI v3 for `kubectl apply`: before it sends anything, kubectl asks whether the
 * server validates fields itself (a `fieldValidation` query parameter on the kind's PATCH operation).
 * The double says yes, so kubectl sends `fieldValidation=Strict` and leaves the checking to the double
 * (the official schemas, see validate-object) instead of downloading schemas it does not serve.
 */
const groupVersions = (): Record<string, typeof coreResources> => ({
  'api/v1': coreResources,
  ...Object.fromEntries(Object.entries(groupResources).map(([gv, resources]) => [`apis/${gv}`, resources])),
});

export function openApiRoot(): unknown {
  return {
    paths: Object.fromEntries(
      Object.keys(groupVersions()).map((path) => [
        path,
        { serverRelativeURL: `/openapi/v3/${path}?hash=${serverVersion.gitCommit}` },
      ]),
    ),
  };
}

/** The document of one group version: a PATCH operation per kind, tagged with its group, version, kind. */
export function openApiGroupVersion(path: string): unknown {
  const resources = groupVersions()[path];
  if (!resources) return undefined;
  const [group, version] = path === 'api/v1' ? ['', 'v1'] : path.replace(/^apis\//, '').split('/');
  const paths = Object.fromEntries(
    resources
      .filter((resource) => !resource.name.includes('/') && resource.verbs.includes('patch'))
      .map((resource) => [
        `/${path}${resource.namespaced ? '/namespaces/{namespace}' : ''}/${resource.name}/{name}`,
        {
          patch: {
            operationId: `patch${resource.kind}`,
            'x-kubernetes-group-version-kind': { group, version, kind: resource.kind },
            parameters: [
              { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
            ],
            responses: { '200': { description: 'OK' } },
          },
        },
      ]),
  );
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: serverVersion.gitVersion },
    paths,
    components: { schemas: {} },
  };
}
