import {
  assertSafeToStart,
  coalesceCapMs,
  coalesceMs,
  drainMs,
  serverUrl,
} from "../../src/runtime/startup.js";

describe("starting the server", () => {
  it("refuses production with Probot's default webhook secret, or none", () => {
    expect(() =>
      assertSafeToStart({ NODE_ENV: "production", WEBHOOK_SECRET: "development" }),
    ).toThrow(/default webhook secret/);
    expect(() => assertSafeToStart({ NODE_ENV: "production" })).toThrow(/WEBHOOK_SECRET/);
  });

  it("starts in production with a real secret, and anywhere outside production", () => {
    expect(() =>
      assertSafeToStart({ NODE_ENV: "production", WEBHOOK_SECRET: "s3cr3t" }),
    ).not.toThrow();
    expect(() => assertSafeToStart({ NODE_ENV: "development" })).not.toThrow();
  });

  it("links to github.com, or to the GHE server named by GHE_HOST", () => {
    expect(serverUrl({})).toBe("https://github.com");
    expect(serverUrl({ GHE_HOST: "git.acme.test" })).toBe("https://git.acme.test");
    expect(serverUrl({ GHE_HOST: "127.0.0.1:8080", GHE_PROTOCOL: "http" })).toBe(
      "http://127.0.0.1:8080",
    );
  });

  it("reads the coalescing window (SPEC's 1 s by default), falling back on nonsense", () => {
    expect(coalesceMs({})).toBe(1000);
    expect(coalesceMs({ COUNTERSIGN_COALESCE_MS: "0" })).toBe(0);
    expect(coalesceMs({ COUNTERSIGN_COALESCE_MS: "soon" })).toBe(1000);
  });

  it("caps the wait at 3 s by default, three windows when only the window is set, never below the window", () => {
    expect(coalesceCapMs({})).toBe(3000);
    expect(coalesceCapMs({ COUNTERSIGN_COALESCE_MS: "20" })).toBe(60);
    expect(coalesceCapMs({ COUNTERSIGN_COALESCE_CAP_MS: "5000" })).toBe(5000);
    expect(
      coalesceCapMs({ COUNTERSIGN_COALESCE_MS: "2000", COUNTERSIGN_COALESCE_CAP_MS: "500" }),
    ).toBe(2000);
  });

  it("waits 25 s for evaluations in flight on SIGTERM unless told otherwise", () => {
    expect(drainMs({})).toBe(25_000);
    expect(drainMs({ COUNTERSIGN_DRAIN_MS: "5000" })).toBe(5000);
  });

  it("with APP_ID set, refuses a missing or default secret outside development and test", () => {
    expect(() => assertSafeToStart({ APP_ID: "1" })).toThrow(/APP_ID is set/);
    expect(() => assertSafeToStart({ APP_ID: "1", WEBHOOK_SECRET: "development" })).toThrow(
      /WEBHOOK_SECRET/,
    );
    expect(() => assertSafeToStart({ APP_ID: "1", WEBHOOK_SECRET: "s3cr3t" })).not.toThrow();
    expect(() => assertSafeToStart({ APP_ID: "1", NODE_ENV: "test" })).not.toThrow();
    expect(() => assertSafeToStart({ APP_ID: "1", NODE_ENV: "development" })).not.toThrow();
    // No app yet: the setup flow, which needs no secret.
    expect(() => assertSafeToStart({})).not.toThrow();
  });
});
