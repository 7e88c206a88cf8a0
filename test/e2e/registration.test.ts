/**
 * Registration (SPEC §1): without credentials, `node lib/start.js` (what
 * `npm start` runs) serves Probot's setup page, whose manifest registers the
 * webhook URL PUBLIC_URL + WEBHOOK_PATH — not the page's bare root — on the
 * organisation GH_ORG names.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "../support/server.js";

const ROOT = resolve(import.meta.dirname, "../..");

function unescapeHtml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

async function setupPage(env: Record<string, string>): Promise<string> {
  const port = await freePort();
  // Probot's setup flow reads app.yml from the working directory, as the image's /app holds it.
  const cwd = mkdtempSync(join(tmpdir(), "countersign-setup-"));
  copyFileSync(join(ROOT, "app.yml"), join(cwd, "app.yml"));
  const child: ChildProcess = spawn("node", [join(ROOT, "lib/start.js")], {
    cwd,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "development",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      NO_SMEE_SETUP: "true",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  try {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/probot`);
        if (res.ok) return await res.text();
      } catch {
        // not listening yet
      }
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no setup page:\n${log}`);
  } finally {
    child.kill("SIGKILL");
  }
}

describe("registering the app", () => {
  it("the setup page's manifest sends webhooks to PUBLIC_URL + WEBHOOK_PATH, under GH_ORG", async () => {
    const html = await setupPage({
      PUBLIC_URL: "https://countersign.acme.example/",
      WEBHOOK_PATH: "/hooks/github",
      GH_ORG: "acme",
    });
    const button = /name="manifest"[^>]*value='([^']*)'/.exec(html)?.[1] ?? "{}";
    const manifest = JSON.parse(unescapeHtml(button));
    expect(manifest.hook_attributes.url).toBe("https://countersign.acme.example/hooks/github");
    expect(manifest.default_events).toEqual(
      expect.arrayContaining(["pull_request", "custom_property_values"]),
    );
    expect(html).toContain("/organizations/acme/settings/apps/new");
  });
});
