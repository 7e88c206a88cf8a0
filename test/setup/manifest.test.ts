/**
 * Registration (SPEC §1): the setup page posts a manifest whose webhook URL is
 * PUBLIC_URL + WEBHOOK_PATH, on the organisation named by GH_ORG, with the
 * permissions and events of app.yml — and app.yml names no placeholder host.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parse as parseYaml } from "yaml";
import { ManifestCreation } from "../../node_modules/probot/lib/manifest-creation.js";
import {
  type AppManifest,
  createAppUrl,
  publicOrigin,
  setupManifest,
  setupPageHandler,
  webhookUrl,
} from "../../src/setup/manifest.js";

const APP_YML = readFileSync("app.yml", "utf8");

/** Serves the setup page on 127.0.0.1 and reads back the form it renders. */
async function postedForm(
  env: NodeJS.ProcessEnv,
  headers: Record<string, string> = {},
): Promise<{ action: string; manifest: AppManifest; html: string }> {
  const handler = setupPageHandler(env);
  const server: Server = createServer(async (req, res) => {
    if (!(await handler(req, res))) res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/probot`, { headers });
    expect(res.status).toBe(200);
    const html = await res.text();
    const fromHtml = (s: string) =>
      s
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&amp;/g, "&");
    const action = fromHtml(/<form action="([^"]*)" method="post">/.exec(html)?.[1] ?? "");
    const value = /<input type="hidden" name="manifest" value="([^"]*)">/.exec(html)?.[1] ?? "";
    return { action, manifest: JSON.parse(fromHtml(value)), html };
  } finally {
    await new Promise((r) => server.close(r));
  }
}

describe("the setup page's manifest", () => {
  it("registers PUBLIC_URL + WEBHOOK_PATH as the webhook URL", async () => {
    const { manifest, action } = await postedForm(
      { PUBLIC_URL: "https://countersign.acme.io/" },
      { "x-forwarded-host": "localhost:3000" },
    );
    expect(manifest.hook_attributes.url).toBe("https://countersign.acme.io/api/github/webhooks");
    expect(manifest.redirect_url).toBe("http://localhost:3000/probot/setup");
    expect(action).toBe("https://github.com/settings/apps/new");
    const custom = await postedForm({
      PUBLIC_URL: "https://ops.acme.io/countersign",
      WEBHOOK_PATH: "/hooks",
    });
    expect(custom.manifest.hook_attributes.url).toBe("https://ops.acme.io/countersign/hooks");
  });

  it("posts to the organisation's app settings with GH_ORG (and to GHE_HOST)", async () => {
    const { action, html } = await postedForm({ PUBLIC_URL: "https://c.acme.io", GH_ORG: "acme" });
    expect(action).toBe("https://github.com/organizations/acme/settings/apps/new");
    expect(html).toContain("on the organisation acme");
    expect(createAppUrl({ GH_ORG: "acme", GHE_HOST: "ghe.acme.io", GHE_PROTOCOL: "https" })).toBe(
      "https://ghe.acme.io/organizations/acme/settings/apps/new",
    );
  });

  it("without PUBLIC_URL registers the setup page's own origin + WEBHOOK_PATH, never its root", async () => {
    const { manifest } = await postedForm(
      {},
      { "x-forwarded-proto": "https", "x-forwarded-host": "c.acme.io" },
    );
    expect(manifest.hook_attributes.url).toBe("https://c.acme.io/api/github/webhooks");
    expect(webhookUrl({ WEBHOOK_PROXY_URL: "https://smee.io/abc" }, "http://x")).toBe(
      "https://smee.io/abc",
    );
  });

  it("carries app.yml's permissions and events, each with its reason", async () => {
    const { manifest } = await postedForm({ PUBLIC_URL: "https://c.acme.io" });
    expect(manifest.default_permissions).toEqual({
      metadata: "read",
      pull_requests: "write",
      contents: "read",
      checks: "write",
      issues: "write",
      members: "read",
      merge_queues: "read",
      organization_custom_properties: "read",
    });
    expect(manifest.default_events).toEqual([
      "pull_request",
      "pull_request_review",
      "issue_comment",
      "check_run",
      "check_suite",
      "merge_group",
      "membership",
      "push",
      "custom_property_values",
    ]);
    expect(manifest.public).toBe(true);
    // Every permission and event line says why it is asked for.
    const lines = APP_YML.split("\n");
    const section = (key: string) => {
      const start = lines.indexOf(`${key}:`);
      const rest = lines.slice(start + 1);
      const end = rest.findIndex((l) => !l.startsWith("  "));
      return rest.slice(0, end === -1 ? undefined : end);
    };
    for (const line of [...section("default_permissions"), ...section("default_events")]) {
      expect(line).toMatch(/^ {2}\S.*\S\s+# \S.{10,}$/);
    }
  });

  it("differs from Probot's own manifest only in the webhook URL", () => {
    const env = { PUBLIC_URL: "https://c.acme.io" };
    const baseUrl = "http://localhost:3000";
    const pkg = JSON.parse(readFileSync("package.json", "utf8"));
    const saved = { ...process.env };
    let probots: AppManifest;
    try {
      delete process.env.WEBHOOK_PROXY_URL;
      delete process.env.PROJECT_DOMAIN;
      probots = JSON.parse(
        new ManifestCreation().getManifest({
          pkg,
          baseUrl,
          readFileSync: (() => APP_YML) as unknown as typeof readFileSync,
        }),
      );
    } finally {
      process.env = saved;
    }
    const ours = setupManifest({ env, baseUrl, appYml: APP_YML });
    // Probot registers the page's root, which never reaches WEBHOOK_PATH.
    expect(probots.hook_attributes.url).toBe("http://localhost:3000/");
    expect({ ...ours, hook_attributes: probots.hook_attributes }).toEqual(probots);
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
