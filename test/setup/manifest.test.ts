/**
 * Registration (SPEC §1): the webhook URL is PUBLIC_URL + WEBHOOK_PATH, and
 * app.yml names no placeholder host. The setup page itself is read in
 * test/e2e/registration.test.ts.
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { publicOrigin, webhookUrl } from "../../src/setup/manifest.js";

const APP_YML = readFileSync("app.yml", "utf8");

describe("the webhook URL the app registers", () => {
  it("is PUBLIC_URL + WEBHOOK_PATH, a path prefix kept", () => {
    expect(webhookUrl({ PUBLIC_URL: "https://c.acme.io/" }, "http://x")).toBe(
      "https://c.acme.io/api/github/webhooks",
    );
    expect(
      webhookUrl({ PUBLIC_URL: "https://ops.acme.io/cs", WEBHOOK_PATH: "/hooks" }, "http://x"),
    ).toBe("https://ops.acme.io/cs/hooks");
  });

  it("app.yml names no webhook URL, so nothing in it can override the computed one", () => {
    const file = parseYaml(APP_YML) as Record<string, unknown>;
    expect(file.hook_attributes).toBeUndefined();
    expect(APP_YML).not.toMatch(/example\.(invalid|com)|localhost|smee\.io/);
  });

  it("refuses a PUBLIC_URL GitHub could not call", () => {
    expect(publicOrigin("https://c.acme.io/")).toBe("https://c.acme.io");
    expect(() => publicOrigin("c.acme.io")).toThrow(/absolute URL/);
    expect(() => publicOrigin("ftp://c.acme.io")).toThrow(/http\(s\)/);
    expect(() => publicOrigin("https://c.acme.io/?x=1")).toThrow(/no query/);
    expect(() =>
      webhookUrl({ PUBLIC_URL: "https://c.acme.io", WEBHOOK_PATH: "hooks" }, ""),
    ).toThrow(/WEBHOOK_PATH/);
  });
});
