/** The service container: what lives across events in one process (SPEC §9). */
import type { Redis } from "ioredis";
import type { Probot } from "probot";
import type { TeamStore } from "../github/team-cache.js";
import type { StateFacts } from "../model/head-state.js";
import type { HeadLocks } from "../pipeline/head-locks.js";
import type { Judgement } from "../pipeline/judge.js";
import type { RejudgeQueue } from "../pipeline/rejudge-queue.js";
import type { Metrics } from "../runtime/metrics.js";
import type { PullScheduler } from "../runtime/scheduler.js";

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
