/**
 * REST representations of the model, with GitHub's field names (a subset of
 * the fields). Shared by the REST routes and the webhook payload builder.
 */
import type {
  Actor,
  AppInfo,
  ChangedFileModel,
  CheckRunModel,
  CheckSuiteModel,
  CommentModel,
  GitHubModel,
  LabelModel,
  PullModel,
  ReactionModel,
  RepoModel,
  ReviewModel,
  TeamModel,
} from "./model.js";
import { treeOid } from "./model.js";

type Json = Record<string, unknown>;

export function restUser(m: GitHubModel, actor: Actor | null): Json | null {
  if (!actor) return null;
  const isBot = actor.type === "Bot";
  const path = isBot ? `apps/${actor.login.replace(/\[bot\]$/, "")}` : actor.login;
  return {
    login: actor.login,
    id: actor.id,
    node_id: actor.nodeId,
    avatar_url: `https://avatars.githubusercontent.com/u/${actor.id}?v=4`,
    gravatar_id: "",
    url: `${m.apiUrl}/users/${encodeURIComponent(actor.login)}`,
    html_url: `${m.webUrl}/${path}`,
    type: actor.type,
    site_admin: false,
  };
}

export function restApp(m: GitHubModel, app: AppInfo): Json {
  return {
    id: app.id,
    slug: app.slug,
    node_id: m.nodeId("A", app.id),
    name: app.name,
    owner: restUser(m, m.actor({ login: "countersign-dev", type: "Organization" })),
    description: "",
    external_url: `${m.webUrl}/apps/${app.slug}`,
    html_url: `${m.webUrl}/apps/${app.slug}`,
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    permissions: APP_PERMISSIONS,
    events: APP_EVENTS,
  };
}

/** What `app.yml` asks for (SPEC §1). */
export const APP_PERMISSIONS = {
  metadata: "read",
  pull_requests: "write",
  contents: "read",
  checks: "write",
  issues: "write",
  members: "read",
  merge_queues: "read",
  organization_custom_properties: "read",
};

export const APP_EVENTS = [
  "pull_request",
  "pull_request_review",
  "issue_comment",
  "check_run",
  "check_suite",
  "merge_group",
  "membership",
  "push",
  "custom_property_values",
];

export function restRepo(m: GitHubModel, repo: RepoModel): Json {
  const api = `${m.apiUrl}/repos/${repo.fullName}`;
  return {
    id: repo.id,
    node_id: repo.nodeId,
    name: repo.name,
    full_name: repo.fullName,
    private: repo.isPrivate,
    visibility: repo.isPrivate ? "private" : "public",
    owner: restUser(m, m.actor({ login: repo.owner, type: repo.ownerType })),
    html_url: `${m.webUrl}/${repo.fullName}`,
    description: null,
    fork: false,
    url: api,
    pulls_url: `${api}/pulls{/number}`,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    pushed_at: repo.createdAt,
    default_branch: repo.defaultBranch,
    archived: false,
    disabled: false,
    custom_properties: { ...repo.customProperties },
  };
}

export function restOrg(m: GitHubModel, login: string): Json {
  const org = m.actor({ login, type: "Organization" });
  return {
    login: org.login,
    id: org.id,
    node_id: org.nodeId,
    url: `${m.apiUrl}/orgs/${org.login}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${org.id}?v=4`,
    description: null,
  };
}

export function restLabel(m: GitHubModel, repo: RepoModel, label: LabelModel): Json {
  return {
    id: label.id,
    node_id: label.nodeId,
    url: `${m.apiUrl}/repos/${repo.fullName}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: label.description,
  };
}

function prLabels(m: GitHubModel, pr: PullModel): Json[] {
  return pr.labels.map((name) => restLabel(m, pr.repo, m.ensureLabel(pr.repo, name)));
}

function branchRef(m: GitHubModel, pr: PullModel, ref: string, sha: string): Json {
  return {
    label: `${pr.repo.owner}:${ref}`,
    ref,
    sha,
    user: restUser(m, m.actor({ login: pr.repo.owner, type: pr.repo.ownerType })),
    repo: restRepo(m, pr.repo),
  };
}

export function restPull(m: GitHubModel, pr: PullModel): Json {
  const api = `${m.apiUrl}/repos/${pr.repo.fullName}`;
  const html = `${m.webUrl}/${pr.repo.fullName}/pull/${pr.number}`;
  const closed = pr.state !== "OPEN";
  const files = m.changedFiles(pr);
  const assignees = pr.assignees.map((login) => restUser(m, m.actor(login)));
  return {
    url: `${api}/pulls/${pr.number}`,
    id: pr.databaseId,
    node_id: pr.nodeId,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${pr.number}`,
    commits_url: `${api}/pulls/${pr.number}/commits`,
    comments_url: `${api}/issues/${pr.number}/comments`,
    statuses_url: `${api}/statuses/${pr.headOid}`,
    number: pr.number,
    state: closed ? "closed" : "open",
    locked: false,
    title: pr.title,
    user: restUser(m, pr.author),
    body: pr.body === "" ? null : pr.body,
    labels: prLabels(m, pr),
    milestone: null,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: closed ? pr.updatedAt : null,
    merged_at: pr.state === "MERGED" ? pr.updatedAt : null,
    merge_commit_sha: null,
    assignee: assignees[0] ?? null,
    assignees,
    requested_reviewers: [],
    requested_teams: [],
    head: branchRef(m, pr, pr.headRef, pr.headOid),
    base: branchRef(m, pr, pr.baseRef, m.branchOid(pr.repo, pr.baseRef)),
    author_association: "MEMBER",
    auto_merge: null,
    draft: pr.isDraft,
    merged: pr.state === "MERGED",
    mergeable: null,
    mergeable_state: "unknown",
    comments: pr.comments.length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: pr.commits.length,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
    changed_files: files.length,
  };
}

