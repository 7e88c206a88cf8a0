/**
 * Overrides (SPEC §8), derived on every evaluation from the PR's comments
 * and what Countersign recorded on the head (its check run's state), so any
 * replica reading the same reaches the same result.
 *
 * An override is pinned to the head commit by time: it counts only when it
 * was written strictly after both the PR's *arrival* at the current head and
 * Countersign's first report there (the `startedAt` of its first run, which
 * later evaluations never rewrite, §7). A head that returns to an earlier
 * commit — by force-push, restore, reopen or a fast-forward push the
 * timeline does not record — arrives anew, so older overrides stop counting.
 *
 * A revoke stands once seen: the state keeps it by comment id, so editing or
 * deleting the revoke comment does not bring the override back.
 */

import type { Config } from "../model/config-schema.js";
import type { OverrideResult, OverrideUse } from "../model/decision.js";
import type { Directory, IssueComment, Snapshot } from "../model/snapshot.js";
import { loginKey, sameLogin } from "../model/snapshot.js";
import { isBotActor } from "./bots.js";
import { type Command, parseCommands } from "./commands.js";
import { firstReportedAt } from "./first-run.js";
import { canOverride, describeAllowed } from "./override-rights.js";

/** Why one override or revoke command does not count. */
export type Refusal =
  | { kind: "bot" }
  | { kind: "pr-author" }
  | { kind: "edited" }
  | { kind: "not-allowed" }
  | { kind: "no-reason" }
  | { kind: "before-report"; headSha7: string }
  | { kind: "before-arrival"; headSha7: string }
  | { kind: "revoked" }
  | { kind: "nothing-to-revoke" };

export type OverrideCommand = Extract<Command, { name: "override" | "revoke" }>;

/** One override or revoke command, and whether it counted. */
export interface JudgedCommand {
  comment: IssueComment;
  command: OverrideCommand;
  login: string;
  refusal: Refusal | null;
}

interface Entry {
  comment: IssueComment;
  command: OverrideCommand;
  login: string;
  time: number;
  commentIndex: number;
}

export function evaluateOverrides(
  snapshot: Snapshot,
  directory: Directory,
  config: Config,
): OverrideResult {
  const judged = judgeOverrideCommands(snapshot, directory, config);
  const active = activeOverrides(judged);
  const needed = config.overrides.approvals_needed;
  return {
    active,
    needed,
    effective: active.length >= needed,
    ignored: judged
      .filter((j) => j.refusal !== null)
      .map((j) => ({
        login: j.login,
        reason: describeRefusal(j.refusal!, config),
        url: j.comment.url,
      })),
    allowedDescription: describeAllowed(config),
  };
}

/** The summary's words for a refusal. */
export function describeRefusal(refusal: Refusal, config: Config): string {
  switch (refusal.kind) {
    case "bot":
      return "a bot";
    case "pr-author":
      return "the PR author cannot override";
    case "edited":
      return "edited after posting";
    case "not-allowed":
      return `not allowed: only ${describeAllowed(config)} may override`;
    case "no-reason":
      return "no reason given (/countersign override <reason>)";
    case "before-report":
      return `written before Countersign reported on ${refusal.headSha7}; repeat it`;
    case "before-arrival":
      return `written before the pull request's head returned to ${refusal.headSha7}; repeat it`;
    case "revoked":
      return "revoked by a later /countersign revoke";
    case "nothing-to-revoke":
      return "nothing to revoke: no override of theirs counted";
  }
}

/**
 * Every override and revoke command on the PR, in the order they were
 * written, each judged. A revoke withdraws the overrides of the person it
 * names (the sender, or `@user` when the sender has override rights)
 * written before it; later overrides stand.
 */
export function judgeOverrideCommands(
  snapshot: Snapshot,
  directory: Directory,
  config: Config,
): JudgedCommand[] {
  const pins = pinsOf(snapshot);
  const live = new Map<string, JudgedCommand[]>();
  return commandEntries(snapshot).map((entry) => {
    const judged: JudgedCommand = { ...entry, refusal: null };
    if (entry.command.name === "override") {
      judged.refusal = overrideRefusal(entry, snapshot, directory, config, pins);
      if (!judged.refusal) pushLive(live, judged);
    } else {
      judged.refusal = applyRevoke(entry, live, directory, config);
    }
    return judged;
  });
}

function pushLive(live: Map<string, JudgedCommand[]>, judged: JudgedCommand): void {
  const key = loginKey(judged.login);
  live.set(key, [...(live.get(key) ?? []), judged]);
}

/**
 * Marks the named person's live overrides revoked. A revoke counts even
 * from an edited comment: withdrawing an override can only make the check
 * stricter, and ignoring it would silently bring an override back to life.
 */
function applyRevoke(
  entry: Entry,
  live: Map<string, JudgedCommand[]>,
  directory: Directory,
  config: Config,
): Refusal | null {
  if (entry.comment.author && isBotActor(entry.comment.author)) return { kind: "bot" };
  const target = revokeTarget(entry);
  if (!sameLogin(target, entry.login) && !canOverride(entry.login, directory, config)) {
    return { kind: "not-allowed" };
  }
  const key = loginKey(target);
  const overrides = live.get(key) ?? [];
  if (overrides.length === 0) return { kind: "nothing-to-revoke" };
  for (const override of overrides) override.refusal = { kind: "revoked" };
  live.delete(key);
  return null;
}

function revokeTarget(entry: Entry): string {
  return entry.command.name === "revoke" && entry.command.target
    ? entry.command.target
    : entry.login;
}

