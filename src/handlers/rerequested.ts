/**
 * `check_run.rerequested` and `check_suite.rerequested`: GitHub's "Re-run"
 * buttons (SPEC §7). Re-evaluate the PRs whose head is that SHA; fork PRs
 * arrive with `pull_requests: []`, so they are looked up by commit.
 */
import type { Context } from "probot";
import type { GitHubClient } from "../github/client.js";
import { openPullsForCommit, type PullRef } from "../github/pulls.js";
import { judgeMergeGroup, parseQueueRef } from "../pipeline/merge-group.js";
import { CHECK_NAME } from "../policy/first-run.js";
import type { AppContext } from "./app-context.js";
import { mergeGroupDeps } from "./merge-group.js";
import { schedulePull } from "./schedule.js";

interface Rerequest {
  headSha: string;
  pullNumbers: number[];
  /** The suite's branch: a `gh-readonly-queue/…` branch means a merge group's check. */
  headBranch: string | null;
}

export async function onCheckRunRerequested(
  ac: AppContext,
  context: Context<"check_run.rerequested">,
) {
  const run = context.payload.check_run;
  if (run.name !== CHECK_NAME) return;
  if (ac.appId != null && run.app?.id !== ac.appId) return;
  await rerun(ac, context, {
    headSha: run.head_sha,
    pullNumbers: run.pull_requests.map((p) => p.number),
    headBranch: run.check_suite?.head_branch ?? null,
  });
}

export async function onCheckSuiteRerequested(
  ac: AppContext,
  context: Context<"check_suite.rerequested">,
) {
  const suite = context.payload.check_suite;
  if (ac.appId != null && suite.app?.id !== ac.appId) return;
  await rerun(ac, context, {
    headSha: suite.head_sha,
    pullNumbers: suite.pull_requests.map((p) => p.number),
    headBranch: suite.head_branch ?? null,
  });
}

async function rerun(ac: AppContext, context: Context, r: Rerequest): Promise<void> {
  if (r.headBranch && parseQueueRef(r.headBranch)) {
    await judgeMergeGroup(mergeGroupDeps(ac, context), {
      headSha: r.headSha,
      headRef: r.headBranch,
    });
    return;
  }
  const repo = context.repo();
  const pulls: PullRef[] =
    r.pullNumbers.length > 0
      ? r.pullNumbers.map((number) => ({ number, body: null, headSha: r.headSha }))
      : await openPullsForCommit(context.octokit as GitHubClient, repo, r.headSha);
  await Promise.all(
    pulls.map((p) =>
      schedulePull(ac, context, { number: p.number, bodyHint: p.body, headShaHint: r.headSha }),
    ),
  );
}
