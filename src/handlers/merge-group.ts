/**
 * `merge_group.checks_requested`: judge every PR in the group afresh (the
 * PR named in `head_ref` and the queue entries ahead of it) and post
 * `countersign` on the group's head SHA, or the queue times out. A stale PR
 * verdict is never trusted (SPEC §7).
 */
import type { Context } from "probot";
import { reportCheck } from "../github/check-run.js";
import type { GitHubClient } from "../github/client.js";
import { describeError } from "../github/errors.js";
import { queueAhead } from "../github/pulls.js";
import { judgePull } from "../pipeline/judge.js";
import { type GroupMember, renderMergeGroup } from "../render/merge-group.js";
import { type AppContext, installationId, type RepoPayload } from "./app-context.js";

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
  const group = context.payload.merge_group;
  const gh = context.octokit as GitHubClient;
  ac.metrics.instrument(gh);
  const repo = context.repo();
  const parsed = parseQueueRef(group.head_ref);
  const numbers = parsed ? await numbersInGroup(gh, repo, parsed) : [];
  const members: GroupMember[] = [];
  for (const number of numbers) members.push(await judgeMember(ac, context, gh, number));
  const out = renderMergeGroup(members);
  await reportCheck(gh, {
    ...repo,
    headSha: group.head_sha,
    existingId: null,
    conclusion: out.conclusion,
    title: out.title,
    summary: out.summary,
    text: "",
  });
}

async function numbersInGroup(
  gh: GitHubClient,
  repo: { owner: string; repo: string },
  parsed: { base: string; number: number },
): Promise<number[]> {
  try {
    return await queueAhead(gh, repo, parsed.base, parsed.number);
  } catch {
    // Without the queue's view, the PR named in head_ref is still judged.
    return [parsed.number];
  }
}

async function judgeMember(
  ac: AppContext,
  context: Context<"merge_group.checks_requested">,
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
        customProperties: payload.repository.custom_properties ?? null,
      },
    );
    return { number, decision };
  } catch (err) {
    return { number, error: describeError(err) };
  }
}
