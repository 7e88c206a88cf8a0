/** Settings read once at start, and the checks that refuse an unsafe start. */

/** Probot's default secret (`development`) accepts webhooks anyone can forge. */
export function assertSafeToStart(env: NodeJS.ProcessEnv): void {
  const production = env.NODE_ENV === "production";
  const secret = env.WEBHOOK_SECRET;
  if (production && (!secret || secret === "development")) {
    throw new Error(
      "Refusing to start: NODE_ENV=production with the default webhook secret. Set WEBHOOK_SECRET to the secret configured on the GitHub App.",
    );
  }
}

/** Web links in the check output: github.com, or the GHE server from GHE_HOST. */
export function serverUrl(env: NodeJS.ProcessEnv): string {
  if (!env.GHE_HOST) return "https://github.com";
  return `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}`;
}

/** How long to wait for more events of one burst before evaluating (SPEC §9). */
export function coalesceMs(env: NodeJS.ProcessEnv): number {
  const n = Number(env.COUNTERSIGN_COALESCE_MS ?? 300);
  return Number.isFinite(n) && n >= 0 ? n : 300;
}

/** The gap between queued re-judgements after an organisation policy change (SPEC §7). */
export function rejudgeSpacingMs(env: NodeJS.ProcessEnv): number {
  const n = Number(env.COUNTERSIGN_REJUDGE_SPACING_MS ?? 1000);
  return Number.isFinite(n) && n >= 0 ? n : 1000;
}
