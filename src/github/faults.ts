/**
 * GitHub's faults, handled as SPEC §10 says:
 *
 * - A secondary rate limit (403 or 429 with `retry-after`, or GitHub's
 *   "secondary rate limit" message) is waited out and retried: up to 3
 *   times, up to 60 s each. Probot 14 only logs these (platform.md).
 * - An exhausted primary limit (`x-ratelimit-remaining: 0`, or GraphQL's
 *   `RATE_LIMITED`) is not waited for, which would hold the evaluation for up
 *   to an hour: the call fails with a `RateLimitedError` whose message is the
 *   check's explanation, and the evaluation asks to be run again after the
 *   reset (`rate-limit-scope.ts`). So does a secondary limit that asks for a
 *   longer wait, or that persists past the retries.
 * - 5xx answers and GraphQL's transient "Something went wrong" are retried by
 *   Octokit's retry plugin (3 retries, 1 s, 4 s, 9 s), which
 *   `CountersignOctokit` keeps; it no longer retries 429 blindly, since
 *   the wait a 429 asks for is handled here.
 *
 * `handleGitHubFaults` wraps a client's requests (outermost, so each retry
 * passes through the throttle again); `CountersignOctokit` is Probot's
 * Octokit with the throttle's own limit handlers turned into "do not retry"
 * so that the two never both wait.
 */
import { ProbotOctokit } from "probot";
import type { GitHubClient } from "./client.js";
import { requestReevaluationAt } from "./rate-limit-scope.js";

export const MAX_SECONDARY_RETRIES = 3;
export const MAX_SECONDARY_WAIT_MS = 60_000;
/** GitHub: without `retry-after`, wait at least a minute after a secondary limit. */
const SECONDARY_FALLBACK_MS = 60_000;
const RETRY_DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

export interface FaultHooks {
  /** A secondary limit is being waited out before retry `attempt` (1-based). */
  onSecondaryWait?(info: { waitMs: number; attempt: number; method: string; url: string }): void;
  /** A rate limit was spent (or a secondary limit outlasted our patience) until `resetAt`. */
  onRateLimited?(info: {
    resource: string;
    resetAt: number;
    method: string;
    url: string;
    reevaluates: boolean;
  }): void;
  /** Waiting (tests replace it). */
  sleep?(ms: number): Promise<void>;
  /** The clock (tests replace it). */
  now?(): number;
}

/** A call GitHub refused for a spent rate limit; its message is what the check says. */
export class RateLimitedError extends Error {
  override name = "RateLimitedError";
  readonly response?: { headers: Record<string, string | undefined> };
  constructor(
    readonly resource: string,
    readonly resetAt: number,
    headers?: Record<string, string | undefined>,
  ) {
    super(
      `Could not evaluate: rate limited until ${utcClock(resetAt)} UTC. GitHub's ${resourceName(resource)} rate limit for this installation is spent; Countersign evaluates this pull request again by itself after the reset.`,
    );
    if (headers) this.response = { headers };
  }
}