/** The issue side of a PR, as `issue_comment` payloads and the Issues API give it. */
export function restIssue(m: GitHubModel, pr: PullModel): Json {
  const api = `${m.apiUrl}/repos/${pr.repo.fullName}`;
  const html = `${m.webUrl}/${pr.repo.fullName}/pull/${pr.number}`;
  const assignees = pr.assignees.map((login) => restUser(m, m.actor(login)));
  return {
    url: `${api}/issues/${pr.number}`,
    repository_url: api,
    comments_url: `${api}/issues/${pr.number}/comments`,
    html_url: html,
    id: pr.databaseId,
    node_id: pr.nodeId,
    number: pr.number,
    title: pr.title,
    user: restUser(m, pr.author),
    labels: prLabels(m, pr),
    state: pr.state === "OPEN" ? "open" : "closed",
    locked: false,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    comments: pr.comments.length,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: null,
    author_association: "MEMBER",
    draft: pr.isDraft,
    pull_request: {
      url: `${api}/pulls/${pr.number}`,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      merged_at: null,
    },
    body: pr.body === "" ? null : pr.body,
  };
}

export function restComment(m: GitHubModel, pr: PullModel, c: CommentModel): Json {
  const api = `${m.apiUrl}/repos/${pr.repo.fullName}`;
  return {
    url: `${api}/issues/comments/${c.databaseId}`,
    html_url: `${m.webUrl}/${pr.repo.fullName}/pull/${pr.number}#issuecomment-${c.databaseId}`,
    issue_url: `${api}/issues/${pr.number}`,
    id: c.databaseId,
    node_id: c.nodeId,
    user: restUser(m, c.author),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: c.author?.type === "Bot" ? "NONE" : "MEMBER",
    body: c.body,
    reactions: reactionSummary(m, c.databaseId, `${api}/issues/comments/${c.databaseId}/reactions`),
  };
}

function reactionSummary(m: GitHubModel, commentId: number, url: string): Json {
  const counts: Json = { url, total_count: 0 };
  for (const content of ["+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes"])
    counts[content] = 0;
  for (const r of m.reactions(commentId)) {
    counts[r.content] = Number(counts[r.content] ?? 0) + 1;
    counts["total_count"] = Number(counts["total_count"]) + 1;
  }
  return counts;
}

export function restReaction(m: GitHubModel, r: ReactionModel): Json {
  return {
    id: r.id,
    node_id: r.nodeId,
    user: restUser(m, r.user),
    content: r.content,
    created_at: r.createdAt,
  };
}

export function restReview(m: GitHubModel, pr: PullModel, r: ReviewModel): Json {
  const html = `${m.webUrl}/${pr.repo.fullName}/pull/${pr.number}`;
  return {
    id: r.databaseId,
    node_id: r.nodeId,
    user: restUser(m, r.author),
    body: r.body === "" ? null : r.body,
    commit_id: r.commitOid,
    submitted_at: r.submittedAt,
    state: r.state.toLowerCase(),
    html_url: `${html}#pullrequestreview-${r.databaseId}`,
    pull_request_url: `${m.apiUrl}/repos/${pr.repo.fullName}/pulls/${pr.number}`,
    author_association: "MEMBER",
  };
}

/** The minimal PR reference carried by check runs and check suites. */
export function restPullRef(m: GitHubModel, pr: PullModel): Json {
  const repo = { id: pr.repo.id, url: `${m.apiUrl}/repos/${pr.repo.fullName}`, name: pr.repo.name };
  return {
    url: `${m.apiUrl}/repos/${pr.repo.fullName}/pulls/${pr.number}`,
    id: pr.databaseId,
    number: pr.number,
    head: { ref: pr.headRef, sha: pr.headOid, repo },
    base: { ref: pr.baseRef, sha: m.branchOid(pr.repo, pr.baseRef), repo },
  };
}

function openPullsAt(repo: RepoModel, sha: string): PullModel[] {
  return [...repo.pulls.values()].filter((p) => p.state === "OPEN" && p.headOid === sha);
}

