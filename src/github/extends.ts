/**
 * Fetching the files `_extends` names (SPEC §2): one query per file, from the
 * named repository's default branch, hop by hop as the policy layer's
 * `extendsToFetch` asks (at most 5 hops a chain). A repository whose owner id
 * differs from the pull request repository's is recorded as `other-owner`
 * and its file is dropped unread, so another owner's contents never reach
 * the policy layer, let alone the check.
 */

import type { ConfigFiles, ExtendedFile, Snapshot } from "../model/snapshot.js";
import type { ExtendsTarget } from "../policy/config-extends.js";
import { extendsKey, MAX_EXTENDS_HOPS } from "../policy/config-extends.js";
import { extendsToFetch, type LoadContext } from "../policy/config-load.js";
import type { GitHubClient } from "./client.js";
import { query } from "./graphql.js";
import { type GqlPolicyBlob, policyBlob } from "./policy-blob.js";

interface ExtendedAnswer {
  home: { owner: { id: string } } | null;
  repository: { owner: { id: string }; object: GqlPolicyBlob | null } | null;
}

/** Fills `snapshot.config.extended` with every file the configuration's `_extends` chains reach. */
export async function fetchExtended(
  gh: GitHubClient,
  snapshot: Snapshot,
  ctx: LoadContext,
  /** The policy layer's planner (the pipeline runs it off the event loop for large files). */
  plan: (
    files: ConfigFiles,
    ctx: LoadContext,
  ) => Promise<ExtendsTarget[]> | ExtendsTarget[] = extendsToFetch,
): Promise<ConfigFiles["extended"]> {
  const home = { owner: snapshot.repository.owner, repo: snapshot.repository.name };
  const files: ConfigFiles = { ...snapshot.config, extended: { ...snapshot.config.extended } };
  // Each round moves every unfinished chain one hop on, and a chain stops at hop 5.
  for (let round = 0; round <= MAX_EXTENDS_HOPS; round++) {
    const wanted = await plan(files, ctx);
    if (wanted.length === 0) break;
    for (const target of wanted) {
      files.extended[extendsKey(target)] = await fetchOne(gh, home, target);
    }
  }
  return files.extended;
}

async function fetchOne(
  gh: GitHubClient,
  home: { owner: string; repo: string },
  target: ExtendsTarget,
): Promise<ExtendedFile> {
  const answer = await query<ExtendedAnswer>(
    gh,
    "CountersignExtendedFile",
    {
      owner: target.owner,
      repo: target.repo,
      expression: `HEAD:${target.path}`,
      homeOwner: home.owner,
      homeRepo: home.repo,
    },
    // A missing or inaccessible repository is an error of the configuration, not of the evaluation.
    (path) => path[0] === "repository",
  );
  const repo = answer.repository;
  if (!repo) return { status: "missing" };
  if (!answer.home || repo.owner.id !== answer.home.owner.id) return { status: "other-owner" };
  const file = policyBlob(
    `${target.owner}/${target.repo}:${target.path}`,
    target.path,
    repo.object,
  );
  return file ? { status: "found", file } : { status: "missing" };
}
