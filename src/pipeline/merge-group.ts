/**
 * A merge group's verdict (SPEC §7): every PR in the group — the PR named in
 * `head_ref` and the queue entries ahead of it — judged afresh, and the
 * check posted on the group's head SHA through the one writer. A stale PR
 * verdict is never trusted; a group that cannot be read fails closed.
 */
import type { Logger } from "probot";
import { findCheckRun } from "../github/check-run.js";
import type { GitHubClient } from "../github/client.js";
import type { CustomProperties } from "../github/custom-properties.js";
import { describeError } from "../github/errors.js";
import { mergeGroupView } from "../github/pulls.js";
import type { TeamStore } from "../github/team-cache.js";
import { firstRunOf } from "../policy/first-run.js";
import { type GroupMember, renderMergeGroup } from "../render/merge-group.js";
import type { Metrics } from "../runtime/metrics.js";
import type { HeadLocks } from "./head-locks.js";
import { judgePull } from "./judge.js";
import { writeCheck } from "./report.js";

export interface MergeGroupDeps {
  gh: GitHubClient;
  installationId: number;
  teams: TeamStore;
  appId: number | null;
  metrics: Metrics;
  log: Logger;
  repo: { owner: string; repo: string };
  customProperties: CustomProperties | null | undefined;
  /** The group's head is written under its lock, like every head (SPEC §7). */
  locks: HeadLocks;
}

/** `refs/heads/gh-readonly-queue/<base>/pr-<N>-<sha>` (GitHub's merge-queue branch names). */
const QUEUE_REF = /^(?:refs\/heads\/)?gh-readonly-queue\/(.+)\/pr-(\d+)-[0-9a-f]{40}$/;

export function parseQueueRef(ref: string): { base: string; number: number } | null {
  const m = QUEUE_REF.exec(ref);
  return m ? { base: m[1]!, number: Number(m[2]) } : null;
}

/**
 * Judge a merge group and report on its head. Also reached from GitHub's
 * "Re-run" on the group's own check (a check_run/check_suite rerequest on a
 * `gh-readonly-queue/…` branch), where no PR has the group's head.
 */
export async function judgeMergeGroup(
  deps: MergeGroupDeps,
  group: { headSha: string; headRef: string },
): Promise<void> {
  const { gh, repo } = deps;
  const repoKey = `${repo.owner}/${repo.repo}`.toLowerCase();
  const since = await deps.locks.generation(repoKey);
  const parsed = parseQueueRef(group.headRef);
  const view: GroupView = parsed
    ? await groupView(gh, repo, { ...parsed, headSha: group.headSha, appId: deps.appId })
    : { members: [] };
  const members: GroupMember[] = [...view.members];
  for (const number of view.numbers ?? []) members.push(await judgeMember(deps, number));
  const out = renderMergeGroup(members);
  // Another judgement of this group may have written its run since we read it: find it again.
  await deps.locks.run(repoKey, group.headSha, since, async (stale) => {
    await writeCheck(deps, {
      ...repo,
      headSha: group.headSha,
      existingId:
        view.existingId !== undefined && !stale
          ? view.existingId
          : ((await findCheckRun(gh, repo, group.headSha, deps.appId))?.id ?? null),
      out: { ...out, text: "" },
      state: null,
      decisions: members.flatMap((m) => ("decision" in m ? [m.decision] : [])),
      pulls: members.map((m) => m.number),
    });
    await deps.locks.wrote(repoKey, group.headSha);
  });
}

interface GroupView {
  /** The PRs to judge, ahead of the one named in head_ref first. */
  numbers?: number[];
  /** Members already known to fail: the group could not be read. */
  members: GroupMember[];
  /** The run already on the group's head, to update in place; undefined when not read yet. */
  existingId?: number | null;
}

/**
 * Which PRs the group holds. Without the queue's view the group cannot be
 * known, so it fails closed: judging only the PR named in head_ref would
 * trust the verdicts of the PRs ahead of it.
 */
async function groupView(
  gh: GitHubClient,
  repo: { owner: string; repo: string },
  group: { base: string; number: number; headSha: string; appId: number | null },
): Promise<GroupView> {
  const { number, base } = group;
  try {
    const view = await mergeGroupView(gh, repo, { ...group, branch: base });
    const existingId = firstRunOf(view.checkRuns)?.databaseId ?? null;
    if (view.numbers) return { numbers: view.numbers, members: [], existingId };
    const error = `#${number} is not in the merge queue of ${base}, so the pull requests ahead of it are unknown.`;
    return { members: [{ number, error }], existingId };
  } catch (err) {
    const error = `the merge queue of ${base} could not be read, so the pull requests ahead of #${number} are unknown: ${describeError(err)}`;
    return { members: [{ number, error }] };
  }
}

async function judgeMember(deps: MergeGroupDeps, number: number): Promise<GroupMember> {
  try {
    const { decision } = await judgePull(deps, {
      ...deps.repo,
      number,
      appId: deps.appId,
      bodyHint: null,
      customProperties: deps.customProperties,
    });
    return { number, decision };
  } catch (err) {
    return { number, error: describeError(err) };
  }
}
