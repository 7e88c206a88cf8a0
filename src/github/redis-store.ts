/**
 * State that replicas must share when `REDIS_URL` is set (SPEC §9): team
 * memberships (they affect verdicts), deliveries already handled, and a
 * lock per (repository, head commit) so no two replicas write one head at once.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { TeamStore } from "./team-cache.js";

export function connectRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false });
}

export class RedisTeamStore implements TeamStore {
  constructor(private readonly redis: Redis) {}

  async get(key: string): Promise<string[] | null | undefined> {
    const raw = await this.redis.get(key);
    return raw == null ? undefined : (JSON.parse(raw) as string[] | null);
  }

  async set(key: string, members: string[] | null, ttlMs: number): Promise<void> {
    await this.redis.set(key, JSON.stringify(members), "PX", ttlMs);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(key);
  }
}

/** GitHub may deliver a webhook more than once, to any replica: handle each delivery id once. */
export const DELIVERY_TTL_S = 24 * 3600;

export async function firstDelivery(redis: Redis, deliveryId: string): Promise<boolean> {
  const set = await redis.set(
    `countersign:delivery:${deliveryId}`,
    "1",
    "EX",
    DELIVERY_TTL_S,
    "NX",
  );
  return set === "OK";
}

/** Longer than any evaluation; a crashed holder's lock expires by itself. */
export const LOCK_TTL_MS = 60_000;
const LOCK_POLL_MS = 50;

// Delete the lock only if we still hold it (it may have expired and been taken).
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/** Runs `job` while holding the PR's lock, waiting for another replica's evaluation to finish. */
export async function withPullLock<T>(
  redis: Redis,
  key: string,
  job: () => Promise<T>,
): Promise<T> {
  const lockKey = `countersign:lock:${key}`;
  const token = randomUUID();
  const deadline = Date.now() + LOCK_TTL_MS;
  while ((await redis.set(lockKey, token, "PX", LOCK_TTL_MS, "NX")) !== "OK") {
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for another replica's evaluation of ${key}.`);
    await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
  }
  try {
    return await job();
  } finally {
    await redis.eval(RELEASE, 1, lockKey, token);
  }
}
