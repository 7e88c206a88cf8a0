/**
 * Evaluations are serialised per (repository, head SHA) (SPEC §7): the
 * verdict and state on a commit are read and rewritten by one evaluation at
 * a time, in this process and, with Redis, across replicas.
 *
 * The head is known only after the snapshot is read (a comment names no
 * commit), so the snapshot is read first and checked afterwards: every
 * write to a head bumps its repository's generation, and an evaluation
 * whose head was written after it started reading judges again under the
 * lock. The ordinary evaluation still costs one read.
 */
import type { Redis } from "ioredis";
import { withPullLock } from "../github/redis-store.js";
import { BoundedCache } from "../shared/bounded-cache.js";

export interface HeadLocks {
  /** The repository's write generation now: pass it to `run` after reading. */
  generation(repoKey: string): Promise<number>;
  /** Runs `job` holding the lock of (repository, sha); `stale` says whether the head was written since `since`. */
  run<T>(
    repoKey: string,
    sha: string,
    since: number,
    job: (stale: boolean) => Promise<T>,
  ): Promise<T>;
  /** Records a write to (repository, sha); call it before the lock is released. */
  wrote(repoKey: string, sha: string): Promise<void>;
}

/** How many heads' last writes are remembered in one process (oldest forgotten: they re-read). */
const MAX_REMEMBERED_HEADS = 20_000;

export class MemoryHeadLocks implements HeadLocks {
  readonly #generations = new Map<string, number>();
  readonly #lastWrite = new BoundedCache<number>(MAX_REMEMBERED_HEADS, HEAD_TTL_S * 1000);
  readonly #tails = new Map<string, Promise<unknown>>();

  async generation(repoKey: string): Promise<number> {
    return this.#generations.get(repoKey) ?? 0;
  }

  run<T>(repoKey: string, sha: string, since: number, job: (stale: boolean) => Promise<T>) {
    const key = `${repoKey}@${sha}`;
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(
      () => job(this.#stale(key, since)),
      () => job(this.#stale(key, since)),
    );
    const tail = result.catch(() => {});
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  async wrote(repoKey: string, sha: string): Promise<void> {
    const next = (this.#generations.get(repoKey) ?? 0) + 1;
    this.#generations.set(repoKey, next);
    this.#lastWrite.set(`${repoKey}@${sha}`, next);
  }

  /** A forgotten head counts as written: re-reading is always safe. */
  #stale(key: string, since: number): boolean {
    const last = this.#lastWrite.get(key);
    if (last === undefined) return this.#lastWrite.size >= MAX_REMEMBERED_HEADS;
    return last > since;
  }
}

/** Keys expire: a head not written for a day is not raced any more. */
const HEAD_TTL_S = 24 * 3600;

export class RedisHeadLocks implements HeadLocks {
  constructor(private readonly redis: Redis) {}

  async generation(repoKey: string): Promise<number> {
    return Number((await this.redis.get(`countersign:gen:${repoKey}`)) ?? 0);
  }

  run<T>(repoKey: string, sha: string, since: number, job: (stale: boolean) => Promise<T>) {
    return withPullLock(this.redis, `head:${repoKey}@${sha}`, async () => {
      const last = Number((await this.redis.get(`countersign:wrote:${repoKey}@${sha}`)) ?? 0);
      return job(last > since);
    });
  }

  async wrote(repoKey: string, sha: string): Promise<void> {
    const next = await this.redis.incr(`countersign:gen:${repoKey}`);
    await this.redis.set(`countersign:wrote:${repoKey}@${sha}`, String(next), "EX", HEAD_TTL_S);
  }
}
