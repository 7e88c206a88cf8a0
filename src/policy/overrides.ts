/**
 * Overrides (SPEC §8), derived on every evaluation from the PR's comments
 * alone: no state of our own, so any replica reading the same comments
 * reaches the same result.
 *
 * An override is pinned to the head commit by time: it counts only when it
 * was written after Countersign first reported on the current head (the
 * earliest `startedAt` of our check runs on it, which later evaluations never
 * rewrite, §7). After a push the new head has younger check runs, so every
 * older override stops counting without anything being stored.
 */
import { type Command, parseCommands } from "./commands.js";
import type { Config } from "./config-schema.js";
import type { OverrideResult, OverrideUse } from "./decision.js";
import { canOverride, describeAllowed, isBotActor } from "./override-rights.js";
import type { IssueComment, Snapshot } from "./snapshot.js";
import { loginKey, sameLogin } from "./snapshot.js";

/** Why one override or revoke command does not count. */
export type Refusal =
  | { kind: "bot" }
  | { kind: "pr-author" }
  | { kind: "edited" }
  | { kind: "not-allowed" }
  | { kind: "no-reason" }
  | { kind: "before-report"; headSha7: string }
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

export const CHECK_NAME = "countersign";

export function evaluateOverrides(snapshot: Snapshot, config: Config): OverrideResult {
  const judged = judgeOverrideCommands(snapshot, config);
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
    case "revoked":
      return "revoked by a later /countersign revoke";
    case "nothing-to-revoke":
      return "nothing to revoke: no override of theirs counted";
  }
}

/**
 * Every override and revoke command on the PR, in the order they were
 * written, each judged. A revoke withdraws the sender's overrides written
 * before it that would otherwise count; later overrides stand.
 */
export function judgeOverrideCommands(snapshot: Snapshot, config: Config): JudgedCommand[] {
  const reportedAt = firstReportedAt(snapshot);
  const live = new Map<string, JudgedCommand[]>();
  return commandEntries(snapshot).map((entry) => {
    const judged: JudgedCommand = { ...entry, refusal: null };
    if (entry.command.name === "override") {
      judged.refusal = overrideRefusal(entry, snapshot, config, reportedAt);
      if (!judged.refusal) pushLive(live, judged);
    } else {
      judged.refusal = applyRevoke(entry, live);
    }
    return judged;
  });
}

function pushLive(live: Map<string, JudgedCommand[]>, judged: JudgedCommand): void {
  const key = loginKey(judged.login);
  live.set(key, [...(live.get(key) ?? []), judged]);
}

/**
 * Marks the sender's live overrides revoked. A revoke counts even from an
 * edited comment: withdrawing one's own override can only make the check
 * stricter, and ignoring it would silently bring an override back to life.
 */
function applyRevoke(entry: Entry, live: Map<string, JudgedCommand[]>): Refusal | null {
  if (entry.comment.author && isBotActor(entry.comment.author)) return { kind: "bot" };
  const key = loginKey(entry.login);
  const overrides = live.get(key) ?? [];
  if (overrides.length === 0) return { kind: "nothing-to-revoke" };
  for (const override of overrides) override.refusal = { kind: "revoked" };
  live.delete(key);
  return null;
}

/** Cheapest and most fundamental reasons first, so the one reported is the one to fix first. */
function overrideRefusal(
  entry: Entry,
  snapshot: Snapshot,
  config: Config,
  reportedAt: number | null,
): Refusal | null {
  const { comment, command } = entry;
  if (comment.author && isBotActor(comment.author)) return { kind: "bot" };
  if (sameLogin(entry.login, snapshot.pullRequest.author?.login)) return { kind: "pr-author" };
  if (comment.lastEditedAt !== null) return { kind: "edited" };
  if (!canOverride(entry.login, snapshot, config)) return { kind: "not-allowed" };
  if (command.name === "override" && config.overrides.require_reason && command.reason === "") {
    return { kind: "no-reason" };
  }
  // Strictly after: GitHub timestamps have whole seconds, and a tie cannot prove the head was seen.
  if (reportedAt === null || !(entry.time > reportedAt)) {
    return { kind: "before-report", headSha7: snapshot.pullRequest.headOid.slice(0, 7) };
  }
  return null;
}

/**
 * When Countersign first reported on the current head: the earliest start of
 * its `countersign` check runs there, or null when it has not reported yet.
 */
export function firstReportedAt(snapshot: Snapshot): number | null {
  const starts = snapshot.checkRuns
    .filter((run) => run.name === CHECK_NAME && run.startedAt !== null)
    .map((run) => Date.parse(run.startedAt!))
    .filter((time) => !Number.isNaN(time));
  return starts.length === 0 ? null : Math.min(...starts);
}

/** Override and revoke commands, ordered by comment time, then comment order, then line. */
function commandEntries(snapshot: Snapshot): Entry[] {
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
  return entries.sort(
    (a, b) =>
      compareTimes(a.time, b.time) ||
      a.commentIndex - b.commentIndex ||
      a.command.line - b.command.line,
  );
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

/**
 * `snapshot` with `comment` as given, replacing the stored one with the same
 * id or inserted in id order (ids grow with time). Lets callers judge a
 * comment from a webhook payload even when the snapshot predates it, or as
 * it was before an edit or deletion.
 */
export function withComment(snapshot: Snapshot, comment: IssueComment): Snapshot {
  const others = snapshot.comments.filter((c) => c.databaseId !== comment.databaseId);
  const at = others.findIndex((c) => c.databaseId > comment.databaseId);
  const comments =
    at === -1 ? [...others, comment] : [...others.slice(0, at), comment, ...others.slice(at)];
  return { ...snapshot, comments };
}

/**
 * The override that stopped counting because `before` (the comment as it
 * was first posted, from the webhook's `changes.body.from` or the deleted
 * comment) was edited or deleted; null when it never counted, or when its
 * sender still has another override that counts (nothing to tell them).
 * `snapshot` is the state after the edit or deletion.
 */
export function withdrawnOverride(
  before: IssueComment,
  snapshot: Snapshot,
  config: Config,
): OverrideUse | null {
  const original = withComment(snapshot, { ...before, lastEditedAt: null });
  const was = evaluateOverrides(original, config).active.find((use) => use.url === before.url);
  if (!was) return null;
  const still = evaluateOverrides(snapshot, config).active.some((use) =>
    sameLogin(use.login, was.login),
  );
  return still ? null : was;
}
