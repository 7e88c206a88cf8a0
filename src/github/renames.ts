/**
 * GraphQL's `PullRequestChangedFile` has no old path, and a rename counts on
 * both sides (SPEC §4): when a PR renames files, REST `pulls/{n}/files`
 * gives `previous_filename`.
 */
import type { ChangedFile } from "../model/snapshot.js";
import type { GitHubClient } from "./client.js";
import { PAGE_SIZE } from "./limits.js";

export async function previousPaths(
  gh: GitHubClient,
  target: { owner: string; repo: string; number: number },
  files: ChangedFile[],
): Promise<Map<string, string>> {
  const renamed = new Map<string, string>();
  if (!files.some((f) => f.changeType === "RENAMED")) return renamed;
  const listed = await gh.paginate(gh.rest.pulls.listFiles, {
    owner: target.owner,
    repo: target.repo,
    pull_number: target.number,
    per_page: PAGE_SIZE,
  });
  for (const f of listed) {
    if (f.previous_filename) renamed.set(f.filename, f.previous_filename);
  }
  return renamed;
}
