/**
 * A pull request's changed files past GraphQL's first page, read through
 * numbered REST pages (`GET /repos/{o}/{r}/pulls/{n}/files?per_page=100&page=k`),
 * all at once (SPEC §9: the largest PR within 5 s under Probot's throttle).
 *
 * GraphQL pages follow cursors, so they come one after another, and Probot's
 * throttle spaces GraphQL calls a second apart per installation: 3,000 files
 * were 30 queries, about 30 s. Numbered REST GETs are not spaced, need no
 * cursor, and also carry renames' `previous_filename` (which GraphQL lacks).
 * GitHub lists at most 3,000 files; fewer than `changedFiles` still fails
 * the check in `snapshot.ts` (no silent truncation).
 */
import type { GitHubClient } from "./client.js";
import { MAX_PR_FILES, PAGE_SIZE } from "./limits.js";
import type { GqlFile, Page } from "./snapshot-types.js";

export interface FileListing {
  files: GqlFile[];
  /** New path → old path, for every renamed file listed. */
  renamed: Map<string, string>;
}

/** REST `status` → GraphQL `PatchStatus` (GraphQL has no `unchanged`: a mode change is `CHANGED`). */
const CHANGE_TYPE: Record<string, string> = {
  added: "ADDED",
  removed: "DELETED",
  modified: "MODIFIED",
  renamed: "RENAMED",
  copied: "COPIED",
  changed: "CHANGED",
  unchanged: "CHANGED",
};

type Target = { owner: string; repo: string; number: number };

/**
 * When the first GraphQL page of files is not all of them, takes the files
 * out of GraphQL's paging (so `continuePages` does not follow them) and
 * starts reading every REST page at once; null when the first page was all.
 */
export function startFileListing(
  gh: GitHubClient,
  target: Target,
  pr: { changedFiles: number; files?: Page<GqlFile> | null },
): Promise<FileListing> | null {
  if (!pr.files?.pageInfo.hasNextPage) return null;
  pr.files.pageInfo = { hasNextPage: false, endCursor: null };
  return listFiles(gh, target, pr.changedFiles);
}

/** Puts a listing's files in place of GraphQL's first page. */
export function applyListing(pr: { files?: Page<GqlFile> | null }, listing: FileListing): void {
  pr.files = { pageInfo: { hasNextPage: false, endCursor: null }, nodes: listing.files };
}

async function listFiles(
  gh: GitHubClient,
  target: Target,
  changedFiles: number,
): Promise<FileListing> {
  const pages = Math.max(1, Math.ceil(Math.min(changedFiles, MAX_PR_FILES) / PAGE_SIZE));
  const read = (page: number) =>
    gh.rest.pulls.listFiles({
      owner: target.owner,
      repo: target.repo,
      pull_number: target.number,
      per_page: PAGE_SIZE,
      page,
    });
  const answers = await Promise.all(Array.from({ length: pages }, (_, i) => read(i + 1)));
  // A push between the GraphQL read and these pages may have added files: follow on.
  for (let page = pages + 1; hasNext(answers.at(-1)!.headers.link); page++) {
    answers.push(await read(page));
  }
  const files: GqlFile[] = [];
  const renamed = new Map<string, string>();
  for (const answer of answers) {
    for (const f of answer.data) {
      files.push({ path: f.filename, changeType: CHANGE_TYPE[f.status] ?? "MODIFIED" });
      if (f.previous_filename) renamed.set(f.filename, f.previous_filename);
    }
  }
  return { files, renamed };
}

function hasNext(link: string | undefined): boolean {
  return link !== undefined && /rel="next"/.test(link);
}
