/** Settings read once at start, and the checks that refuse an unsafe start. */

/**
 * Probot's default secret (`development`) accepts webhooks anyone can forge
 * (SPEC §1): with `APP_ID` set (a real app) or in production, `WEBHOOK_SECRET`
 * must be set and not `development`, unless `NODE_ENV` is `development` or
 * `test`.
 */
export function assertSafeToStart(env: NodeJS.ProcessEnv): void {
  const relaxed = env.NODE_ENV === "development" || env.NODE_ENV === "test";
  const secret = env.WEBHOOK_SECRET;
  if (relaxed || !(env.APP_ID || env.NODE_ENV === "production")) return;
  if (!secret || secret === "development") {
    const why = env.APP_ID ? "APP_ID is set" : "NODE_ENV=production";
    throw new Error(
      `Refusing to start: ${why} with the default webhook secret, which anyone can sign webhooks with. Set WEBHOOK_SECRET to the secret configured on the GitHub App (or NODE_ENV=development to try it locally).`,
    );
  }
}

/** Web links in the check output: github.com, or the GHE server from GHE_HOST. */
export function serverUrl(env: NodeJS.ProcessEnv): string {
  if (!env.GHE_HOST) return "https://github.com";
  return `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}`;
}

/** The quiet window: how long to wait for more events of one burst before evaluating (SPEC §9). */
export function coalesceMs(env: NodeJS.ProcessEnv): number {
  return msSetting(env.COUNTERSIGN_COALESCE_MS, 1000);
}

/**
 * The longest an event waits for its evaluation to start, whatever follows it
 * (SPEC §9: 3,000 ms): `COUNTERSIGN_COALESCE_CAP_MS`, else three windows. Never
 * shorter than the window.
 */
export function coalesceCapMs(env: NodeJS.ProcessEnv): number {
  const windowMs = coalesceMs(env);
  return Math.max(windowMs, msSetting(env.COUNTERSIGN_COALESCE_CAP_MS, 3 * windowMs));
}

/** How long SIGTERM waits for evaluations in flight before exiting anyway (SPEC §1: 25 s). */
export function drainMs(env: NodeJS.ProcessEnv): number {
  return msSetting(env.COUNTERSIGN_DRAIN_MS, 25_000);
}

function msSetting(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === "") return fallback;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** The gap between queued re-judgements after an organisation policy change (SPEC §7). */
export function rejudgeSpacingMs(env: NodeJS.ProcessEnv): number {
  const n = Number(env.COUNTERSIGN_REJUDGE_SPACING_MS ?? 1000);
  return Number.isFinite(n) && n >= 0 ? n : 1000;
}
