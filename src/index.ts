/**
 * The Probot app: wiring only. Handlers decide which PRs to evaluate;
 * `src/github/` talks to GitHub; `src/policy/` decides; `src/render/` words it.
 */
import type { EmitterWebhookEventName } from "@octokit/webhooks";
import type { Context, Probot } from "probot";
import { readAppIdentity } from "./github/app-identity.js";
import type { GitHubClient } from "./github/client.js";
import { handleGitHubFaults } from "./github/faults.js";
import { InstallationClients } from "./github/installation-clients.js";
import { currentEvaluationKey } from "./github/rate-limit-scope.js";
import { connectRedis, RedisTeamStore } from "./github/redis-store.js";
import { logRequests } from "./github/request-log.js";
import { MemoryTeamStore } from "./github/team-cache.js";
import type { AppContext } from "./handlers/app-context.js";
import { onCustomPropertyValues } from "./handlers/custom-properties.js";
import { COMMENT_ACTIONS, onIssueComment } from "./handlers/issue-comment.js";
import { onMembership } from "./handlers/membership.js";
import { onMergeGroup } from "./handlers/merge-group.js";
import {
  onPullRequest,
  onPullRequestClosed,
  PULL_REQUEST_ACTIONS,
  PULL_REQUEST_CLOSED,
} from "./handlers/pull-request.js";
import { onReview, REVIEW_ACTIONS } from "./handlers/pull-request-review.js";
import { onPush } from "./handlers/push.js";
import { onCheckRunRerequested, onCheckSuiteRerequested } from "./handlers/rerequested.js";
import { scheduleAt } from "./handlers/schedule.js";
import { MemoryHeadLocks, RedisHeadLocks } from "./pipeline/head-locks.js";
import type { Judgement } from "./pipeline/judge.js";
import { MemoryRejudgeQueue, RedisRejudgeQueue } from "./pipeline/rejudge-queue.js";
import { firstTime } from "./runtime/deliveries.js";
import { healthAndMetrics } from "./runtime/http-routes.js";
import { Lifecycle } from "./runtime/lifecycle.js";
import { Metrics } from "./runtime/metrics.js";
import type { CountersignOptions } from "./runtime/options.js";
import { redisParticipant } from "./runtime/redis-health.js";
import { PullScheduler } from "./runtime/scheduler.js";
import {
  assertSafeToStart,
  coalesceCapMs,
  coalesceMs,
  rejudgeSpacingMs,
  serverUrl,
} from "./runtime/startup.js";

