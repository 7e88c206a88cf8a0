/**
 * Pull requests to judge again because something outside them changed (the
 * organisation's policy, SPEC §7): possibly every open PR of every installed
 * repository, so they go through a queue that spends the rate limit slowly —
 * one evaluation at a time, spaced — instead of a burst. With Redis the queue
 * is shared: any replica takes the next job, and a restart loses nothing.
 */
import type { Redis } from "ioredis";

export interface RejudgeJob {
  installationId: number;
  owner: string;
  repo: string;
  number: number;
}

export interface RejudgeQueue {
  push(jobs: RejudgeJob[]): Promise<void>;
  /** Starts taking jobs, one at a time, `spacingMs` apart. */
  start(run: (job: RejudgeJob) => Promise<void>): void;
  stop(): void;
}

/** Default gap between re-judgements: Probot's throttle spaces writes a second apart anyway. */
export const REJUDGE_SPACING_MS = 1000;

const jobKey = (j: RejudgeJob) => `${j.installationId}:${j.owner}/${j.repo}#${j.number}`;

export class MemoryRejudgeQueue implements RejudgeQueue {
  readonly #pending: RejudgeJob[] = [];
  readonly #keys = new Set<string>();
  #run: ((job: RejudgeJob) => Promise<void>) | null = null;
  #timer: NodeJS.Timeout | null = null;
  #busy = false;

  constructor(private readonly spacingMs = REJUDGE_SPACING_MS) {}

  async push(jobs: RejudgeJob[]): Promise<void> {
    for (const job of jobs) {
      if (this.#keys.has(jobKey(job))) continue; // already waiting: one evaluation reads the latest
      this.#keys.add(jobKey(job));
      this.#pending.push(job);
    }
    this.#kick(0);
  }

  start(run: (job: RejudgeJob) => Promise<void>): void {
    this.#run = run;
    this.#kick(0);
  }

  stop(): void {
    this.#run = null;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #kick(delay: number): void {
    if (!this.#run || this.#busy || this.#timer || this.#pending.length === 0) return;
    this.#timer = setTimeout(() => void this.#next(), delay);
    this.#timer.unref();
  }

  async #next(): Promise<void> {
    this.#timer = null;
    const job = this.#pending.shift();
    if (!job || !this.#run) return;
    this.#keys.delete(jobKey(job));
    this.#busy = true;
    try {
      await this.#run(job);
    } catch {
      // The runner reports its own failures (a failing check); the queue goes on.
    } finally {
      this.#busy = false;
      this.#kick(this.spacingMs);
    }
  }
}

const LIST = "countersign:rejudge";

export class RedisRejudgeQueue implements RejudgeQueue {
  #timer: NodeJS.Timeout | null = null;
  #stopped = true;

  constructor(
    private readonly redis: Redis,
    private readonly spacingMs = REJUDGE_SPACING_MS,
  ) {}

  async push(jobs: RejudgeJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.redis.rpush(LIST, ...jobs.map((j) => JSON.stringify(j)));
  }

  start(run: (job: RejudgeJob) => Promise<void>): void {
    this.#stopped = false;
    const tick = async () => {
      this.#timer = null;
      try {
        const raw = await this.redis.lpop(LIST);
        if (raw) await run(JSON.parse(raw) as RejudgeJob).catch(() => {});
      } catch {
        // Redis unavailable: try again at the next tick.
      }
      if (!this.#stopped) {
        this.#timer = setTimeout(() => void tick(), this.spacingMs);
        this.#timer.unref();
      }
    };
    this.#timer = setTimeout(() => void tick(), this.spacingMs);
    this.#timer.unref();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
