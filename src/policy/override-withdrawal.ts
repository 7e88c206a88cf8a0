/**
 * Overrides withdrawn by an edit or deletion (SPEC §8): judging a comment as
 * it was, or as a webhook says it is, beside the comments a snapshot holds.
 */
import type { Config } from "../model/config-schema.js";
import type { OverrideUse } from "../model/decision.js";
import type { Directory, IssueComment, Snapshot } from "../model/snapshot.js";
import { sameLogin } from "../model/snapshot.js";
import { evaluateOverrides } from "./overrides.js";

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
  directory: Directory,
  config: Config,
): OverrideUse | null {
  const original = withComment(snapshot, { ...before, lastEditedAt: null });
  const was = evaluateOverrides(original, directory, config).active.find(
    (use) => use.url === before.url,
  );
  if (!was) return null;
  const still = evaluateOverrides(snapshot, directory, config).active.some((use) =>
    sameLogin(use.login, was.login),
  );
  return still ? null : was;
}
