/**
 * What Countersign remembers about one head commit (SPEC §7 "State in the
 * check run"): the pull requests seen on it, when each arrived there, the
 * revokes seen on each, and everyone who pushed to them. Only the app can
 * write its own check run, so the state lives there — a hidden block in
 * `output.text` — and every replica reads the same. Pure: parsing,
 * rendering and merging; `src/github/` reads it, `src/pipeline/` writes it.
 */
import { loginKey } from "./snapshot.js";

/** A `/countersign revoke` Countersign has seen; it stands even if the comment is later edited or deleted (§8). */
export interface RevokeRecord {
  /** The comment's REST id. */
  id: number;
  /** Who wrote the revoke. */
  by: string;
  /** Whose overrides it withdraws: `by`'s own when null (`/countersign revoke @user` names another). */
  of: string | null;
  /** The comment's `createdAt`. */
  at: string;
}

export interface PullRecord {
  /** When this PR last arrived at the head, from the `opened`/`reopened`/`synchronize` delivery (§8). */
  arrivedAt: string | null;
  revokes: RevokeRecord[];
}

export interface HeadState {
  /** PR number → what was recorded for it on this head. */
  pulls: Record<string, PullRecord>;
  /** Logins that pushed commits to a PR on this head (or an earlier head, carried forward, §5). */
  pushers: string[];
}

/** What one webhook delivery adds to the state of the head it names. */
export interface StateFacts {
  number: number;
  /** The head the delivery named: its arrival is dropped if the PR has moved on since (its pusher is not). */
  headSha?: string;
  /** A synchronize's previous head, whose recorded pushers carry forward (SPEC §5). */
  before?: string;
  arrivedAt?: string;
  pusher?: string;
  revokes?: RevokeRecord[];
}

const MARKER = "countersign-state:";
const BLOCK = /<!-- countersign-state:([A-Za-z0-9+/=]{0,200000}) -->/;
/**
 * How many open PRs may share one head: past it the check fails closed
 * rather than judge (or remember) a partial set — nothing is ever evicted,
 * or a flood of decoys could push a failing PR or a revoke out of the state.
 */
export const MAX_HEAD_PULLS = 50;

export function emptyState(): HeadState {
  return { pulls: {}, pushers: [] };
}

/** The state block at the start of a check run's `output.text`; empty when absent or unreadable. */
export function parseHeadState(text: string | null | undefined): HeadState {
  const match = text ? BLOCK.exec(text) : null;
  if (!match) return emptyState();
  try {
    const raw = JSON.parse(Buffer.from(match[1]!, "base64").toString("utf8")) as unknown;
    return sanitize(raw);
  } catch {
    return emptyState();
  }
}

/** The hidden block (an HTML comment: GitHub renders nothing of it). */
export function renderHeadState(state: HeadState): string {
  const json = JSON.stringify(state);
  return `<!-- ${MARKER}${Buffer.from(json, "utf8").toString("base64")} -->`;
}

function sanitize(raw: unknown): HeadState {
  const state = emptyState();
  if (!raw || typeof raw !== "object") return state;
  const r = raw as { pulls?: unknown; pushers?: unknown };
  if (Array.isArray(r.pushers)) state.pushers = r.pushers.filter(isString);
  if (r.pulls && typeof r.pulls === "object") {
    for (const [key, value] of Object.entries(r.pulls as Record<string, unknown>)) {
      if (!/^\d+$/.test(key) || !value || typeof value !== "object") continue;
      const v = value as { arrivedAt?: unknown; revokes?: unknown };
      state.pulls[key] = {
        arrivedAt: isString(v.arrivedAt) ? v.arrivedAt : null,
        revokes: Array.isArray(v.revokes) ? v.revokes.filter(isRevoke) : [],
      };
    }
  }
  return state;
}

function isString(x: unknown): x is string {
  return typeof x === "string";
}

function isRevoke(x: unknown): x is RevokeRecord {
  const r = x as RevokeRecord;
  return (
    !!r &&
    typeof r.id === "number" &&
    isString(r.by) &&
    (r.of === null || isString(r.of)) &&
    isString(r.at)
  );
}

/** The later of two GitHub timestamps (either may be null). */
export function laterTime(a: string | null, b: string | null | undefined): string | null {
  if (!b) return a;
  if (!a) return b;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

function pullOf(state: HeadState, number: number): PullRecord {
  const key = String(number);
  state.pulls[key] ??= { arrivedAt: null, revokes: [] };
  return state.pulls[key];
}

export function addPusher(state: HeadState, login: string): void {
  if (!state.pushers.some((p) => loginKey(p) === loginKey(login))) state.pushers.push(login);
}

/**
 * Keeps one record per (sender, person revoked): a revoke withdraws that
 * person's overrides written before it, so only the latest matters. Spam
 * collapses to one entry; nothing that stands is ever dropped.
 */
export function addRevoke(state: HeadState, number: number, revoke: RevokeRecord): void {
  const pull = pullOf(state, number);
  const target = (r: RevokeRecord) => loginKey(r.of ?? r.by);
  const same = pull.revokes.findIndex(
    (r) => loginKey(r.by) === loginKey(revoke.by) && target(r) === target(revoke),
  );
  if (same === -1) pull.revokes.push(revoke);
  else if (Date.parse(revoke.at) > Date.parse(pull.revokes[same]!.at)) pull.revokes[same] = revoke;
}

/** Records a PR as seen on this head (without an arrival time when none was delivered). */
export function notePull(state: HeadState, number: number): void {
  pullOf(state, number);
}

/**
 * `current` with `facts` applied and the pushers of the previous head's
 * state carried forward. Returns a new state; inputs are not changed.
 */
export function mergeState(
  current: HeadState,
  previous: HeadState | null,
  facts: StateFacts[],
): HeadState {
  const state: HeadState = structuredClone(current);
  for (const login of previous?.pushers ?? []) addPusher(state, login);
  for (const f of facts) {
    const pull = pullOf(state, f.number);
    pull.arrivedAt = laterTime(pull.arrivedAt, f.arrivedAt);
    if (f.pusher) addPusher(state, f.pusher);
    for (const r of f.revokes ?? []) addRevoke(state, f.number, r);
  }
  return state;
}

/** Removes the PRs no longer on this head (closed, or moved to another commit). */
export function keepPulls(state: HeadState, numbers: number[]): HeadState {
  const keep = new Set(numbers.map(String));
  const pulls = Object.fromEntries(Object.entries(state.pulls).filter(([k]) => keep.has(k)));
  return { ...state, pulls };
}

export function statePullNumbers(state: HeadState): number[] {
  return Object.keys(state.pulls).map(Number);
}
