/**
 * The GitHub App manifest the setup flow posts to GitHub (SPEC §1), with the
 * webhook URL the operator gives.
 *
 * Probot 14's setup page (`ManifestCreation.getManifest`, not exported) reads
 * `app.yml`, sets `hook_attributes.url` to `WEBHOOK_PROXY_URL` or the setup
 * page's own root (`${baseUrl}/`), then spreads `app.yml` over the result.
 * Neither URL reaches `WEBHOOK_PATH`, so an app registered that way never
 * gets a webhook. This module builds the same manifest with
 * `hook_attributes.url = PUBLIC_URL + WEBHOOK_PATH`, and serves the setup page
 * that posts it (`GET /probot`); Probot's handler keeps the rest of the flow
 * (`/probot/setup` exchanges GitHub's code for the credentials).
 */
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseYaml } from "yaml";

export const DEFAULT_WEBHOOK_PATH = "/api/github/webhooks";

/** The fields of a GitHub App manifest the setup flow sends. */
export interface AppManifest {
  name: string;
  description?: string;
  url?: string;
  hook_attributes: { url: string; active?: boolean };
  redirect_url: string;
  public: boolean;
  default_events?: string[];
  default_permissions?: Record<string, string>;
  version: "v1";
  [key: string]: unknown;
}

export interface ManifestOptions {
  env: NodeJS.ProcessEnv;
  /** The setup page's origin as the browser sees it, e.g. `http://localhost:3000`. */
  baseUrl: string;
  /** `app.yml`'s text; defaults to the package's own `app.yml`. */
  appYml?: string;
}

const PACKAGE_ROOT = new URL("../../", import.meta.url);

function packageJson(): { name?: string; description?: string; homepage?: string } {
  return JSON.parse(readFileSync(new URL("package.json", PACKAGE_ROOT), "utf8"));
}

export function readAppYml(): string {
  return readFileSync(new URL("app.yml", PACKAGE_ROOT), "utf8");
}

/**
 * Where GitHub must send webhooks: `PUBLIC_URL` (the server's public origin,
 * optionally with a path prefix) plus `WEBHOOK_PATH`. Without `PUBLIC_URL`,
 * a smee proxy URL (`WEBHOOK_PROXY_URL`, development) or else the setup
 * page's own origin plus `WEBHOOK_PATH`.
 */
export function webhookUrl(env: NodeJS.ProcessEnv, baseUrl: string): string {
  const path = env.WEBHOOK_PATH || DEFAULT_WEBHOOK_PATH;
  if (!path.startsWith("/")) throw new Error(`WEBHOOK_PATH must start with "/" (got "${path}")`);
  if (env.PUBLIC_URL) return `${publicOrigin(env.PUBLIC_URL)}${path}`;
  if (env.WEBHOOK_PROXY_URL) return env.WEBHOOK_PROXY_URL;
  return `${baseUrl.replace(/\/+$/, "")}${path}`;
}

/** `PUBLIC_URL` without its trailing slash; refuses what GitHub could not call. */
export function publicOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(
      `PUBLIC_URL must be an absolute URL such as https://countersign.example.com (got "${value}")`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new Error(`PUBLIC_URL must be an http(s) URL (got "${value}")`);
  if (url.search || url.hash || url.username || url.password)
    throw new Error(`PUBLIC_URL must have no query, fragment or credentials (got "${value}")`);
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** The manifest Probot's setup page would post, with the webhook URL fixed. */
export function setupManifest({
  env,
  baseUrl,
  appYml = readAppYml(),
}: ManifestOptions): AppManifest {
  const pkg = packageJson();
  const file = (parseYaml(appYml) ?? {}) as Record<string, unknown>;
  const base = baseUrl.replace(/\/+$/, "");
  // Probot's own construction (manifest-creation.js), fields in its order.
  const manifest: AppManifest = {
    description: (file.description as string | undefined) ?? pkg.description,
    hook_attributes: { url: "" },
    name: env.PROJECT_DOMAIN || (file.name as string | undefined) || pkg.name || "countersign",
    public: true,
    redirect_url: `${base}/probot/setup`,
    url: (file.url as string | undefined) ?? pkg.homepage,
    version: "v1",
    ...file,
  };
  manifest.hook_attributes = {
    ...(file.hook_attributes as object | undefined),
    url: webhookUrl(env, base),
  };
  return manifest;
}

/** Where the setup page posts the manifest: the user's apps, or `GH_ORG`'s. */
export function createAppUrl(env: NodeJS.ProcessEnv): string {
  const host = env.GHE_HOST || "github.com";
  const org = env.GH_ORG ? `/organizations/${encodeURIComponent(env.GH_ORG)}` : "";
  return `${env.GHE_PROTOCOL || "https"}://${host}${org}/settings/apps/new`;
}

/** The browser's view of the server's origin, as Probot's setup page computes it. */
export function requestBaseUrl(req: IncomingMessage): string {
  const forwarded = req.headers["x-forwarded-proto"];
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted;
  const proto =
    typeof forwarded === "string" ? forwarded.split(",")[0]?.trim() : encrypted ? "https" : "http";
  const host = req.headers["x-forwarded-host"] ?? req.headers.host;
  return `${proto || "http"}://${host}`;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

/**
 * `GET /probot`: the page with the "Register GitHub App" button, posting the
 * manifest above. Put it before Probot's setup handler; it answers nothing
 * else (returns false), so Probot still handles `/probot/setup`, `/probot/import`.
 * Building the manifest checks PUBLIC_URL and WEBHOOK_PATH: call
 * `setupManifest` once at start to refuse a bad value early.
 */
export function setupPageHandler(env: NodeJS.ProcessEnv = process.env) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" || path !== "/probot") return false;
    const manifest = setupManifest({ env, baseUrl: requestBaseUrl(req) });
    const action = createAppUrl(env);
    const where = env.GH_ORG ? `the organisation ${escapeHtml(env.GH_ORG)}` : "your account";
    const html = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Set up ${escapeHtml(manifest.name)}</title></head>
<body>
<h1>Set up ${escapeHtml(manifest.name)}</h1>
<p>${escapeHtml(manifest.description ?? "")}</p>
<p>This registers a GitHub App on ${where}, with its webhooks sent to
<code>${escapeHtml(manifest.hook_attributes.url)}</code>.</p>
<form action="${escapeHtml(action)}" method="post">
<input type="hidden" name="manifest" value="${escapeHtml(JSON.stringify(manifest))}">
<button type="submit">Register GitHub App</button>
<a href="/probot/import">or use an existing GitHub App</a>
</form>
</body>
</html>
`;
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
    return true;
  };
}
