/**
 * The webhook URL the setup flow registers (SPEC §1).
 *
 * Probot 14's setup page (`ManifestCreation.getManifest`) reads `app.yml` and
 * sets the manifest's `hook_attributes.url` to `WEBHOOK_PROXY_URL`, else the
 * setup page's own root (`${baseUrl}/`), which never reaches `WEBHOOK_PATH`:
 * an app registered that way never gets a webhook. `runtime/server.ts` gives
 * it `PUBLIC_URL + WEBHOOK_PATH` through `WEBHOOK_PROXY_URL` before the setup
 * flow starts (test/e2e/registration.test.ts reads the page's manifest).
 */

export const DEFAULT_WEBHOOK_PATH = "/api/github/webhooks";

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
