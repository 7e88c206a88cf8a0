/**
 * `push` to a branch whose policy or CODEOWNERS changed: every open PR
 * targeting it is re-judged, so a tightened policy never leaves a stale
 * `success` (SPEC §7).
 */
import type { Context } from "probot";
import type { GitHubClient } from "../github/client.js";
import { installedRepositories, openPullsForBase, orgPolicyDependents } from "../github/pulls.js";
import { CONFIG_PATH } from "../model/config-schema.js";
import type { AppContext } from "./app-context.js";
import { installationId, type RepoPayload } from "./payload.js";
import { schedulePull } from "./schedule.js";

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

/**
 * Whether a push changed the organisation's policy: the default branch of the
 * owner's `.github` repository, touching its `.github/countersign.yml` (or
 * forced, or cut at GitHub's limit, as for `mayChangePolicy`).
 */
export function changesOrgPolicy(push: {
  ref: string;
  forced?: boolean;
  repository: { name: string; default_branch?: string };
  commits: PushedCommit[];
}): boolean {
  const { repository } = push;
  if (repository.name.toLowerCase() !== ".github") return false;
  if (push.ref !== `refs/heads/${repository.default_branch ?? ""}`) return false;
  if (push.forced || push.commits.length >= MAX_PUSH_COMMITS) return true;
  return push.commits.some((c) =>
    [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])].includes(CONFIG_PATH),
  );
}

export async function onPush(ac: AppContext, context: Context<"push">): Promise<void> {
  const { ref, deleted } = context.payload;
  if (deleted || !ref.startsWith("refs/heads/")) return;
  if (changesOrgPolicy(context.payload)) await queueOrgDependents(ac, context);
  if (!mayChangePolicy(context.payload)) return;
  const branch = ref.slice("refs/heads/".length);
  const pulls = await openPullsForBase(context.octokit as GitHubClient, context.repo(), branch);
  await Promise.all(
    pulls.map((p) => schedulePull(ac, context, { number: p.number, bodyHint: p.body })),
  );
}

/**
 * The organisation's policy changed: every open PR of every installed
 * repository that takes its policy from it and currently passes is queued to
 * be judged again (SPEC §7), so a tightened policy never leaves a stale
 * `success`. The queue spends the rate limit slowly.
 */
async function queueOrgDependents(ac: AppContext, context: Context<"push">): Promise<void> {
  const gh = context.octokit as GitHubClient;
  const installation = installationId(context.payload as RepoPayload);
  const repos = await installedRepositories(gh);
  const failed: string[] = [];
  for (const r of repos) {
    if (r.archived || r.repo.toLowerCase() === ".github") continue;
    try {
      const numbers = await orgPolicyDependents(gh, r, ac.appId);
      await ac.rejudge.push(
        numbers.map((number) => ({ installationId: installation, ...r, number })),
      );
      context.log.info(
        { repository: `${r.owner}/${r.repo}`, pulls: numbers },
        "countersign: organisation policy changed; queued to judge again",
      );
    } catch (err) {
      // One repository's failure must not spare the others; GitHub redelivers the push.
      context.log.error({ err, repository: `${r.owner}/${r.repo}` }, "countersign: re-judge");
      failed.push(`${r.owner}/${r.repo}`);
    }
  }
  if (failed.length > 0) {
    throw new Error(`could not list the open pull requests of ${failed.join(", ")}`);
  }
}
