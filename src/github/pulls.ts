/** Finding the pull requests an event is about when it names only a commit, a branch or a queue. */

import type { CheckRunInfo } from "../model/snapshot.js";
import { firstRunOf } from "../policy/first-run.js";
import type { GitHubClient } from "./client.js";
import type { OperationName } from "./documents.js";
import { query } from "./graphql.js";
import { LimitError } from "./limits.js";
import { toCheckRuns } from "./snapshot-map.js";

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

/** The PR's head SHA by REST, for reporting a failure when the event named none and GraphQL failed. */
export async function pullHeadSha(
  gh: GitHubClient,
  target: { owner: string; repo: string; number: number },
): Promise<string> {
  const { data } = await gh.rest.pulls.get({
    owner: target.owner,
    repo: target.repo,
    pull_number: target.number,
  });
  return data.head.sha;
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
  const nodes = await openPullPages<OpenPullsAnswer>(gh, "CountersignOpenPulls", { ...repo, base });
  return nodes.map((n) => ({ number: n.number, body: n.body, headSha: null }));
}

interface QueueAnswer {
  repository: {
    groupHead: { checkSuites?: Parameters<typeof toCheckRuns>[0] } | null;
    mergeQueue: {
      entries: { nodes: ({ position: number; pullRequest: { number: number } | null } | null)[] };
    } | null;
  } | null;
}

export interface MergeGroupView {
  /** The PR numbers in the group (those ahead of `number`, then `number`); null when the queue does not list `number`. */
  numbers: number[] | null;
  /** This app's `countersign` runs already on the group's head. */
  checkRuns: CheckRunInfo[];
}

/** The merge queue of `branch` as a group of `number` sees it, and the app's runs on the group's head. */
export async function mergeGroupView(
  gh: GitHubClient,
  repo: { owner: string; repo: string },
  group: { branch: string; number: number; headSha: string; appId: number | null },
): Promise<MergeGroupView> {
  const answer = await query<QueueAnswer>(gh, "CountersignMergeQueue", {
    ...repo,
    branch: group.branch,
    headSha: group.headSha,
    appId: group.appId,
  });
  const checkRuns = toCheckRuns(answer.repository?.groupHead?.checkSuites ?? null);
  const entries = (answer.repository?.mergeQueue?.entries.nodes ?? []).flatMap((e) =>
    e?.pullRequest ? [{ position: e.position, number: e.pullRequest.number }] : [],
  );
  const mine = entries.find((e) => e.number === group.number);
  if (!mine) return { numbers: null, checkRuns };
  const numbers = entries
    .filter((e) => e.position <= mine.position)
    .sort((a, b) => a.position - b.position)
    .map((e) => e.number);
  return { numbers, checkRuns };
}

interface OpenHeadsAnswer {
  repository: {
    pullRequests: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: ({ number: number; headRefOid: string } | null)[];
    };
  } | null;
}

/** GitHub caps a listing walk here; past it the head's PRs cannot all be known. */
export const MAX_OPEN_PULLS_LISTED = 1000;

/**
 * Every open PR of the repository whose head is `sha`, by listing: GitHub's
 * association misses a fork's head and lists only the merged PR for a commit
 * on the default branch (SPEC §7). Fails loudly past the cap, never truncates.
 */
export async function openPullsWithHead(
  gh: GitHubClient,
  repo: { owner: string; repo: string },
  sha: string,
): Promise<number[]> {
  return (await openHeads(gh, repo)).filter((p) => p.headRefOid === sha).map((p) => p.number);
}

/** Every open PR of the repository (a property change re-judges them all). */
export async function openPullNumbers(
  gh: GitHubClient,
  repo: { owner: string; repo: string },
): Promise<number[]> {
  return (await openHeads(gh, repo)).map((p) => p.number);
}

async function openHeads(
  gh: GitHubClient,
  repo: { owner: string; repo: string },
): Promise<{ number: number; headRefOid: string }[]> {
  return openPullPages<OpenHeadsAnswer>(gh, "CountersignOpenHeads", { ...repo });
}

interface PullPage<N> {
  repository: {
    pullRequests: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: (N | null)[];
    };
  } | null;
}

type NodeOf<A> = A extends PullPage<infer N> ? N : never;

/**
 * Every page of a listing of open pull requests, followed by cursor. Past
 * `MAX_OPEN_PULLS_LISTED` it fails loudly: a partial list would judge (or
 * spare) the wrong PRs.
 */
async function openPullPages<A extends PullPage<unknown>>(
  gh: GitHubClient,
  operation: OperationName,
  variables: Record<string, unknown>,
): Promise<NodeOf<A>[]> {
  const found: NodeOf<A>[] = [];
  let after: string | null = null;
  do {
    const answer: A = await query<A>(gh, operation, { ...variables, after });
    const page = answer.repository?.pullRequests;
    if (!page) break;
    for (const n of page.nodes) if (n) found.push(n as NodeOf<A>);
    if (found.length >= MAX_OPEN_PULLS_LISTED && page.pageInfo.hasNextPage) {
      throw new LimitError(
        `The repository has more than ${MAX_OPEN_PULLS_LISTED} open pull requests; Countersign cannot list them all.`,
      );
    }
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return found;
}

interface DependentsAnswer {
  repository: {
    pullRequests: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: ({
        number: number;
        headRefOid: string;
        baseRef: { target: { policy?: { path: string } | null } | null } | null;
        head: {
          nodes: ({
            commit: {
              oid: string;
              checkSuites: {
                nodes: ({
                  checkRuns: {
                    nodes: ({
                      databaseId: number;
                      name: string;
                      startedAt: string | null;
                      conclusion: string | null;
                    } | null)[];
                  } | null;
                } | null)[];
              } | null;
            };
          } | null)[];
        };
      } | null)[];
    };
  } | null;
}

/**
 * The open PRs of a repository that take their policy from the organisation
 * (no `.github/countersign.yml` on their base) and whose verdict on their
 * head is `success` or `neutral`: a tightened org policy must re-judge them.
 * A failing PR stays failing whatever the policy becomes, so it can wait
 * for its next event (SPEC §7).
 */
export async function orgPolicyDependents(
  gh: GitHubClient,
  repo: { owner: string; repo: string },
  appId: number | null,
): Promise<number[]> {
  const nodes = await openPullPages<DependentsAnswer>(gh, "CountersignPolicyDependents", {
    ...repo,
    appId,
  });
  return nodes.filter(dependsAndPasses).map((n) => n.number);
}

type DependentNode = NonNullable<
  NonNullable<DependentsAnswer["repository"]>["pullRequests"]["nodes"][number]
>;

function dependsAndPasses(n: DependentNode): boolean {
  if (n.baseRef?.target?.policy) return false; // its own file: the org policy does not apply
  const commit = n.head.nodes[0]?.commit;
  // The last commit listed is not the head: the verdict is unknown, so judge again.
  if (!commit || commit.oid !== n.headRefOid) return true;
  // The verdict on the head is the app's first run there, the one it keeps updating.
  const verdict = firstRunOf(toCheckRuns(commit.checkSuites))?.conclusion;
  return verdict === "SUCCESS" || verdict === "NEUTRAL";
}

/** The repositories this installation can see (GitHub's REST listing; GraphQL has none for apps). */
export async function installedRepositories(
  gh: GitHubClient,
): Promise<{ owner: string; repo: string; archived: boolean }[]> {
  const repos = await gh.paginate(gh.rest.apps.listReposAccessibleToInstallation, {
    per_page: 100,
  });
  return repos.map((r) => ({ owner: r.owner.login, repo: r.name, archived: r.archived ?? false }));
}
