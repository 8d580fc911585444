/**
 * What a tool sees of the environment: the worker's holds its Slack tokens, the job secret and the
 * Redis URL, and a tool's output (an error that prints its settings, a verbose client) goes to
 * Slack. So only what tools need is passed: PATH (the toolbox's scripts first), a UTF-8 locale, a
 * HOME, a terminal that asks for no colours or cursor codes, and the settings calicoctl reads to
 * find its datastore (DATASTORE_TYPE, the in-cluster API server, KUBECONFIG's path, CALICO_* and
 * the etcd variant's ETCD_* file paths), which the worker's Deployment sets for it.
 */
export function toolEnvironment(toolDirs: readonly string[]): NodeJS.ProcessEnv {
  const path = [
    ...toolDirs,
    process.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  ];
  const passed = Object.entries(process.env).filter(
    ([name, value]) => value !== undefined && (datastoreNames.has(name) || /^(CALICO|ETCD)_/.test(name)),
  );
  return {
    ...Object.fromEntries(passed),
    PATH: path.join(':'),
    LANG: 'C.UTF-8',
    HOME: process.env.HOME ?? '/',
    TERM: 'dumb',
  };
}

const datastoreNames: ReadonlySet<string> = new Set([
  'DATASTORE_TYPE',
  'KUBECONFIG',
  'KUBERNETES_SERVICE_HOST',
  'KUBERNETES_SERVICE_PORT',
]);
