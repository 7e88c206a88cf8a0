/**
 * Which evaluation a call to GitHub belongs to, so that a spent rate limit
 * met deep in the GitHub client can ask for that evaluation to run again
 * after the reset (SPEC §10) without the pipeline between them passing it
 * along: the scheduler runs each job in a scope, the client notes the reset
 * time in the current scope, and the scheduler arms one timer per key.
 */
import { AsyncLocalStorage } from "node:async_hooks";

interface Scope {
  /** The scheduler's key of the evaluation (installation, repository and PR), for log lines. */
  key: string | undefined;
  rateLimitedUntil: number | null;
}

const scopes = new AsyncLocalStorage<Scope>();

export type ScopeOutcome<T> =
  | { ok: true; value: T; rateLimitedUntil: number | null }
  | { ok: false; error: unknown; rateLimitedUntil: number | null };

/** Runs `job` in a fresh scope; a failure is returned, not thrown, with the scope's reset time. */
export async function runInEvaluationScope<T>(
  job: () => Promise<T>,
  key?: string,
): Promise<ScopeOutcome<T>> {
  const scope: Scope = { key, rateLimitedUntil: null };
  try {
    const value = await scopes.run(scope, job);
    return { ok: true, value, rateLimitedUntil: scope.rateLimitedUntil };
  } catch (error) {
    return { ok: false, error, rateLimitedUntil: scope.rateLimitedUntil };
  }
}

/**
 * Asks for the current evaluation to run again at `resetAt` (epoch ms); the
 * latest reset named in one evaluation wins. False outside an evaluation
 * (e.g. a command acknowledgement), where nothing will re-run it.
 */
export function requestReevaluationAt(resetAt: number): boolean {
  const scope = scopes.getStore();
  if (!scope) return false;
  scope.rateLimitedUntil = Math.max(scope.rateLimitedUntil ?? 0, resetAt);
  return true;
}

/** The key of the evaluation the caller runs in, if any (for log lines). */
export function currentEvaluationKey(): string | undefined {
  return scopes.getStore()?.key;
}
