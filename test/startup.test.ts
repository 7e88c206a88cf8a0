import { assertSafeToStart, coalesceMs, serverUrl } from "../src/startup.js";

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

  it("reads the coalescing delay, falling back on nonsense", () => {
    expect(coalesceMs({})).toBe(300);
    expect(coalesceMs({ COUNTERSIGN_COALESCE_MS: "0" })).toBe(0);
    expect(coalesceMs({ COUNTERSIGN_COALESCE_MS: "soon" })).toBe(300);
  });
});
