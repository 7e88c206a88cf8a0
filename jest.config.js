/** ESM + ts-jest: see ../shared/reference/platform.md (type-checking runs as `tsc --noEmit`). */
export default {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: { "^.+\\.ts$": ["ts-jest", { useESM: true, isolatedModules: true, diagnostics: false }] },
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  reporters: ["default", "<rootDir>/scripts/plain-summary-reporter.js"],
  testTimeout: 30000,
  // A leaked handle must not hang CI; leaks are fixed where found (see test/github/redis-store).
  forceExit: true,
};
