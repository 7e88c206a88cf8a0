/** Finding the pull requests an event is about when it names only a commit, a branch or a queue. */
import type { GitHubClient } from "./client.js";
import { query } from "./graphql.js";

export interface PullRef {
  number: number;
  body: string | null;
  headSha: string | null;
}

interface ForCommitAnswer {
  repository: {
    object: {
      associatedPullRequests?: {
        nodes: ({ number: number; state: string; headRefOid: string; body: string } | null)[];
      };
    } | null;
  } | null;
}

/** Open PRs whose head is `oid` (check_run/check_suite payloads list none for forks). */
export async function openPullsForCommit(
  gh: GitHubClient,
  repo: { owner: string; repo: string },
  oid: string,
): Promise<PullRef[]> {
  const answer = await query<ForCommitAnswer>(gh, "CountersignPullsForCommit", { ...repo, oid });
  const nodes = answer.repository?.object?.associatedPullRequests?.nodes ?? [];
  return nodes.flatMap((n) =>
    n && n.state === "OPEN" && n.headRefOid === oid
      ? [{ number: n.number, body: n.body, headSha: n.headRefOid }]
      : [],
  );
}

interface OpenPullsAnswer {
  repository: {
    pullRequests: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: ({ number: number; body: string } | null)[];
    };
  } | null;
}

/** Every open PR targeting `base` (a policy change on it must re-judge them all). */
export async function openPullsForBase(
  gh: GitHubClient,
  repo: { owner: string; repo: string },
  base: string,
): Promise<PullRef[]> {
  const pulls: PullRef[] = [];
  let after: string | null = null;
  do {
    const answer: OpenPullsAnswer = await query<OpenPullsAnswer>(gh, "CountersignOpenPulls", {
      ...repo,
      base,
      after,
    });
    const page = answer.repository?.pullRequests;
    if (!page) break;
    for (const n of page.nodes)
      if (n) pulls.push({ number: n.number, body: n.body, headSha: null });
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return pulls;
}

interface QueueAnswer {
  repository: {
    mergeQueue: {
      entries: { nodes: ({ position: number; pullRequest: { number: number } | null } | null)[] };
    } | null;
  } | null;
}

/** The PR numbers in the merge queue of `branch` at or ahead of `number`'s position. */
export async function queueAhead(
  gh: GitHubClient,
  repo: { owner: string; repo: string },
  branch: string,
  number: number,
): Promise<number[]> {
  const answer = await query<QueueAnswer>(gh, "CountersignMergeQueue", { ...repo, branch });
  const entries = (answer.repository?.mergeQueue?.entries.nodes ?? []).flatMap((e) =>
    e?.pullRequest ? [{ position: e.position, number: e.pullRequest.number }] : [],
  );
  const mine = entries.find((e) => e.number === number);
  if (!mine) return [number];
  return entries
    .filter((e) => e.position <= mine.position)
    .sort((a, b) => a.position - b.position)
    .map((e) => e.number);
}
