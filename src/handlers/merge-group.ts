/**
 * `merge_group.checks_requested`: judge every PR in the group afresh (the
 * PR named in `head_ref` and the queue entries ahead of it) and post
 * `countersign` on the group's head SHA, or the queue times out. A stale PR
 * verdict is never trusted (SPEC §7).
 */
import type { Context } from "probot";
import { findCheckRun } from "../github/check-run.js";
import type { GitHubClient } from "../github/client.js";
import { describeError } from "../github/errors.js";
import { mergeGroupView } from "../github/pulls.js";
import { judgePull } from "../pipeline/judge.js";
import { writeCheck } from "../pipeline/report.js";
import { firstRunOf } from "../policy/first-run.js";
import { type GroupMember, renderMergeGroup } from "../render/merge-group.js";
import type { AppContext } from "./app-context.js";
import { installationId, payloadProperties, type RepoPayload } from "./payload.js";

/** `refs/heads/gh-readonly-queue/<base>/pr-<N>-<sha>` (GitHub's merge-queue branch names). */
const QUEUE_REF = /^(?:refs\/heads\/)?gh-readonly-queue\/(.+)\/pr-(\d+)-[0-9a-f]{40}$/;

export function parseQueueRef(ref: string): { base: string; number: number } | null {
  const m = QUEUE_REF.exec(ref);
  return m ? { base: m[1]!, number: Number(m[2]) } : null;
}

export async function onMergeGroup(
  ac: AppContext,
  context: Context<"merge_group.checks_requested">,
) {
  const { head_sha, head_ref } = context.payload.merge_group;
  await judgeMergeGroup(ac, context, { head_sha, head_ref });
}

/**
 * Judge a merge group and report on its head. Also reached from GitHub's
 * "Re-run" on the group's own check (a check_run/check_suite rerequest on a
 * `gh-readonly-queue/…` branch), where no PR has the group's head.
 */
export async function judgeMergeGroup(
  ac: AppContext,
  context: Context,
  group: { head_sha: string; head_ref: string },
) {
  const gh = context.octokit as GitHubClient;
  const repo = context.repo();
  const parsed = parseQueueRef(group.head_ref);
  const view: GroupView = parsed
    ? await groupView(gh, repo, { ...parsed, headSha: group.head_sha, appId: ac.appId })
    : { members: [] };
  const members: GroupMember[] = [...view.members];
  for (const number of view.numbers ?? []) members.push(await judgeMember(ac, context, gh, number));
  const out = renderMergeGroup(members);
  await writeCheck(
    { gh, metrics: ac.metrics, log: context.log },
    {
      ...repo,
      headSha: group.head_sha,
      existingId:
        view.existingId !== undefined
          ? view.existingId
          : ((await findCheckRun(gh, repo, group.head_sha, ac.appId))?.id ?? null),
      out: { ...out, text: "" },
      state: null,
      decisions: members.flatMap((m) => ("decision" in m ? [m.decision] : [])),
      pulls: members.map((m) => m.number),
    },
  );
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

async function judgeMember(
  ac: AppContext,
  context: Context,
  gh: GitHubClient,
  number: number,
): Promise<GroupMember> {
  const payload = context.payload as RepoPayload;
  try {
    const { decision } = await judgePull(
      { gh, installationId: installationId(payload), teams: ac.teams },
      {
        ...context.repo(),
        number,
        appId: ac.appId,
        bodyHint: null,
        customProperties: payloadProperties(payload),
      },
    );
    return { number, decision };
  } catch (err) {
    return { number, error: describeError(err) };
  }
}
