/** What lives across events in one process: the scheduler, caches, metrics, the app's identity. */
import type { Redis } from "ioredis";
import type { Context, Logger, Probot } from "probot";
import type { GitHubClient } from "../github/client.js";
import { firstDelivery } from "../github/redis-store.js";
import type { TeamStore } from "../github/team-cache.js";
import type { Metrics } from "../metrics.js";
import type { HeadLocks } from "../pipeline/head-locks.js";
import type { Judgement } from "../pipeline/judge.js";
import type { RejudgeQueue } from "../pipeline/rejudge-queue.js";
import { evaluateAndReport, type ReportTarget } from "../pipeline/report.js";
import type { StateFacts } from "../policy/head-state.js";
import type { PullScheduler } from "../scheduler.js";

export interface AppContext {
  app: Probot;
  appId: number | null;
  scheduler: PullScheduler<Judgement | null>;
  teams: TeamStore;
  metrics: Metrics;
  serverUrl: string;
  /** Shared state across replicas (`REDIS_URL`); null for a single process. */
  redis: Redis | null;
  /** The app's bot login (`<slug>[bot]`), looked up once, to ignore events it caused. */
  botLogin(): Promise<string | null>;
  /** Serialises evaluations per (repository, head SHA), across replicas with Redis. */
  locks: HeadLocks;
  /** Facts deliveries brought for a PR (arrivals, pushers, revokes), kept until its next evaluation. */
  pendingFacts: Map<string, StateFacts[]>;
  /** PRs to judge again after an organisation policy change, spent slowly (SPEC §7). */
  rejudge: RejudgeQueue;
}

export interface RepoPayload {
  repository: {
    name: string;
    owner: { login: string; type?: string };
    custom_properties?: Record<string, string | string[] | null>;
  };
  installation?: { id: number };
  sender?: { login: string; type: string };
}

export function installationId(payload: RepoPayload): number {
  return payload.installation?.id ?? 0;
}

/** Where a PR lives and the client to judge it with: from a webhook's context, or a queued job. */
export interface PullPlace {
  gh: GitHubClient;
  log: Logger;
  installationId: number;
  owner: string;
  repo: string;
  /** As the payload carried them; undefined: read through REST. */
  customProperties: Record<string, string | string[] | null> | null | undefined;
}

export function placeOf(context: Context): PullPlace {
  const payload = context.payload as RepoPayload;
  return {
    gh: context.octokit as GitHubClient,
    log: context.log,
    installationId: installationId(payload),
    owner: payload.repository.owner.login,
    repo: payload.repository.name,
    customProperties: payloadProperties(payload),
  };
}

/**
 * Evaluate one PR (coalesced with other events for it) and report the check.
 * `facts` are what this delivery adds to the head's state; a burst's facts
 * all reach the one evaluation that runs.
 */
export function schedulePull(
  ac: AppContext,
  context: Context,
  target: PullTarget,
  facts: StateFacts[] = [],
): Promise<Judgement | null> {
  return scheduleAt(ac, placeOf(context), target, facts);
}

type PullTarget = Omit<ReportTarget, "owner" | "repo" | "appId" | "customProperties">;

export function scheduleAt(
  ac: AppContext,
  place: PullPlace,
  target: PullTarget,
  facts: StateFacts[] = [],
): Promise<Judgement | null> {
  const { owner, repo } = place;
  const key = `${place.installationId}:${owner}/${repo}#${target.number}`;
  if (facts.length > 0) ac.pendingFacts.set(key, [...(ac.pendingFacts.get(key) ?? []), ...facts]);
  const takeFacts = () => {
    const taken = ac.pendingFacts.get(key) ?? [];
    ac.pendingFacts.delete(key);
    return taken;
  };
  // Coalesced callers all get the judgement of the one job that ran (the latest).
  const job = () =>
    evaluateAndReport(
      {
        gh: place.gh,
        installationId: place.installationId,
        teams: ac.teams,
        appId: ac.appId,
        metrics: ac.metrics,
        log: place.log,
        serverUrl: ac.serverUrl,
        locks: ac.locks,
      },
      {
        owner,
        repo,
        appId: ac.appId,
        customProperties: place.customProperties,
        ...target,
      },
      takeFacts(),
    );
  // The head lock (in the job) serialises per commit; the scheduler coalesces per PR.
  return ac.scheduler.run(key, job);
}

/** Events the app itself caused (its labels, comments, check runs) start nothing (SPEC §7). */
export async function causedByApp(ac: AppContext, payload: RepoPayload): Promise<boolean> {
  const sender = payload.sender;
  if (sender?.type !== "Bot") return false;
  const bot = await ac.botLogin();
  return bot != null && sender.login.toLowerCase() === bot.toLowerCase();
}

/**
 * Handle each webhook delivery once across replicas: GitHub may deliver one
 * to several (retries, redeliveries behind a load balancer). Without Redis
 * every delivery is handled (one process sees each once).
 */
export async function firstTime(ac: AppContext, context: Context): Promise<boolean> {
  if (!ac.redis) return true;
  if (await firstDelivery(ac.redis, context.id)) return true;
  context.log.info({ delivery: context.id }, "countersign: duplicate delivery ignored");
  return false;
}

/** The PR a `pull_request` or `pull_request_review` payload carries, with its body and head. */
interface PayloadPull {
  number: number;
  state: string;
  body: string | null;
  head: { sha: string };
}

/**
 * Evaluate the PR an event's payload carries, unless the app caused the
 * event or the PR is closed. The payload's body names the design-doc paths,
 * so the snapshot stays one query.
 */
export async function schedulePayloadPull(
  ac: AppContext,
  context: Context,
  pr: PayloadPull,
  more: { facts?: StateFacts[] } = {},
): Promise<void> {
  if (await causedByApp(ac, context.payload as RepoPayload)) return;
  if (pr.state !== "open") return;
  await schedulePull(
    ac,
    context,
    {
      number: pr.number,
      bodyHint: pr.body ?? "",
      headShaHint: pr.head.sha,
    },
    more.facts ?? [],
  );
}

/**
 * The payload's custom properties; undefined (read them through REST) when
 * an organisation's repository arrives without them. Only organisations
 * have custom properties, so a user's repository has none to read.
 */
export function payloadProperties(
  payload: RepoPayload,
): Record<string, string | string[] | null> | null | undefined {
  const repo = payload.repository;
  if (repo.custom_properties) return repo.custom_properties;
  return repo.owner.type === "Organization" ? undefined : null;
}
