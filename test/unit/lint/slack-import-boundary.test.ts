import { ESLint } from 'eslint';

/**
 * STYLE.md's one design rule: src/slack parses, checks policy and enqueues, and never imports the code
 * that runs things. The rule lives in eslint.config.js; these cases lint real source text with the
 * project's own configuration, as `npm run lint` does.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((message) => message.message);
}

const forbidden: ReadonlyArray<[string, string]> = [
  ['dockerode', "import Docker from 'dockerode';\nexport const docker = new Docker();\n"],
  [
    'the Kubernetes client',
    "import { KubeConfig } from '@kubernetes/client-node';\nexport const config = new KubeConfig();\n",
  ],
  [
    'a Kubernetes client subpath',
    "import * as kube from '@kubernetes/client-node/dist/gen';\nexport { kube };\n",
  ],
  ['an executor', "import { openSession } from '../executors/docker/session.js';\nexport { openSession };\n"],
  [
    'the executor contract as a value',
    "import { Executor } from '../executors/executor.js';\nexport const used = Executor;\n",
  ],
  [
    'types from an executor other than the contract',
    "import type { DockerSession } from '../executors/docker/session.js';\nexport type Used = DockerSession;\n",
  ],
  [
    'a target resolver',
    "import { resolveTarget } from '../targets/resolve.js';\nexport { resolveTarget };\n",
  ],
  [
    'a target resolver from a nested folder',
    "import { resolveTarget } from '../../targets/resolve.js';\nexport { resolveTarget };\n",
  ],
];

describe('the import boundary of src/slack', () => {
  it.each(forbidden)('refuses %s in a file under src/slack', async (_what, code) => {
    const messages = await restrictedImports('src/slack/listeners/fixture.ts', code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/src\/slack|worker side/);
  });

  it('lets src/slack import the queue, the grammar and the catalogue', async () => {
    const code = [
      "import { jobDataSchema } from '../queue/job.js';",
      "import { parseTargetToken } from '../grammar/target.js';",
      "import { commands } from '../../commands/index.js';",
      'export const used = [jobDataSchema, parseTargetToken, commands];',
      '',
    ].join('\n');
    expect(await restrictedImports('src/slack/fixture.ts', code)).toEqual([]);
  });

  it('lets src/slack take RunResult and its kin from the executor contract as types', async () => {
    const code =
      "import type { RunResult } from '../../executors/executor.js';\nexport type Shown = RunResult;\n";
    expect(await restrictedImports('src/slack/blocks/fixture.ts', code)).toEqual([]);
  });

  it('lets the worker side import executors, targets and dockerode', async () => {
    const code = [
      "import Docker from 'dockerode';",
      "import type { Executor } from '../executors/executor.js';",
      "import { resolveTarget } from '../targets/resolve.js';",
      'export const used: [unknown, Executor | undefined, unknown] = [Docker, undefined, resolveTarget];',
      '',
    ].join('\n');
    expect(await restrictedImports('src/worker/fixture.ts', code)).toEqual([]);
  });
});
