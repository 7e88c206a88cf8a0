/**
 * Team memberships, cached across evaluations (SPEC §9): invalidated by
 * `membership` webhooks, else after a TTL. The store is an interface so a
 * Redis-backed one can make every replica agree.
 */

export interface TeamStore {
  get(key: string): Promise<string[] | null | undefined>;
  set(key: string, members: string[] | null, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** At least 60 s (SPEC §9); membership webhooks cut it short. */
export const TEAM_TTL_MS = 5 * 60_000;

export class MemoryTeamStore implements TeamStore {
  readonly #entries = new Map<string, { members: string[] | null; expires: number }>();
  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string) {
    const hit = this.#entries.get(key);
    if (!hit) return undefined;
    if (hit.expires <= this.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return hit.members;
  }

  async set(key: string, members: string[] | null, ttlMs: number) {
    this.#entries.set(key, { members, expires: this.now() + ttlMs });
  }

  async delete(key: string) {
    this.#entries.delete(key);
  }
}

/** Cache key for one installation's view of a team (`org/slug`, lower-cased). */
export function teamKey(installationId: number, team: string): string {
  return `countersign:team:${installationId}:${team.toLowerCase()}`;
}
