/**
 * Gathering a pull request's snapshot (SPEC §9): one GraphQL query for an
 * ordinary PR, more pages only past 100 nodes, REST only where GraphQL has
 * no answer (renamed files' old paths, CODEOWNERS past 512,000 bytes).
 */

import { parseHeadState } from "../model/head-state.js";
import type { BlobFile, Snapshot } from "../model/snapshot.js";
import { extractDesignDocLinks } from "../policy/design-doc-links.js";
import { firstRunOf } from "../policy/first-run.js";
import { readLargeBlob } from "./blobs.js";
import type { GitHubClient } from "./client.js";
import { type CustomProperties, readCustomProperties } from "./custom-properties.js";
import { existingPaths, pathsExist, slotVariables } from "./design-doc-paths.js";
import { applyListing, startFileListing } from "./file-pages.js";
import { query } from "./graphql.js";
import { DESIGN_DOC_SLOTS, LimitError, MAX_PR_COMMITS, MAX_PR_FILES } from "./limits.js";
import { policyBlob } from "./policy-blob.js";
import { previousPaths } from "./renames.js";
import {
  toActor,
  toCheckRuns,
  toComment,
  toCommit,
  toFile,
  toHeadPulls,
  toReview,
  toTimeline,
} from "./snapshot-map.js";
import { continuePages } from "./snapshot-pages.js";
import type { GqlBlobEntry, GqlHeadCommit, GqlPull, SnapshotAnswer } from "./snapshot-types.js";

export interface SnapshotTarget {
  owner: string;
  repo: string;
  number: number;
  /** The app's id, to find its own check runs on the head; null outside the app (CLI). */
  appId: number | null;
  /** The PR body from the webhook payload, when the event carried one: it names the design-doc paths to check. */
  bodyHint?: string | null;
  /**
   * `repository.custom_properties` from the payload; undefined when the event
   * carried none, and they are then read through REST.
   */
  customProperties?: CustomProperties | null;
  /** A synchronize's `before`: the previous head, whose recorded pushers carry forward (SPEC §5). */
  previousHeadSha?: string | null;
}

/** The snapshot of a pull request; its look-ups come after, from `planLookups` and `resolveDirectory`. */
export async function fetchSnapshot(gh: GitHubClient, target: SnapshotTarget): Promise<Snapshot> {
  const { owner, repo, number } = target;
  const hinted = designDocPaths(target.bodyHint ?? null, owner, repo);
  const answer = await query<SnapshotAnswer>(
    gh,
    "CountersignSnapshot",
    {
      owner,
      repo,
      number,
      appId: target.appId,
      withOrg: true,
      ...slotVariables(hinted),
      ...(target.previousHeadSha ? { prevOid: target.previousHeadSha, hasPrev: true } : {}),
    },
    // The org's `.github` repository may not exist or not be in this installation
    // (NOT_FOUND); any other error there is not "no policy" and must fail (SPEC §2).
    (path, type) => path[0] === "orgRepo" && type === "NOT_FOUND",
  );
  const pr = answer.repository?.pullRequest;
  if (!pr) throw new LimitError(`Pull request ${owner}/${repo}#${number} was not found.`);
  checkLimits(pr);
  // Files past the first page come through numbered REST pages, all at once (file-pages.ts).
  const listing = startFileListing(gh, { owner, repo, number }, pr);
  const [, listed] = await Promise.all([continuePages(gh, { owner, repo, number }, pr), listing]);
  if (listed) applyListing(pr, listed);
  return assemble(gh, target, answer, pr, hinted, listed?.renamed);
}

function designDocPaths(body: string | null, owner: string, repo: string): string[] {
  if (body == null) return [];
  const paths = extractDesignDocLinks(body, { owner, name: repo }).flatMap((l) =>
    l.path ? [l.path] : [],
  );
  return [...new Set(paths)];
}

function checkLimits(pr: GqlPull): void {
  if (pr.changedFiles > MAX_PR_FILES) {
    throw new LimitError(
      `This pull request changes ${pr.changedFiles} files; GitHub lists at most ${MAX_PR_FILES}, so Countersign cannot see every file it would judge. Split the pull request.`,
    );
  }
  const commits = pr.commits?.totalCount ?? 0;
  if (commits > MAX_PR_COMMITS) {
    throw new LimitError(
      `This pull request has ${commits} commits; Countersign judges at most ${MAX_PR_COMMITS}.`,
    );
  }
}

