/**
 * Team memberships, cached across evaluations (SPEC §9): invalidated by
 * `membership` webhooks, else after a TTL. The store is an interface so a
 * Redis-backed one can make every replica agree.
 */

import { BoundedCache } from "../shared/bounded-cache.js";

export interface TeamStore {
  get(key: string): Promise<string[] | null | undefined>;
  set(key: string, members: string[] | null, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** At least 60 s (SPEC §9); membership webhooks cut it short. */
export const TEAM_TTL_MS = 5 * 60_000;

/** How many teams one process remembers (the least recently used go first). */
export const MAX_CACHED_TEAMS = 10_000;

export class MemoryTeamStore implements TeamStore {
  readonly #entries: BoundedCache<string[] | null>;
  constructor(now: () => number = Date.now) {
    this.#entries = new BoundedCache(MAX_CACHED_TEAMS, TEAM_TTL_MS, now);
  }

  async get(key: string) {
    return this.#entries.get(key);
  }

  async set(key: string, members: string[] | null, ttlMs: number) {
    this.#entries.set(key, members, ttlMs);
  }

  async delete(key: string) {
    this.#entries.delete(key);
  }
}

/** Cache key for one installation's view of a team (`org/slug`, lower-cased). */
export function teamKey(installationId: number, team: string): string {
  return `countersign:team:${installationId}:${team.toLowerCase()}`;
}
