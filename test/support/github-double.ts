/**
 * A GitHub test double for end-to-end tests: a real HTTP server on
 * 127.0.0.1 (ephemeral port) that the app reaches through
 * `GHE_HOST=<double.host> GHE_PROTOCOL=http` — REST at `/api/v3/...`,
 * GraphQL at `/api/graphql` — backed by one in-memory model that both read
 * and write. GraphQL runs against GitHub's real schema.
 *
 * ```ts
 * const gh = await startGitHubDouble({ appId: 4242, publicKey: PEM });
 * const repo = gh.addRepo({ owner: "acme", name: "api", branches: { main: { "CODEOWNERS": "* @acme/core\n" } } });
 * gh.addTeam("acme", "core", ["alice", "bob"]);
 * gh.setPermission(repo, "alice", "write");
 * const pr = gh.addPullRequest(repo, {
 *   author: "carol",
 *   commits: [{ message: "Fix\n\nCo-authored-by: Claude <noreply@anthropic.com>", files: { "src/a.ts": "x" } }],
 *   reviews: [{ author: "alice", state: "APPROVED" }],
 * });
 * const { status } = await sendWebhook(`${appUrl}/api/github/webhooks`, {
 *   event: "pull_request", payload: payloadFor(gh, "pull_request", "opened", repo, pr.number), secret,
 * });
 * const run = await gh.waitFor(() => gh.appCheckRuns(repo, pr.headOid).find((r) => r.status === "completed"));
 * expect(run.conclusion).toBe("failure");
 * expect(gh.graphqlCalls()).toHaveLength(1);
 * expect(gh.writes()).toHaveLength(1);
 * await gh.close();
 * ```
 *
 * Model API (on the double; `repo` is a RepoModel or "owner/name", `pr` a
 * PullModel or "owner/name#N", an actor a login or `{ login, type }` —
 * `…[bot]` logins are bots unless said otherwise):
 *
 * - Repositories: `addRepo({ owner, name, ownerType?, defaultBranch? = "main",
 *   branches?: { [branch]: { [path]: text } }, customProperties?, isPrivate?,
 *   installationId? })`; `setFile(repo, branch, path, text | null, message?)` and
 *   `setFiles(repo, branch, { [path]: text | null }, message?, author?)` commit
 *   to a branch and return the new tip; `branchOid(repo, branch)`;
 *   `fileAt(repo, rev, path)`; `setCustomProperties(repo, props)`.
 *   One installation per owner (`installationFor(owner)`); a token sees only
 *   its installation's repositories, so an org `.github` repository added
 *   with another `installationId` is "not in the installation".
 * - Pull requests: `addPullRequest(repo, { number?, author, title?, body?,
 *   baseRef?, headRef?, state?, isDraft?, commits?: CommitSpec[], files?,
 *   reviews?, comments?, labels?, assignees?, timeline? })` → PullModel (with
 *   `headOid`, `commits` oids, …). CommitSpec: `{ oid?, message?, author?,
 *   committer?, authors? (co-authors; default: the Co-authored-by trailers),
 *   parents?, committedViaWeb?, files?: { [path]: text | null } }`; the head
 *   tree is the base tip plus every commit's files; changed files default to
 *   that diff (pass `files: [{ path, changeType?, previousPath? }]` for
 *   renames or huge lists). Commit identities `{ name, email, login? }` link
 *   to an account by `login`, else by a registered email, else by a
 *   registered user's noreply address; bots never (as in GraphQL).
 *   Later: `pushCommit(pr, spec)`, `updateBranch(pr)` (web merge of the base),
 *   `addReview(pr, { author, state, commitOid? = head, submittedAt?,
 *   authorCanPush? })`, `dismissReview(pr, id)`, `addComment(pr, { author,
 *   body, createdAt?, lastEditedAt? })` → databaseId, `editComment(id, body)`,
 *   `deleteComment(id)`, `addLabel(pr, name, actor)` / `removeLabel(pr, name,
 *   actor)` (with timeline events), `assign(pr, login, actor)`,
 *   `setBody`, `setTitle`, `setDraft`, `setState`, `setChangedFiles`.
 * - People: `addUser(login, { email?, emailPublic? = true, type?, name? })`,
 *   `addTeam(org, slug, members)`, `setPermission(repo, login, permission)`
 *   (also drives a review's default `authorCanPush`).
 * - Checks and queues: `setMergeQueue(repo, branch, [{ number, headOid? }])`,
 *   `mergeGroup(repo, prNumber)` → `{ headSha, headRef, baseSha, baseRef }`
 *   (a real commit the app can post its check on), `addCheckRun(repo, { name,
 *   head_sha, app?: { id }, status?, conclusion? })` for other apps' runs.
 * - Time: `now()`, `setTime(iso | null)`, `advanceTime(ms)` — timestamps are
 *   GitHub's whole-second ISO strings.
 * - Reading back: `checkRuns(repo, headSha?)` (REST-shaped: name, head_sha,
 *   status, conclusion, output { title, summary, text }, started_at,
 *   app { id }), `appCheckRuns(repo, headSha?, name?)`, `labels(pr)`,
 *   `comments(pr)`, `appComments(pr)`, `reactions(commentId)`, `timeline(pr)`.
 *
 * HTTP side: `host`, `url`, `requests` (every request: method, path, query,
 * body, operationName, status, installationId, requestId),
 * `graphqlCalls(operation?)`, `restCalls(method?, pathRegex?)`, `writes()`,
 * `apiCalls()`, `clearRequests()`, `failNext({ method?, pathRegex?,
 * operationName? }, status, body?, { times?, headers? })` (e.g. a 403 with
 * `retry-after`), `delayNext(matcher, ms, { times? })` (holds matching
 * requests; resolves when the first arrives), `waitFor(fn)`,
 * `issueToken(installationId)`, `close()`.
 *
 * GitHub behaviours reproduced (see double/graphql.ts and double/rest.ts):
 * bots' GraphQL logins lack `[bot]`; a missing or inaccessible repository is
 * a `NOT_FOUND` GraphQL error beside the rest of the data; connections need
 * `first`/`last` ≤ 100; `Blob.text` stops at 512,000 bytes (`isTruncated`)
 * and is null for a binary blob (a NUL in its first 8,000 bytes); a public
 * repository is readable with any installation's token; `GET /users/{login}`
 * shows `email` only when it is public;
 * REST pages carry `Link` headers, `pulls/{n}/files` stops at 3,000;
 * check-run `output.summary`/`text` over 65,535 UTF-8 bytes is a 422; a
 * check run needs a known `head_sha`; what the app writes is authored by
 * `countersign[bot]`.
 */
import { GitHubDouble, type GitHubDoubleOptions } from "./double/server.js";

export type * from "./double/model.js";
export type { GitHubDoubleOptions, RecordedRequest, RequestMatcher } from "./double/server.js";
export { GitHubDouble };

export async function startGitHubDouble(opts: GitHubDoubleOptions = {}): Promise<GitHubDouble> {
  return new GitHubDouble(opts).listen();
}