export default function countersign(app: Probot, options?: CountersignOptions): void {
  assertSafeToStart(process.env);
  const appIdentity = memo(async () => readAppIdentity((await app.auth()) as GitHubClient));
  const metrics = options?.metrics ?? new Metrics();
  const lifecycle = options?.lifecycle ?? new Lifecycle();
  const spacing = rejudgeSpacingMs(process.env);
  const redis = process.env.REDIS_URL ? connectRedis(process.env.REDIS_URL) : null;
  const scheduler = new PullScheduler<Judgement | null>({
    windowMs: coalesceMs(process.env),
    capMs: coalesceCapMs(process.env),
    onDepth: (depth) => metrics.queueDepth.set(depth),
    onError: (key, err) =>
      app.log.error({ err, key }, "countersign: re-evaluation after a rate-limit reset failed"),
  });
  lifecycle.add({
    name: "evaluations",
    flush: () => scheduler.flush(),
    idle: () => scheduler.idle(),
    close: async () => {
      const dropped = scheduler.cancelDeferred();
      if (dropped > 0)
        app.log.warn(
          { dropped },
          "countersign: re-evaluations waiting for a rate-limit reset are dropped; the next event re-evaluates those PRs",
        );
    },
  });
  if (redis) lifecycle.add(redisParticipant(redis));
  const ac: AppContext = {
    app,
    appId: process.env.APP_ID ? Number(process.env.APP_ID) : null,
    scheduler,
    teams: redis ? new RedisTeamStore(redis) : new MemoryTeamStore(),
    redis,
    metrics,
    serverUrl: serverUrl(process.env),
    locks: redis ? new RedisHeadLocks(redis) : new MemoryHeadLocks(),
    pendingFacts: new Map(),
    rejudge: redis ? new RedisRejudgeQueue(redis, spacing) : new MemoryRejudgeQueue(spacing),
    botLogin: async () => {
      const slug = (await appIdentity())?.slug;
      return slug ? `${slug}[bot]` : null;
    },
  };
  // On SIGTERM the queued re-judgements stop being taken (with Redis they wait for another replica).
  lifecycle.add({ name: "rejudge", flush: () => ac.rejudge.stop() });
  options?.addHandler?.(healthAndMetrics(metrics, lifecycle, { serveMetrics: !options?.metrics }));

  // Handlers get a client throttled per installation, not Probot's shared one,
  // and run once per delivery (across replicas when Redis is shared).
  const clients = new InstallationClients(async (id) => {
    const gh = await app.auth(id);
    metrics.instrument(gh); // every call of this installation's client is counted
    logRequests(gh, app.log); // and logged with the delivery, repository and PR it served
    handleGitHubFaults(gh, {
      onSecondaryWait: ({ waitMs, attempt, method, url }) => {
        metrics.rateLimitWait("secondary", waitMs / 1000);
        app.log.warn(
          {
            installation: id,
            evaluation: currentEvaluationKey(),
            waitMs,
            attempt,
            request: `${method} ${url}`,
          },
          "countersign: secondary rate limit, waiting before retrying",
        );
      },
      onRateLimited: ({ resource, resetAt, method, url, reevaluates }) => {
        metrics.rateLimitSpent.inc({ resource });
        app.log.error(
          {
            installation: id,
            evaluation: currentEvaluationKey(),
            resource,
            resetAt: new Date(resetAt).toISOString(),
            request: `${method} ${url}`,
            reevaluates,
          },
          "countersign: GitHub rate limit spent; not waiting for the reset",
        );
      },
    });
    return gh;
  });
  if (redis) metrics.observeRedis(redis, app.log);
  // The app's own runs are found by its id: without it, other apps' `countersign`
  // runs would be read as ours. Learn it from GitHub when no APP_ID variable gave it
  // (e.g. `probot run --app-id`), and judge nothing until it is known.
  const knowAppId = async () => {
    ac.appId ??= await appIdentity().then((i) => i?.id ?? null);
    if (ac.appId == null) throw new Error("countersign: could not learn this app's id from GitHub");
  };
  const on = <E extends EmitterWebhookEventName>(
    events: E | E[],
    handler: (c: Context<E>) => Promise<void>,
  ) =>
    app.on(events, (c) => {
      const action = (c.payload as { action?: string }).action;
      return metrics.countWebhook(action ? `${c.name}.${action}` : c.name, async () => {
        if (!(await firstTime(ac, c as unknown as Context))) return "duplicate";
        await knowAppId();
        await handler(await clients.adopt(c as unknown as Context<E>));
        return "handled";
      });
    });

  // Queued re-judgements (an org policy or property change) run on their installation's client.
  ac.rejudge.start(async (job) => {
    await knowAppId();
    const gh = await clients.get(job.installationId);
    await scheduleAt(
      ac,
      { ...job, gh, log: app.log, customProperties: undefined },
      {
        number: job.number,
        bodyHint: null,
      },
    );
  });
  on([...PULL_REQUEST_ACTIONS], (c) => onPullRequest(ac, c));
  on(PULL_REQUEST_CLOSED, (c) => onPullRequestClosed(ac, c));
  on([...REVIEW_ACTIONS], (c) => onReview(ac, c));
  on([...COMMENT_ACTIONS], (c) => onIssueComment(ac, c));
  on("check_run.rerequested", (c) => onCheckRunRerequested(ac, c));
  on("check_suite.rerequested", (c) => onCheckSuiteRerequested(ac, c));
  on("merge_group.checks_requested", (c) => onMergeGroup(ac, c));
  on("push", (c) => onPush(ac, c));
  on("membership", (c) => onMembership(ac, c));
  on("custom_property_values", (c) => onCustomPropertyValues(ac, c));
}

/** A lookup done once per process; a failure is retried next time. */
function memo<T>(fn: () => Promise<T>): () => Promise<T | null> {
  let value: Promise<T | null> | null = null;
  return () => {
    value ??= fn().catch(() => {
      value = null;
      return null;
    });
    return value;
  };
}
