/**
 * Prometheus metrics served at GET /metrics (SPEC §1). One registry per app
 * instance, with Node's default process metrics (CPU, memory, event loop
 * lag, GC, handles) on it.
 */

import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { GitHubClient } from "../github/client.js";
import { rateLimitKind } from "../github/faults.js";

/** What became of one webhook delivery. */
export type WebhookOutcome = "handled" | "duplicate" | "ignored" | "error";

/** The part of a logger `observeRedis` uses (pino's, Probot's `app.log`). */
interface ErrorLogger {
  error(obj: object, msg: string): void;
}

/** A counter on `registry` (prom-client's own object, declared in one line). */
function counter<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[] = [],
): Counter<L> {
  return new Counter({ name, help, labelNames, registers: [registry] });
}

export class Metrics {
  readonly registry = new Registry();
  readonly evaluations = counter(
    this.registry,
    "countersign_evaluations_total",
    "Evaluations, by conclusion and status (evaluated, invalid-config, error).",
    ["conclusion", "status"] as const,
  );
  readonly apiCalls = counter(
    this.registry,
    "countersign_github_api_calls_total",
    "Calls to GitHub's API, by kind (graphql, rest-read, rest-write).",
    ["kind"] as const,
  );
  readonly githubErrors = counter(
    this.registry,
    "countersign_github_errors_total",
    "Failed calls to GitHub's API, by HTTP status.",
    ["status"] as const,
  );
  readonly latency = new Histogram({
    name: "countersign_evaluation_duration_seconds",
    help: "From the start of an evaluation to its check run written.",
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });
  readonly rateLimitSpent = counter(
    this.registry,
    "countersign_github_rate_limit_spent_total",
    "Calls refused for a spent rate limit (not waited for; the PR is re-evaluated after the reset), by resource (graphql, core, secondary).",
    ["resource"] as const,
  );
  readonly queueDepth = new Gauge({
    name: "countersign_queue_depth",
    help: "Pull requests waiting for or in evaluation.",
    registers: [this.registry],
  });

  readonly githubRequests = counter(
    this.registry,
    "countersign_github_requests_total",
    "Calls to GitHub's API, by kind (graphql, rest-read, rest-write) and HTTP status (network: no answer).",
    ["kind", "status"] as const,
  );
  readonly rateLimited = counter(
    this.registry,
    "countersign_github_rate_limited_total",
    "GitHub answers that were rate limits, by kind (primary: the hourly quota is spent; secondary: too fast).",
    ["kind"] as const,
  );
  readonly rateLimitWaits = counter(
    this.registry,
    "countersign_github_rate_limit_waits_total",
    "Waits before retrying a rate-limited call, by kind (primary, secondary).",
    ["kind"] as const,
  );
  readonly rateLimitWaitSeconds = counter(
    this.registry,
    "countersign_github_rate_limit_wait_seconds_total",
    "Seconds spent waiting on GitHub's rate limits, by kind (primary, secondary).",
    ["kind"] as const,
  );
  readonly webhooks = counter(
    this.registry,
    "countersign_webhooks_received_total",
    "Webhook deliveries, by event (name.action) and outcome (handled, duplicate, ignored, error).",
    ["event", "outcome"] as const,
  );
  readonly redisErrors = counter(
    this.registry,
    "countersign_redis_errors_total",
    "Errors from the Redis connection (REDIS_URL): refused connections, timeouts, failed commands.",
  );

  readonly #instrumented = new WeakSet<object>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /**
   * Runs the handling of one delivery and counts it by event and outcome.
   * `run` answers "handled", "duplicate" or "ignored"; a throw counts as
   * "error" and is rethrown, so Probot still reports it.
   */
  async countWebhook(event: string, run: () => Promise<WebhookOutcome | undefined>): Promise<void> {
    let outcome: WebhookOutcome = "error";
    try {
      outcome = (await run()) ?? "handled";
    } finally {
      this.webhooks.inc({ event, outcome });
    }
  }

  /** A wait of `seconds` before retrying a call GitHub refused for its rate limit. */
  rateLimitWait(kind: "primary" | "secondary", seconds: number): void {
    this.rateLimitWaits.inc({ kind });
    if (Number.isFinite(seconds) && seconds > 0) this.rateLimitWaitSeconds.inc({ kind }, seconds);
  }

  /**
   * Counts the errors of a Redis client (ioredis emits `error` on every failed
   * reconnect) and logs them through `log` as structured lines — once per
   * `logEveryMs` while they repeat. A listener also keeps ioredis from printing
   * its own raw "Unhandled error event" text.
   */
  observeRedis(
    redis: { on(event: "error", listener: (err: Error) => void): unknown },
    log?: ErrorLogger,
    logEveryMs = 10_000,
  ): void {
    let lastLogged = Number.NEGATIVE_INFINITY;
    let suppressed = 0;
    redis.on("error", (err) => {
      this.redisErrors.inc();
      const now = Date.now();
      if (!log) return;
      if (now - lastLogged < logEveryMs) {
        suppressed++;
        return;
      }
      lastLogged = now;
      const code = (err as { code?: unknown }).code;
      log.error(
        { err, ...(typeof code === "string" ? { code } : {}), suppressed },
        `Redis error: ${err.message}`,
      );
      suppressed = 0;
    });
  }

  /** Counts every request an Octokit instance makes (Probot makes one instance per event). */
  instrument(gh: GitHubClient): void {
    if (this.#instrumented.has(gh)) return;
    this.#instrumented.add(gh);
    gh.hook.after("request", (res, options) => {
      const kind = kindOf(options.method, String(options.url));
      this.apiCalls.inc({ kind });
      this.githubRequests.inc({ kind, status: String(res.status) });
    });
    gh.hook.error("request", (error, options) => {
      const kind = kindOf(options.method, String(options.url));
      this.apiCalls.inc({ kind });
      const e = error as {
        status?: number;
        response?: { headers?: Record<string, string | undefined> };
      };
      // Octokit reports a request that got no answer as status 500 without a response.
      const answered = e.response !== undefined;
      const status = answered && e.status ? String(e.status) : "network";
      this.githubErrors.inc({ status });
      this.githubRequests.inc({ kind, status });
      const limit = answered ? rateLimitKind(error, String(options.url)) : null;
      if (limit) this.rateLimited.inc({ kind: limit });
      throw error;
    });
  }
}

function kindOf(method: string | undefined, url: string): string {
  if (url.endsWith("/graphql")) return "graphql";
  return method === "GET" ? "rest-read" : "rest-write";
}
