/** Acknowledging commands (SPEC §8): a 👍 reaction, or a reply saying why. */
import type { GitHubClient } from "./client.js";

export async function react(
  gh: GitHubClient,
  target: { owner: string; repo: string },
  commentId: number,
): Promise<void> {
  await gh.rest.reactions.createForIssueComment({
    owner: target.owner,
    repo: target.repo,
    comment_id: commentId,
    content: "+1",
  });
}

export async function reply(
  gh: GitHubClient,
  target: { owner: string; repo: string; number: number },
  body: string,
): Promise<void> {
  await gh.rest.issues.createComment({
    owner: target.owner,
    repo: target.repo,
    issue_number: target.number,
    body,
  });
}
