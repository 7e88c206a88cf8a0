/**
 * `custom_property_values`: a repository's custom properties changed (for
 * example it became critical through `repository_tags_property`). Its open
 * PRs are judged again (SPEC §7), through the same rate-aware queue as an
 * organisation policy change, so a stale `success` does not stand.
 */
import type { Context } from "probot";
import type { GitHubClient } from "../github/client.js";
import { openPullNumbers } from "../github/pulls.js";
import type { AppContext } from "./app-context.js";
import { installationId, type RepoPayload } from "./payload.js";

export async function onCustomPropertyValues(
  ac: AppContext,
  context: Context<"custom_property_values">,
): Promise<void> {
  const payload = context.payload as unknown as RepoPayload;
  const owner = payload.repository.owner.login;
  const repo = payload.repository.name;
  const numbers = await openPullNumbers(context.octokit as GitHubClient, { owner, repo });
  const id = installationId(payload);
  await ac.rejudge.push(numbers.map((number) => ({ installationId: id, owner, repo, number })));
  context.log.info(
    { repository: `${owner}/${repo}`, pulls: numbers },
    "countersign: custom properties changed; queued to judge again",
  );
}
