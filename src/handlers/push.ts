/**
 * `push` to a branch whose policy or CODEOWNERS changed: every open PR
 * targeting it is re-judged, so a tightened policy never leaves a stale
 * `success` (SPEC §7).
 */
import type { Context } from "probot";
import type { GitHubClient } from "../github/client.js";
import { openPullsForBase } from "../github/pulls.js";
import { CONFIG_PATH } from "../policy/config-schema.js";
import { type AppContext, schedulePull } from "./app-context.js";

const POLICY_FILES = new Set([CONFIG_PATH, "CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS"]);

interface PushedCommit {
  added?: string[];
  modified?: string[];
  removed?: string[];
}

/** GitHub lists at most this many commits in a push webhook; a longer push is cut. */
export const MAX_PUSH_COMMITS = 2048;

/**
 * Whether a push may have changed the policy. A forced push can move the
 * branch back to an older policy without listing a commit that touched it
 * (`commits` holds only what is new between `before` and `after`), and a
 * push cut at GitHub's limit may hide the commit that did, so both re-judge
 * every open PR too.
 */
export function mayChangePolicy(push: { forced?: boolean; commits: PushedCommit[] }): boolean {
  if (push.forced || push.commits.length >= MAX_PUSH_COMMITS) return true;
  return push.commits.some((c) =>
    [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])].some((p) =>
      POLICY_FILES.has(p),
    ),
  );
}

export async function onPush(ac: AppContext, context: Context<"push">): Promise<void> {
  const { ref, deleted } = context.payload;
  if (deleted || !ref.startsWith("refs/heads/")) return;
  if (!mayChangePolicy(context.payload)) return;
  const branch = ref.slice("refs/heads/".length);
  const pulls = await openPullsForBase(context.octokit as GitHubClient, context.repo(), branch);
  await Promise.all(
    pulls.map((p) => schedulePull(ac, context, { number: p.number, bodyHint: p.body })),
  );
}
