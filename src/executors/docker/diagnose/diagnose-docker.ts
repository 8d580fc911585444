import type Docker from 'dockerode';
import type { ApiView, DiagnoseQuery } from '../../../diagnose/diagnosis.js';
import { judgeDockerPath } from './judge-docker-path.js';
import { readDockerPath } from './read-docker-path.js';

/**
 * `diagnose` on Docker (issue 14): the engine's view of the path from FROM to TO, read with inspect
 * and list calls only, judged into the `service` and `policy` layers and the addresses to probe.
 */
export async function diagnoseDocker(docker: Docker, query: DiagnoseQuery): Promise<ApiView> {
  query.signal?.throwIfAborted();
  return judgeDockerPath(await readDockerPath(docker, query));
}
