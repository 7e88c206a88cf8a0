/** ESM + ts-jest: see ../shared/reference/platform.md (type-checking runs as `tsc --noEmit`). */
export default {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: { "^.+\\.ts$": ["ts-jest", { useESM: true, isolatedModules: true, diagnostics: false }] },
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  reporters: ["default", "<rootDir>/scripts/plain-summary-reporter.js"],
  testTimeout: 30000,
  // The e2e suites mostly wait (Probot spaces each installation's writes a
  // second apart), so three workers on two cores finish in far less time.
  maxWorkers: 3,
  // A leaked handle must not hang CI; leaks are fixed where found (see test/github/redis-store).
  forceExit: true,
};