export function restCheckRun(m: GitHubModel, repo: RepoModel, run: CheckRunModel): Json {
  const api = `${m.apiUrl}/repos/${repo.fullName}`;
  return {
    id: run.id,
    node_id: run.node_id,
    head_sha: run.head_sha,
    external_id: run.external_id ?? "",
    url: `${api}/check-runs/${run.id}`,
    html_url: `${m.webUrl}/${repo.fullName}/runs/${run.id}`,
    details_url: run.details_url,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.started_at,
    completed_at: run.completed_at,
    output: { ...run.output, annotations_url: `${api}/check-runs/${run.id}/annotations` },
    name: run.name,
    check_suite: { id: run.check_suite.id },
    app: restApp(m, run.app),
    pull_requests: openPullsAt(repo, run.head_sha).map((p) => restPullRef(m, p)),
    actions: run.actions,
  };
}

export function restCheckSuite(m: GitHubModel, repo: RepoModel, suite: CheckSuiteModel): Json {
  const runs = repo.checkRuns.filter((r) => r.check_suite.id === suite.id);
  const done = runs.length > 0 && runs.every((r) => r.status === "completed");
  return {
    id: suite.id,
    node_id: suite.nodeId,
    head_branch: suite.headBranch,
    head_sha: suite.headSha,
    status: done ? "completed" : runs.length ? "in_progress" : "queued",
    conclusion: done
      ? (runs.find((r) => r.conclusion === "failure")?.conclusion ?? runs[0]?.conclusion)
      : null,
    url: `${m.apiUrl}/repos/${repo.fullName}/check-suites/${suite.id}`,
    before: null,
    after: suite.headSha,
    pull_requests: openPullsAt(repo, suite.headSha).map((p) => restPullRef(m, p)),
    app: restApp(m, suite.app),
    created_at: suite.createdAt,
    updated_at: suite.createdAt,
    latest_check_runs_count: runs.length,
    check_runs_url: `${m.apiUrl}/repos/${repo.fullName}/check-suites/${suite.id}/check-runs`,
  };
}

const FILE_STATUS: Record<string, string> = {
  ADDED: "added",
  MODIFIED: "modified",
  DELETED: "removed",
  RENAMED: "renamed",
  COPIED: "copied",
  CHANGED: "changed",
};

export function restFile(m: GitHubModel, pr: PullModel, f: ChangedFileModel): Json {
  const blob =
    m.commit(pr.repo, pr.headOid).tree.get(f.path) ?? "0000000000000000000000000000000000000000";
  const out: Json = {
    sha: blob,
    filename: f.path,
    status: FILE_STATUS[f.changeType] ?? "modified",
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    blob_url: `${m.webUrl}/${pr.repo.fullName}/blob/${pr.headOid}/${f.path}`,
    raw_url: `${m.webUrl}/${pr.repo.fullName}/raw/${pr.headOid}/${f.path}`,
    contents_url: `${m.apiUrl}/repos/${pr.repo.fullName}/contents/${f.path}?ref=${pr.headOid}`,
  };
  if (f.previousPath) out["previous_filename"] = f.previousPath;
  return out;
}

export function restTeam(m: GitHubModel, team: TeamModel): Json {
  return {
    id: team.id,
    node_id: team.nodeId,
    url: `${m.apiUrl}/organizations/${team.org}/team/${team.id}`,
    html_url: `${m.webUrl}/orgs/${team.org}/teams/${team.slug}`,
    name: team.name,
    slug: team.slug,
    description: null,
    privacy: "closed",
    notification_setting: "notifications_enabled",
    permission: "pull",
    members_url: `${m.apiUrl}/organizations/${team.org}/team/${team.id}/members{/member}`,
    repositories_url: `${m.apiUrl}/organizations/${team.org}/team/${team.id}/repos`,
    parent: null,
  };
}

/** A commit as push and merge_group payloads give it. */
export function payloadCommit(
  m: GitHubModel,
  repo: RepoModel,
  oid: string,
): Json & { added: string[]; removed: string[]; modified: string[] } {
  const c = m.commit(repo, oid);
  const parent = c.parents[0] ? repo.commits.get(c.parents[0]) : undefined;
  const added: string[] = [];
  const removed: string[] = [];
  const modified: string[] = [];
  for (const [path, text] of Object.entries(c.changes)) {
    if (text === null) removed.push(path);
    else if (parent?.tree.has(path)) modified.push(path);
    else added.push(path);
  }
  const person = (p: { name: string; email: string; login: string | null | undefined }) => ({
    name: p.name,
    email: p.email,
    ...(p.login ? { username: p.login } : {}),
  });
  return {
    id: c.oid,
    tree_id: treeOid(c.tree),
    distinct: true,
    message: c.message,
    timestamp: c.committer.date,
    url: `${m.webUrl}/${repo.fullName}/commit/${c.oid}`,
    author: person(c.author),
    committer: person(c.committer),
    added,
    removed,
    modified,
  };
}
