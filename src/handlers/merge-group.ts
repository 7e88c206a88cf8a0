/**
 * `merge_group.checks_requested`: the group is judged afresh and the check
 * posted on its head SHA, or the queue times out (SPEC §7;
 * `pipeline/merge-group.ts`).
 */
import type { Context } from "probot";
import type { GitHubClient } from "../github/client.js";
import { judgeMergeGroup, type MergeGroupDeps } from "../pipeline/merge-group.js";
import type { AppContext } from "./app-context.js";
import { installationId, payloadProperties, type RepoPayload } from "./payload.js";

export async function onMergeGroup(
  ac: AppContext,
  context: Context<"merge_group.checks_requested">,
) {
  const { head_sha, head_ref } = context.payload.merge_group;
  await judgeMergeGroup(mergeGroupDeps(ac, context as unknown as Context), {
    headSha: head_sha,
    headRef: head_ref,
  });
}

/** What judging a merge group needs, from the webhook that asked for it. */
export function mergeGroupDeps(ac: AppContext, context: Context): MergeGroupDeps {
  const payload = context.payload as RepoPayload;
  return {
    gh: context.octokit as GitHubClient,
    installationId: installationId(payload),
    teams: ac.teams,
    appId: ac.appId,
    metrics: ac.metrics,
    log: context.log,
    repo: context.repo(),
    customProperties: payloadProperties(payload),
    locks: ac.locks,
  };
}
