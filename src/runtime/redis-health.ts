/**
 * Redis as a readiness check and a connection to close on shutdown
 * (SPEC §1: `/readyz` answers 503 when `REDIS_URL` is set and Redis does not
 * answer).
 */
import type { Redis } from "ioredis";
import type { Participant } from "./lifecycle.js";

/** How long a PING may take before Redis counts as down. */
export const REDIS_PING_TIMEOUT_MS = 1000;

export function redisParticipant(redis: Redis, timeoutMs = REDIS_PING_TIMEOUT_MS): Participant {
  return {
    name: "redis",
    async check() {
      // Not connected: commands would wait in ioredis's offline queue, so answer now.
      if (redis.status !== "ready") return `redis: ${redis.status}`;
      const answer = await withTimeout(redis.ping(), timeoutMs);
      return answer === "PONG" ? null : `redis: no answer to PING within ${timeoutMs} ms`;
    },
    async close() {
      const quit = await withTimeout(redis.quit(), timeoutMs).catch(() => null);
      if (quit !== "OK") redis.disconnect();
    },
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
