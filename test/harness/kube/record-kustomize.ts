/**
 * `npx tsx test/harness/kube/record-kustomize.ts` (needs kubectl): records what `kubectl kustomize`
 * renders for each kustomization in deploy/, into kustomize-recorded/. The deploy-manifests test holds
 * the kustomize without kubectl (kustomize.ts) to these files, so run this after changing deploy/.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { recordedKustomizations, recordingPath } from './render-deploy.js';

for (const dir of recordedKustomizations) {
  const rendered = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 60_000 });
  const path = recordingPath(dir);
  // In the repository's YAML style (npm run lint checks it); the objects are kubectl's, unchanged.
  const text = `# kubectl kustomize ${dir} (kubectl v1.32), recorded by record-kustomize.ts\n${rendered}`;
  writeFileSync(path, await format(text, { ...(await resolveConfig(path)), filepath: path }));
  process.stdout.write(`recorded ${dir} in ${path}\n`);
}
