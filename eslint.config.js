import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The design's one rule (STYLE.md): the Slack side parses, checks policy and enqueues; it never
 * reaches the code that runs things. Exported so test/unit/lint proves it with a fixture.
 */
export const slackImportBoundary = {
  paths: [
    { name: 'dockerode', message: 'src/slack only enqueues: Docker belongs to the worker side.' },
    {
      name: '@kubernetes/client-node',
      message: 'src/slack only enqueues: Kubernetes belongs to the worker side.',
    },
  ],
  patterns: [
    {
      // The contract file src/executors/executor.ts is allowed as types only: types cost nothing at
      // run time. (RunResult and JobOutcome now live in src/results, which src/slack imports freely.)
      regex: '^(\\.{1,2}/)+(src/)?executors/executor\\.js$',
      allowTypeImports: true,
      message: 'src/slack may use the RunResult types of executors/executor.ts, nothing that runs.',
    },
    {
      regex: '^(\\.{1,2}/)+(src/)?(executors/(?!executor\\.js$)|executors$|targets(/|$))',
      message: 'src/slack must not import executors or targets: put the job on the queue instead.',
    },
    {
      regex: '^(dockerode|@kubernetes/client-node)/',
      message: 'src/slack only enqueues: Docker and Kubernetes belong to the worker side.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    plugins: { 'import-x': importX },
    rules: {
      // Imports name their files (`./x.js`): NodeNext ESM requires the extension at run time.
      'import-x/no-duplicates': 'error',
      'import-x/first': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A suppression must say why (STYLE.md: every lint suppression carries its reason).
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['src/slack/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', slackImportBoundary] },
  },
  {
    files: ['test/**/*.ts'],
    languageOptions: { globals: { ...globals.jest } },
  },
);
