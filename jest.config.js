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
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      // Integration suites share one dockerd and one Redis; running them one file at a time keeps
      // their namespaces, ports and containers from colliding on a 2-core machine.
      maxWorkers: 1,
    },
  ],
};
