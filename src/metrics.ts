/** Prometheus metrics served at GET /metrics (SPEC §1). One registry per app instance. */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { GitHubClient } from "./github/client.js";

export class Metrics {
  readonly registry = new Registry();
  readonly evaluations = new Counter({
    name: "countersign_evaluations_total",
    help: "Evaluations, by conclusion and status (evaluated, invalid-config, error).",
    labelNames: ["conclusion", "status"] as const,
    registers: [this.registry],
  });
  readonly apiCalls = new Counter({
    name: "countersign_github_api_calls_total",
    help: "Calls to GitHub's API, by kind (graphql, rest-read, rest-write).",
    labelNames: ["kind"] as const,
    registers: [this.registry],
  });
  readonly githubErrors = new Counter({
    name: "countersign_github_errors_total",
    help: "Failed calls to GitHub's API, by HTTP status.",
    labelNames: ["status"] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: "countersign_evaluation_duration_seconds",
    help: "From the start of an evaluation to its check run written.",
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });
  readonly rateLimitWaits = new Counter({
    name: "countersign_github_rate_limit_waits_total",
    help: "Secondary rate limits waited out before a retry.",
    registers: [this.registry],
  });
  readonly rateLimitWaitSeconds = new Counter({
    name: "countersign_github_rate_limit_wait_seconds_total",
    help: "Time spent waiting out secondary rate limits.",
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: "countersign_github_rate_limited_total",
    help: "Calls refused for a spent rate limit (not waited for; the PR is re-evaluated after the reset), by resource (graphql, core, secondary).",
    labelNames: ["resource"] as const,
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: "countersign_queue_depth",
    help: "Pull requests waiting for or in evaluation.",
    registers: [this.registry],
  });

  readonly #instrumented = new WeakSet<object>();

  constructor() {
    // Node's process metrics (memory, CPU, event-loop lag, handles), as SPEC §1 lists.
    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts every request an Octokit instance makes (Probot makes one instance per event). */
  instrument(gh: GitHubClient): void {
    if (this.#instrumented.has(gh)) return;
    this.#instrumented.add(gh);
    gh.hook.after("request", (_res, options) => {
      this.apiCalls.inc({ kind: kindOf(options.method, String(options.url)) });
    });
    gh.hook.error("request", (error, options) => {
      this.apiCalls.inc({ kind: kindOf(options.method, String(options.url)) });
      const status = (error as { status?: number }).status;
      this.githubErrors.inc({ status: String(status ?? "network") });
      throw error;
    });
  }
}

function kindOf(method: string | undefined, url: string): string {
  if (url.endsWith("/graphql")) return "graphql";
  return method === "GET" ? "rest-read" : "rest-write";
}