/** The times an override must be strictly later than: the first report and the arrival on this head. */
interface Pins {
  reportedAt: number | null;
  arrivedAt: number | null;
}

function pinsOf(snapshot: Snapshot): Pins {
  return { reportedAt: firstReportedAt(snapshot.checkRuns), arrivedAt: arrivalAt(snapshot) };
}

/**
 * The PR's arrival at its current head (SPEC §8): the latest force-push to
 * it, restore or reopen in the timeline, and the arrival Countersign
 * recorded from the delivery that brought the PR there.
 */
export function arrivalAt(snapshot: Snapshot): number | null {
  const head = snapshot.pullRequest.headOid;
  const times: string[] = [];
  for (const event of snapshot.timeline) {
    if (event.kind === "head-force-pushed" && event.afterOid === head) times.push(event.createdAt);
    if (event.kind === "head-restored" || event.kind === "reopened") times.push(event.createdAt);
  }
  const recorded = snapshot.headState.pulls[String(snapshot.pullRequest.number)]?.arrivedAt;
  if (recorded) times.push(recorded);
  const parsed = times.map((t) => Date.parse(t)).filter((t) => !Number.isNaN(t));
  return parsed.length === 0 ? null : Math.max(...parsed);
}

/** Cheapest and most fundamental reasons first, so the one reported is the one to fix first. */
function overrideRefusal(
  entry: Entry,
  snapshot: Snapshot,
  directory: Directory,
  config: Config,
  pins: Pins,
): Refusal | null {
  const { comment, command } = entry;
  if (comment.author && isBotActor(comment.author)) return { kind: "bot" };
  if (sameLogin(entry.login, snapshot.pullRequest.author?.login)) return { kind: "pr-author" };
  if (comment.lastEditedAt !== null) return { kind: "edited" };
  if (!canOverride(entry.login, directory, config)) return { kind: "not-allowed" };
  if (command.name === "override" && config.overrides.require_reason && command.reason === "") {
    return { kind: "no-reason" };
  }
  // Strictly after: GitHub timestamps have whole seconds, and a tie cannot prove the head was seen.
  const headSha7 = snapshot.pullRequest.headOid.slice(0, 7);
  if (pins.reportedAt === null || !(entry.time > pins.reportedAt)) {
    return { kind: "before-report", headSha7 };
  }
  if (pins.arrivedAt !== null && !(entry.time > pins.arrivedAt)) {
    return { kind: "before-arrival", headSha7 };
  }
  return null;
}

/** Override and revoke commands, ordered by comment time, then comment order, then line. */
function commandEntries(snapshot: Snapshot): Entry[] {
  const entries = [...liveEntries(snapshot), ...recordedRevokes(snapshot)];
  return entries.sort(
    (a, b) =>
      compareTimes(a.time, b.time) ||
      a.commentIndex - b.commentIndex ||
      a.command.line - b.command.line,
  );
}

/**
 * Revokes the state recorded for this PR whose comments no longer say so
 * (edited or deleted since): they stand as they were seen (SPEC §8).
 */
function recordedRevokes(snapshot: Snapshot): Entry[] {
  const recorded = snapshot.headState.pulls[String(snapshot.pullRequest.number)]?.revokes ?? [];
  const liveIds = new Set(
    liveEntries(snapshot)
      .filter((e) => e.command.name === "revoke")
      .map((e) => `${e.comment.databaseId}:${loginKey(revokeTarget(e))}`),
  );
  return recorded
    .filter((r) => !liveIds.has(`${r.id}:${loginKey(r.of ?? r.by)}`))
    .map((r) => ({
      comment: {
        databaseId: r.id,
        url: `${snapshot.pullRequest.url}#issuecomment-${r.id}`,
        author: { login: r.by, type: "User" as const },
        body: "",
        createdAt: r.at,
        lastEditedAt: null,
      },
      command: { name: "revoke" as const, target: r.of, line: 0 },
      login: r.by,
      time: Date.parse(r.at),
      commentIndex: -1,
    }));
}

function liveEntries(snapshot: Snapshot): Entry[] {
  const entries = snapshot.comments.flatMap((comment, commentIndex) => {
    const login = comment.author?.login;
    // A deleted account ("ghost") cannot be checked for rights: its comments are not commands.
    if (!login) return [];
    return parseCommands(comment.body)
      .filter((command): command is OverrideCommand => isOverrideCommand(command))
      .map((command) => ({
        comment,
        command,
        login,
        time: Date.parse(comment.createdAt),
        commentIndex,
      }));
  });
  return entries;
}

function isOverrideCommand(command: Command): command is OverrideCommand {
  return command.name === "override" || command.name === "revoke";
}

/** An unparseable time sorts last, where it can revoke nothing it should not. */
function compareTimes(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
  return a - b;
}

/** One per person: their latest counting override (its reason is the one they mean now). */
function activeOverrides(judged: JudgedCommand[]): OverrideUse[] {
  const latest = new Map<string, JudgedCommand>();
  for (const j of judged) {
    if (j.command.name === "override" && j.refusal === null) latest.set(loginKey(j.login), j);
  }
  return [...latest.values()]
    .sort((a, b) => compareTimes(Date.parse(a.comment.createdAt), Date.parse(b.comment.createdAt)))
    .map(toUse);
}

function toUse(j: JudgedCommand): OverrideUse {
  const reason = j.command.name === "override" ? j.command.reason : "";
  return { login: j.login, reason, url: j.comment.url, at: j.comment.createdAt };
}
