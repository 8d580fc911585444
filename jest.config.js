// ESM throughout: @kubernetes/client-node 1.x ships only ES modules, so the tests run as ES modules
// too (NODE_OPTIONS=--experimental-vm-modules, set by `npm test`). ts-jest only transpiles; `npm run
// typecheck` is the type check.
const transform = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
};
const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform,
  testEnvironment: 'node',
};

export default {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...shared,
      displayName: 'integration',
      // These suites share one dockerd and one Redis: run them one file at a time, as scripts/test
      // does with --runInBand (jest takes maxWorkers from the command line or the top level, never
      // from a project).
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
    },
  ],
};