async function assemble(
  gh: GitHubClient,
  target: SnapshotTarget,
  answer: SnapshotAnswer,
  pr: GqlPull,
  hinted: string[],
  knownRenames?: Map<string, string>,
): Promise<Snapshot> {
  const { owner, repo, number } = target;
  const base = pr.baseRef?.target;
  if (!base) throw new LimitError(`The base branch ${pr.baseRefName} no longer exists.`);
  const head = await headCommit(gh, target, pr, hinted);
  const files = (pr.files?.nodes ?? []).flatMap((f) => (f ? [toFile(f)] : []));
  if (files.length < pr.changedFiles && files.length < MAX_PR_FILES) {
    throw new LimitError(
      `GitHub listed ${files.length} of the ${pr.changedFiles} changed files; Countersign will not judge a partial list. Re-run the check.`,
    );
  }
  const renamed = knownRenames ?? (await previousPaths(gh, { owner, repo, number }, files));
  const at = (ref: string) => `${owner}/${repo}:%s@${ref}`;
  const basePolicy = blob(pr.baseRef ? at(pr.baseRefName) : "", base.policy);
  const headPolicy = head ? blob(at(head.oid.slice(0, 7)), head.policy) : null;
  const orgRef = answer.orgRepo?.defaultBranchRef;
  const body = pr.body ?? "";
  const actual = designDocPaths(body, owner, repo);
  const sameDocs = actual.length <= DESIGN_DOC_SLOTS && actual.every((p) => hinted.includes(p));
  const designDocFiles = sameDocs
    ? existingPaths(hinted, base, head)
    : await pathsExist(gh, { owner, repo, number, headOid: pr.headRefOid }, actual);
  return {
    repository: {
      owner,
      name: repo,
      customProperties:
        target.customProperties !== undefined
          ? target.customProperties
          : await readCustomProperties(gh, { owner, repo }),
    },
    pullRequest: {
      number: pr.number,
      url: pr.url,
      title: pr.title,
      body,
      author: toActor(pr.author),
      baseRef: pr.baseRefName,
      baseOid: base.oid,
      headRef: pr.headRefName,
      headOid: pr.headRefOid,
      isDraft: pr.isDraft,
      state: pr.state,
      labels: (pr.labels?.nodes ?? []).flatMap((l) => (l ? [l.name] : [])),
      assignees: pr.assignees.nodes.flatMap((a) => (a ? [a.login] : [])),
    },
    commits: (pr.commits?.nodes ?? []).flatMap((c) => (c ? [toCommit(c)] : [])),
    files: files.map((f) => ({
      ...f,
      ...(renamed.get(f.path) ? { previousPath: renamed.get(f.path) } : {}),
    })),
    reviews: (pr.reviews?.nodes ?? []).flatMap((r) => (r ? [toReview(r)] : [])),
    comments: (pr.comments?.nodes ?? []).flatMap((c) => (c ? [toComment(c)] : [])),
    timeline: (pr.timelineItems?.nodes ?? []).flatMap((t) => (t ? toTimeline(t) : [])),
    checkRuns: head ? toCheckRuns(head.checkSuites) : [],
    headState: parseHeadState(firstRunOf(head ? toCheckRuns(head.checkSuites) : [])?.text),
    headPulls: toHeadPulls(head, `${owner}/${repo}`),
    previousHeadState: answer.repository?.previousHead
      ? parseHeadState(firstRunOf(toCheckRuns(answer.repository.previousHead.checkSuites))?.text)
      : null,
    config: {
      base: basePolicy,
      org: orgRef?.target?.policy
        ? blob(`${owner}/.github:%s@${orgRef.name}`, orgRef.target.policy)
        : null,
      head: headPolicy && headPolicy.oid !== basePolicy?.oid ? headPolicy : null,
      extended: {},
      orgStatus: answer.orgRepo ? "read" : "absent",
    },
    codeowners: await codeownersOf(gh, { owner, repo }, pr.baseRefName, base),
    designDocFiles,
  };
}

/**
 * The commit the PR's head ref points at. `commits(last: 1)` usually is it,
 * but the check runs, the head's policy file and design docs must be read
 * from `headRefOid` itself: one more query when they differ.
 */
async function headCommit(
  gh: GitHubClient,
  target: SnapshotTarget,
  pr: GqlPull,
  hinted: string[],
): Promise<GqlHeadCommit | null> {
  const last = pr.head.nodes[0]?.commit ?? null;
  if (last?.oid === pr.headRefOid) return last;
  const answer = await query<{ repository: { object: GqlHeadCommit | null } | null }>(
    gh,
    "CountersignHeadCommit",
    {
      owner: target.owner,
      repo: target.repo,
      oid: pr.headRefOid,
      appId: target.appId,
      ...slotVariables(hinted),
    },
  );
  const object = answer.repository?.object;
  if (!object?.oid) throw new LimitError(`The head commit ${pr.headRefOid} could not be read.`);
  return object;
}

/** A policy file; binary or cut at 512,000 bytes it is `unreadable` (invalid), never absent. */
function blob(sourcePattern: string, entry: GqlBlobEntry | null | undefined): BlobFile | null {
  if (!entry) return null;
  return policyBlob(sourcePattern.replace("%s", entry.path), entry.path, entry.object);
}

/** `.github/CODEOWNERS`, then `CODEOWNERS`, then `docs/CODEOWNERS`: the first found is GitHub's. */
async function codeownersOf(
  gh: GitHubClient,
  repo: { owner: string; repo: string },
  baseRef: string,
  base: NonNullable<NonNullable<GqlPull["baseRef"]>["target"]>,
): Promise<BlobFile | null> {
  const entry = [base.codeownersGithub, base.codeownersRoot, base.codeownersDocs].find(
    (e) => e?.object,
  );
  if (!entry?.object) return null;
  const source = `${repo.owner}/${repo.repo}:${entry.path}@${baseRef}`;
  const text = entry.object.isTruncated
    ? await readLargeBlob(gh, repo, entry.object.oid, entry.object.byteSize)
    : (entry.object.text ?? "");
  return { source, path: entry.path, oid: entry.object.oid, text };
}