/** `HH:MM` in UTC, rounded up to the minute so "until" is never early. */
export function utcClock(epochMs: number): string {
  const d = new Date(Math.ceil(epochMs / 60_000) * 60_000);
  return `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
}

function resourceName(resource: string): string {
  if (resource === "graphql") return "GraphQL";
  if (resource === "core") return "REST";
  return resource;
}

interface ErrorLike {
  status?: number;
  message?: string;
  response?: {
    headers?: Record<string, string | undefined>;
    data?: { errors?: { type?: string }[]; message?: string };
  };
}

type Fault =
  | { kind: "secondary"; waitMs: number }
  | { kind: "exhausted"; resource: string; resetAt: number }
  | { kind: "other" };

/** What an error from GitHub means for retrying (exported for tests). */
export function classify(err: unknown, url: string, now: number): Fault {
  const e = err as ErrorLike;
  const headers = e?.response?.headers ?? {};
  const message = `${e?.message ?? ""} ${e?.response?.data?.message ?? ""}`;
  const graphqlLimited = (e?.response?.data?.errors ?? []).some((x) => x?.type === "RATE_LIMITED");
  const limitStatus = e?.status === 403 || e?.status === 429;
  const retryAfter = Number(headers["retry-after"]);
  const secondary =
    /\bsecondary rate limit/i.test(message) || (limitStatus && headers["retry-after"] != null);
  if (secondary) {
    if (Number.isFinite(retryAfter) && retryAfter >= 0)
      return { kind: "secondary", waitMs: retryAfter * 1000 };
    if (headers["x-ratelimit-remaining"] === "0") {
      return { kind: "secondary", waitMs: Math.max(0, resetOf(headers, now) - now) };
    }
    return { kind: "secondary", waitMs: SECONDARY_FALLBACK_MS };
  }
  const spent = String(headers["x-ratelimit-remaining"]) === "0";
  if (graphqlLimited || (limitStatus && spent)) {
    const resource =
      headers["x-ratelimit-resource"] ?? (graphqlLimited || isGraphQL(url) ? "graphql" : "core");
    return { kind: "exhausted", resource, resetAt: resetOf(headers, now) };
  }
  // GitHub answers a secondary limit with 403 or 429; a 429 is never a permission error.
  if (e?.status === 429) return { kind: "secondary", waitMs: SECONDARY_FALLBACK_MS };
  return { kind: "other" };
}

/** Which of GitHub's rate limits an error is, if any: the one classification, for the metrics too. */
export function rateLimitKind(err: unknown, url: string): "primary" | "secondary" | null {
  const fault = classify(err, url, Date.now());
  if (fault.kind === "secondary") return "secondary";
  return fault.kind === "exhausted" ? "primary" : null;
}

/** `x-ratelimit-reset` (epoch seconds) in ms; an hour from now when GitHub gave none. */
function resetOf(headers: Record<string, string | undefined>, now: number): number {
  const reset = Number(headers["x-ratelimit-reset"]);
  return Number.isFinite(reset) && reset > 0 ? reset * 1000 : now + 3_600_000;
}

function isGraphQL(url: string): boolean {
  return /\/graphql$/.test(url.split("?")[0] ?? "");
}

type Hookable = { hook: GitHubClient["hook"] };

/** Wraps every request of `octokit` with the waits and errors described above. */
export function handleGitHubFaults(octokit: Hookable, hooks: FaultHooks = {}): void {
  const sleep = hooks.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = hooks.now ?? Date.now;
  octokit.hook.wrap("request", async (request, options) => {
    const method = String(options.method ?? "GET");
    const url = String(options.url ?? "");
    for (let attempt = 1; ; attempt++) {
      let fault: Fault;
      let error: unknown;
      try {
        const response = await request(options);
        // Without the throttle plugin a GraphQL rate limit arrives as a 200 with errors.
        const errors = (response?.data as { errors?: { type?: string }[] } | undefined)?.errors;
        if (!isGraphQL(url) || !errors?.some((x) => x?.type === "RATE_LIMITED")) return response;
        error = { status: response.status, response };
        fault = classify(error, url, now());
      } catch (err) {
        error = err;
        fault = classify(err, url, now());
      }
      if (fault.kind === "other") throw error;
      if (
        fault.kind === "secondary" &&
        attempt <= MAX_SECONDARY_RETRIES &&
        fault.waitMs <= MAX_SECONDARY_WAIT_MS
      ) {
        hooks.onSecondaryWait?.({ waitMs: fault.waitMs, attempt, method, url });
        await sleep(fault.waitMs);
        continue;
      }
      const headers = (error as ErrorLike)?.response?.headers ?? {};
      const limited =
        fault.kind === "exhausted"
          ? fault
          : { resource: "secondary", resetAt: now() + fault.waitMs };
      const reevaluates = requestReevaluationAt(limited.resetAt + 1000);
      hooks.onRateLimited?.({ ...limited, method, url, reevaluates });
      throw new RateLimitedError(limited.resource, limited.resetAt, headers);
    }
  });
}

/**
 * Probot's Octokit, with the throttle's limit handlers answering "do not
 * retry" (`handleGitHubFaults` decides) and the retry plugin leaving 429 to
 * it. Handed to Probot as its `Octokit`, so installation clients are built
 * from it too.
 */
export const CountersignOctokit = ProbotOctokit.defaults(
  (options: Record<string, unknown> & { throttle?: object; retry?: object }) => ({
    ...options,
    throttle: {
      ...(options.throttle ?? {}),
      onSecondaryRateLimit: () => false,
      onRateLimit: () => false,
    },
    retry: { doNotRetry: RETRY_DO_NOT_RETRY, ...(options.retry ?? {}) },
  }),
);
