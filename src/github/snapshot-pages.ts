/** Following the snapshot's connections past their first page, all in one query per round. */
import type { GitHubClient } from "./client.js";
import { query } from "./graphql.js";
import type { Page, PullConnections } from "./snapshot-types.js";

type Key = keyof PullConnections;
const KEYS: Key[] = ["commits", "files", "reviews", "comments", "timelineItems"];
const VARIABLE: Record<Key, string> = {
  commits: "Commits",
  files: "Files",
  reviews: "Reviews",
  comments: "Comments",
  timelineItems: "Timeline",
};

interface PageAnswer {
  repository: { pullRequest: PullConnections | null } | null;
}

/** Appends every further page to `pr`'s connections in place. */
export async function continuePages(
  gh: GitHubClient,
  target: { owner: string; repo: string; number: number },
  pr: PullConnections,
): Promise<void> {
  let pending = KEYS.filter((k) => pr[k]?.pageInfo.hasNextPage);
  while (pending.length > 0) {
    const variables: Record<string, unknown> = { ...target };
    for (const k of pending) {
      variables[`with${VARIABLE[k]}`] = true;
      variables[`${uncap(VARIABLE[k])}After`] = pr[k]!.pageInfo.endCursor;
    }
    const answer = await query<PageAnswer>(gh, "CountersignSnapshotPage", variables);
    const more = answer.repository?.pullRequest;
    if (!more)
      throw new Error(`Pull request #${target.number} disappeared while reading its pages.`);
    for (const k of pending) append(pr[k] as Page<unknown>, more[k] as Page<unknown>);
    pending = pending.filter((k) => (more[k] as Page<unknown>).pageInfo.hasNextPage);
  }
}

function append(into: Page<unknown>, page: Page<unknown>): void {
  into.nodes.push(...page.nodes);
  into.pageInfo = page.pageInfo;
}

function uncap(s: string): string {
  return s[0]!.toLowerCase() + s.slice(1);
}
