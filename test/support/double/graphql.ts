/**
 * GraphQL for the GitHub double: documents execute with `graphql` against
 * GitHub's real schema (`@octokit/graphql-schema`), resolved from the model.
 *
 * Resolution: a custom field resolver looks up `Type.field` in `RESOLVERS`,
 * else reads the property of the source object (nodes are plain objects
 * carrying their scalars, plus `_`-prefixed references to the model for the
 * resolvers). Abstract types resolve from each node's `__typename`.
 *
 * GitHub behaviours kept: a missing or inaccessible repository is `null`
 * with a `NOT_FOUND` error (the rest of `data` stays); connections need
 * `first` or `last`, at most 100 (else the whole answer is `{ errors }`);
 * `Blob.text` is cut at 512,000 bytes with `isTruncated` and is null for a
 * binary blob (a NUL byte in its first 8,000); a public repository is
 * readable with any installation's token; a bot's GraphQL
 * login has no `[bot]` suffix (`countersign[bot]` is `countersign`).
 */
import {
  buildClientSchema,
  type DocumentNode,
  type ExecutionResult,
  execute,
  type GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type GraphQLTypeResolver,
  type IntrospectionQuery,
  parse,
  validate,
} from "graphql";
import {
  type Actor,
  type CheckRunModel,
  type CheckSuiteModel,
  type CommentModel,
  type CommitModel,
  type GitHubModel,
  type GitIdentity,
  type LabelModel,
  type PullModel,
  type RepoModel,
  type ReviewModel,
  sha1,
  type TimelineItem,
} from "./model.js";
import { type ConnectionArgs, connection, githubError } from "./pagination.js";

/** GitHub cuts `Blob.text` at this many bytes. */
export const BLOB_TEXT_LIMIT = 512_000;

let schemaPromise: Promise<GraphQLSchema> | undefined;

/** GitHub's schema, built once per process. */
export function githubSchema(): Promise<GraphQLSchema> {
  schemaPromise ??= import("@octokit/graphql-schema").then(({ schema }) =>
    buildClientSchema(schema.json as unknown as IntrospectionQuery),
  );
  return schemaPromise;
}

export interface GraphQLContext {
  model: GitHubModel;
  /** The installation whose token made the request; repositories of other installations are invisible. */
  installationId?: number;
}

// biome-ignore lint/suspicious/noExplicitAny: GraphQL sources and arguments are untyped plain objects.
type Src = Record<string, any>;
// biome-ignore lint/suspicious/noExplicitAny: see above.
type Args = Record<string, any>;
type Resolver = (src: Src, args: Args, ctx: GraphQLContext, info: GraphQLResolveInfo) => unknown;

// ---------------------------------------------------------------- nodes

/** The GraphQL login of an account: a bot's has no `[bot]` suffix. */
export function graphqlLogin(a: Actor): string {
  return a.type === "Bot" ? a.login.replace(/\[bot\]$/i, "") : a.login;
}

function actorNode(m: GitHubModel, a: Actor | null): Src | null {
  if (!a) return null;
  const login = graphqlLogin(a);
  const resourcePath = a.type === "Bot" ? `/apps/${login}` : `/${login}`;
  return {
    __typename: a.type,
    id: a.nodeId,
    databaseId: a.id,
    login,
    resourcePath,
    url: `${m.webUrl}${resourcePath}`,
    avatarUrl: `https://avatars.githubusercontent.com/u/${a.id}?v=4`,
    name: m.user(a.login)?.name ?? null,
    email: m.user(a.login)?.emailPublic ? (m.user(a.login)?.email ?? "") : "",
  };
}

function repoNode(m: GitHubModel, r: RepoModel): Src {
  return {
    __typename: "Repository",
    _repo: r,
    id: r.nodeId,
    databaseId: r.id,
    name: r.name,
    nameWithOwner: r.fullName,
    url: `${m.webUrl}/${r.fullName}`,
    isPrivate: r.isPrivate,
    visibility: r.isPrivate ? "PRIVATE" : "PUBLIC",
    owner: actorNode(m, m.actor({ login: r.owner, type: r.ownerType })),
  };
}

function refNode(r: RepoModel, branch: string): Src | null {
  const oid = r.branches.get(branch);
  if (!oid) return null;
  return {
    __typename: "Ref",
    _repo: r,
    _oid: oid,
    id: sha1(`ref:${r.fullName}:${branch}`),
    name: branch,
    prefix: "refs/heads/",
  };
}

function gitActorNode(m: GitHubModel, g: GitIdentity): Src {
  return {
    name: g.name,
    email: g.email,
    date: g.date,
    avatarUrl: "https://avatars.githubusercontent.com/u/0?v=4",
    user: actorNode(m, m.gitUser(g)),
  };
}

function commitNode(m: GitHubModel, r: RepoModel, oid: string): Src {
  const c: CommitModel | undefined = r.commits.get(oid);
  const [headline = "", ...rest] = (c?.message ?? "").split("\n");
  return {
    __typename: "Commit",
    _repo: r,
    _commit: c,
    id: `C_${sha1(`${r.fullName}:${oid}`)}`,
    oid,
    abbreviatedOid: oid.slice(0, 7),
    message: c?.message ?? "",
    messageHeadline: headline,
    messageBody: rest.join("\n").trim(),
    committedViaWeb: c?.committedViaWeb ?? false,
    url: `${m.webUrl}/${r.fullName}/commit/${oid}`,
    commitUrl: `${m.webUrl}/${r.fullName}/commit/${oid}`,
    author: c ? gitActorNode(m, c.author) : null,
    committer: c ? gitActorNode(m, c.committer) : null,
    authoredDate: c?.author.date ?? null,
    committedDate: c?.committer.date ?? null,
    additions: 0,
    deletions: 0,
    changedFilesIfAvailable: c ? Object.keys(c.changes).length : null,
  };
}

function blobNode(m: GitHubModel, oid: string): Src | null {
  const text = m.blobs.get(oid);
  if (text === undefined) return null;
  const bytes = Buffer.from(text, "utf8");
  // Git's test: a NUL byte in the first 8,000 bytes makes a blob binary; GitHub then gives no text.
  const binary = bytes.subarray(0, 8000).includes(0);
  const truncated = !binary && bytes.length > BLOB_TEXT_LIMIT;
  return {
    __typename: "Blob",
    id: `B_${oid}`,
    oid,
    abbreviatedOid: oid.slice(0, 7),
    byteSize: bytes.length,
    isBinary: binary,
    isTruncated: truncated,
    text: binary ? null : truncated ? bytes.subarray(0, BLOB_TEXT_LIMIT).toString("utf8") : text,
  };
}

/** A directory of a commit's tree (`prefix` "" is the root). */
function treeNode(c: CommitModel, prefix: string): Src {
  const oid = sha1(`${c.oid}:${prefix}`);
  return {
    __typename: "Tree",
    _commit: c,
    _prefix: prefix,
    id: `T_${oid}`,
    oid,
    abbreviatedOid: oid.slice(0, 7),
  };
}

function isDirectory(c: CommitModel, path: string): boolean {
  if (path === "") return true;
  for (const p of c.tree.keys()) if (p.startsWith(`${path}/`)) return true;
  return false;
}

function treeEntryNode(m: GitHubModel, c: CommitModel, path: string): Src | null {
  const clean = path.replace(/^\/+|\/+$/g, "");
  const blob = c.tree.get(clean);
  const name = clean.split("/").at(-1) ?? clean;
  if (blob) {
    const object = blobNode(m, blob);
    return {
      __typename: "TreeEntry",
      path: clean,
      name,
      type: "blob",
      mode: 33188,
      oid: blob,
      object,
      size: object?.["byteSize"] ?? 0,
      isGenerated: false,
    };
  }
  if (clean !== "" && isDirectory(c, clean)) {
    const object = treeNode(c, clean);
    return {
      __typename: "TreeEntry",
      path: clean,
      name,
      type: "tree",
      mode: 16384,
      oid: object["oid"],
      object,
      size: 0,
      isGenerated: false,
    };
  }
  return null;
}

function labelNode(m: GitHubModel, r: RepoModel, l: LabelModel): Src {
  return {
    __typename: "Label",
    id: l.nodeId,
    name: l.name,
    color: l.color,
    description: l.description,
    url: `${m.webUrl}/${r.fullName}/labels/${encodeURIComponent(l.name)}`,
  };
}

function prNode(m: GitHubModel, pr: PullModel): Src {
  const url = `${m.webUrl}/${pr.repo.fullName}/pull/${pr.number}`;
  return {
    __typename: "PullRequest",
    _pr: pr,
    id: pr.nodeId,
    databaseId: pr.databaseId,
    number: pr.number,
    title: pr.title,
    body: pr.body,
    url,
    permalink: url,
    resourcePath: `/${pr.repo.fullName}/pull/${pr.number}`,
    state: pr.state,
    closed: pr.state !== "OPEN",
    merged: pr.state === "MERGED",
    isDraft: pr.isDraft,
    createdAt: pr.createdAt,
    updatedAt: pr.updatedAt,
    baseRefName: pr.baseRef,
    headRefName: pr.headRef,
    headRefOid: pr.headOid,
    author: actorNode(m, pr.author),
    locked: false,
  };
}

function reviewNode(m: GitHubModel, pr: PullModel, r: ReviewModel): Src {
  return {
    __typename: "PullRequestReview",
    _repo: pr.repo,
    _review: r,
    id: r.nodeId,
    databaseId: r.databaseId,
    state: r.state,
    body: r.body,
    submittedAt: r.submittedAt,
    createdAt: r.submittedAt,
    url: `${m.webUrl}/${pr.repo.fullName}/pull/${pr.number}#pullrequestreview-${r.databaseId}`,
    authorCanPushToRepository: m.reviewerCanPush(pr.repo, r),
    author: actorNode(m, r.author),
  };
}

function commentNode(m: GitHubModel, pr: PullModel, c: CommentModel): Src {
  return {
    __typename: "IssueComment",
    id: c.nodeId,
    databaseId: c.databaseId,
    url: `${m.webUrl}/${pr.repo.fullName}/pull/${pr.number}#issuecomment-${c.databaseId}`,
    body: c.body,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    lastEditedAt: c.lastEditedAt,
    author: actorNode(m, c.author),
    isMinimized: false,
  };
}

function timelineNode(m: GitHubModel, pr: PullModel, t: TimelineItem): Src {
  const base = {
    __typename: t.kind,
    id: `TE_${t.id}`,
    createdAt: t.createdAt,
    actor: actorNode(m, t.actor),
  };
  if ("label" in t) {
    return { ...base, label: labelNode(m, pr.repo, m.ensureLabel(pr.repo, t.label)) };
  }
  if (t.kind === "HeadRefForcePushedEvent") {
    return {
      ...base,
      beforeCommit: commitNode(m, pr.repo, t.beforeOid),
      afterCommit: commitNode(m, pr.repo, t.afterOid),
      ref: null,
    };
  }
  if (t.kind === "ReviewDismissedEvent") {
    const review = pr.reviews.find((r) => r.nodeId === t.reviewNodeId);
    return {
      ...base,
      databaseId: t.id,
      review: review ? reviewNode(m, pr, review) : null,
      previousReviewState: t.previousState,
      dismissalMessage: null,
    };
  }
  if (!("assignee" in t)) return base;
  return {
    ...base,
    assignee: actorNode(m, t.assignee),
    user: t.assignee.type === "User" ? actorNode(m, t.assignee) : null,
  };
}

const TIMELINE_TYPES: Record<TimelineItem["kind"], string> = {
  LabeledEvent: "LABELED_EVENT",
  UnlabeledEvent: "UNLABELED_EVENT",
  AssignedEvent: "ASSIGNED_EVENT",
  UnassignedEvent: "UNASSIGNED_EVENT",
  HeadRefForcePushedEvent: "HEAD_REF_FORCE_PUSHED_EVENT",
  HeadRefRestoredEvent: "HEAD_REF_RESTORED_EVENT",
  ReopenedEvent: "REOPENED_EVENT",
  ClosedEvent: "CLOSED_EVENT",
  ReviewDismissedEvent: "REVIEW_DISMISSED_EVENT",
};

function checkSuiteNode(m: GitHubModel, r: RepoModel, s: CheckSuiteModel): Src {
  return {
    __typename: "CheckSuite",
    _repo: r,
    _suite: s,
    id: s.nodeId,
    databaseId: s.id,
    createdAt: s.createdAt,
    app: {
      __typename: "App",
      id: m.nodeId("A", s.app.id),
      databaseId: s.app.id,
      slug: s.app.slug,
      name: s.app.name,
    },
  };
}

function checkRunNode(m: GitHubModel, r: RepoModel, c: CheckRunModel): Src {
  return {
    __typename: "CheckRun",
    id: c.node_id,
    databaseId: c.id,
    name: c.name,
    status: c.status.toUpperCase(),
    conclusion: c.conclusion?.toUpperCase() ?? null,
    startedAt: c.started_at,
    completedAt: c.completed_at,
    title: c.output.title,
    summary: c.output.summary,
    text: c.output.text,
    detailsUrl: c.details_url,
    externalId: c.external_id,
    url: `${m.webUrl}/${r.fullName}/runs/${c.id}`,
    permalink: `${m.webUrl}/${r.fullName}/runs/${c.id}`,
  };
}

// ---------------------------------------------------------------- resolvers

/** A page of `items` as a connection of nodes (mapped after slicing, so large lists stay cheap). */
function page<T>(
  items: readonly T[],
  args: ConnectionArgs,
  info: GraphQLResolveInfo,
  toNode: (item: T) => Src | null,
) {
  const c = connection(items, args, info.fieldName);
  const edges = c.edges.map((e) => ({ cursor: e.cursor, node: toNode(e.node) }));
  return { ...c, edges, nodes: edges.map((e) => e.node) };
}

/** An installation's token reads its own repositories, and any public one (as on GitHub). */
function accessible(ctx: GraphQLContext, r: RepoModel): boolean {
  return (
    ctx.installationId === undefined || r.installationId === ctx.installationId || !r.isPrivate
  );
}

function objectAt(m: GitHubModel, r: RepoModel, args: Args): Src | null {
  if (args["oid"]) {
    const oid = String(args["oid"]);
    if (r.commits.has(oid)) return commitNode(m, r, oid);
    return m.hasBlob(r, oid) ? blobNode(m, oid) : null;
  }
  const expression = String(args["expression"] ?? "");
  const colon = expression.indexOf(":");
  const rev = colon < 0 ? expression : expression.slice(0, colon);
  const oid = m.resolveRev(r, rev);
  if (!oid) return null;
  if (colon < 0) return commitNode(m, r, oid);
  const c = m.commit(r, oid);
  const path = expression.slice(colon + 1).replace(/^\/+|\/+$/g, "");
  if (path === "") return treeNode(c, "");
  return (treeEntryNode(m, c, path)?.["object"] as Src | undefined) ?? null;
}

const RESOLVERS: Record<string, Resolver> = {
  "Query.repository": (_s, args, ctx) => {
    const fullName = `${args["owner"]}/${args["name"]}`;
    const r = ctx.model.findRepo(fullName);
    if (!r || !accessible(ctx, r)) {
      throw githubError(
        "NOT_FOUND",
        `Could not resolve to a Repository with the name '${fullName}'.`,
      );
    }
    return repoNode(ctx.model, r);
  },
  "Query.rateLimit": () => ({
    cost: 1,
    limit: 5000,
    nodeCount: 0,
    remaining: 4999,
    resetAt: new Date(Date.now() + 3_600_000).toISOString(),
    used: 1,
  }),

  "Repository.pullRequest": (s, args, ctx) => {
    const pr = (s["_repo"] as RepoModel).pulls.get(Number(args["number"]));
    if (!pr) {
      throw githubError(
        "NOT_FOUND",
        `Could not resolve to a PullRequest with the number of ${args["number"]}.`,
      );
    }
    return prNode(ctx.model, pr);
  },
  "Repository.pullRequests": (s, args, ctx, info) => {
    const states = args["states"] as string[] | undefined;
    const labels = (args["labels"] as string[] | undefined)?.map((l) => l.toLowerCase());
    const pulls = [...(s["_repo"] as RepoModel).pulls.values()]
      .filter((p) => !states?.length || states.includes(p.state))
      .filter((p) => !args["baseRefName"] || p.baseRef === args["baseRefName"])
      .filter((p) => !args["headRefName"] || p.headRef === args["headRefName"])
      .filter((p) => !labels?.length || p.labels.some((l) => labels.includes(l.toLowerCase())))
      .sort((a, b) => a.number - b.number);
    if (args["orderBy"]?.direction === "DESC") pulls.reverse();
    return page(pulls, args, info, (p) => prNode(ctx.model, p));
  },
  "Repository.object": (s, args, ctx) => objectAt(ctx.model, s["_repo"], args),
  "Repository.defaultBranchRef": (s) =>
    refNode(s["_repo"], (s["_repo"] as RepoModel).defaultBranch),
  "Repository.ref": (s, args) => {
    const name = String(args["qualifiedName"]);
    return name.startsWith("refs/tags/")
      ? null
      : refNode(s["_repo"], name.replace(/^refs\/heads\//, ""));
  },
  "Repository.mergeQueue": (s, args) => {
    const r = s["_repo"] as RepoModel;
    const branch = (args["branch"] as string | undefined) ?? r.defaultBranch;
    if (!r.mergeQueues.has(branch)) return null;
    return {
      __typename: "MergeQueue",
      _repo: r,
      _branch: branch,
      id: `MQ_${sha1(`${r.fullName}:${branch}`)}`,
    };
  },
  "Ref.target": (s, _a, ctx) => commitNode(ctx.model, s["_repo"], s["_oid"]),

  "MergeQueue.entries": (s, args, ctx, info) => {
    const r = s["_repo"] as RepoModel;
    const entries = r.mergeQueues.get(s["_branch"]) ?? [];
    return page(entries, args, info, (e) => {
      const index = entries.indexOf(e);
      const pr = r.pulls.get(e.number);
      const head = e.headOid ?? pr?.headOid;
      return {
        __typename: "MergeQueueEntry",
        id: `MQE_${sha1(`${r.fullName}:${s["_branch"]}:${e.number}`)}`,
        position: index + 1,
        state: "QUEUED",
        headCommit: head ? commitNode(ctx.model, r, head) : null,
        pullRequest: pr ? prNode(ctx.model, pr) : null,
      };
    });
  },

  "PullRequest.baseRefOid": (s, _a, ctx) =>
    ctx.model.branchOid((s["_pr"] as PullModel).repo, s["baseRefName"]),
  "PullRequest.baseRef": (s) => refNode((s["_pr"] as PullModel).repo, s["baseRefName"]),
  "PullRequest.headRef": (s) => refNode((s["_pr"] as PullModel).repo, s["headRefName"]),
  "PullRequest.repository": (s, _a, ctx) => repoNode(ctx.model, (s["_pr"] as PullModel).repo),
  "PullRequest.changedFiles": (s, _a, ctx) => ctx.model.changedFiles(s["_pr"]).length,
  "PullRequest.additions": (s, _a, ctx) =>
    ctx.model.changedFiles(s["_pr"]).reduce((n, f) => n + f.additions, 0),
  "PullRequest.deletions": (s, _a, ctx) =>
    ctx.model.changedFiles(s["_pr"]).reduce((n, f) => n + f.deletions, 0),
  "PullRequest.commits": (s, args, ctx, info) => {
    const pr = s["_pr"] as PullModel;
    return page(pr.commits, args, info, (oid) => ({
      __typename: "PullRequestCommit",
      id: `PURC_${sha1(`${pr.nodeId}:${oid}`)}`,
      url: `${ctx.model.webUrl}/${pr.repo.fullName}/pull/${pr.number}/commits/${oid}`,
      commit: commitNode(ctx.model, pr.repo, oid),
    }));
  },
  "PullRequest.files": (s, args, ctx, info) =>
    page(ctx.model.changedFiles(s["_pr"]), args, info, (f) => ({
      __typename: "PullRequestChangedFile",
      path: f.path,
      changeType: f.changeType,
      additions: f.additions,
      deletions: f.deletions,
      viewerViewedState: "UNVIEWED",
    })),
  "PullRequest.reviews": (s, args, ctx, info) => {
    const pr = s["_pr"] as PullModel;
    const states = args["states"] as string[] | undefined;
    const author = (args["author"] as string | undefined)?.toLowerCase();
    const reviews = pr.reviews
      .filter((r) => !states?.length || states.includes(r.state))
      .filter((r) => !author || (r.author && graphqlLogin(r.author).toLowerCase() === author));
    return page(reviews, args, info, (r) => reviewNode(ctx.model, pr, r));
  },
  "PullRequest.comments": (s, args, ctx, info) => {
    const pr = s["_pr"] as PullModel;
    const comments = [...pr.comments];
    if (args["orderBy"]?.direction === "DESC") comments.reverse();
    return page(comments, args, info, (c) => commentNode(ctx.model, pr, c));
  },
  "PullRequest.timelineItems": (s, args, ctx, info) => {
    const pr = s["_pr"] as PullModel;
    const types = args["itemTypes"] as string[] | undefined;
    const since = args["since"] ? Date.parse(args["since"]) : undefined;
    const items = pr.timeline
      .filter((t) => !types?.length || types.includes(TIMELINE_TYPES[t.kind]))
      .filter((t) => since === undefined || Date.parse(t.createdAt) >= since)
      .slice(Number(args["skip"] ?? 0));
    return page(items, args, info, (t) => timelineNode(ctx.model, pr, t));
  },
  "PullRequest.labels": (s, args, ctx, info) => {
    const pr = s["_pr"] as PullModel;
    return page(pr.labels, args, info, (name) =>
      labelNode(ctx.model, pr.repo, ctx.model.ensureLabel(pr.repo, name)),
    );
  },
  "PullRequest.assignees": (s, args, ctx, info) =>
    page((s["_pr"] as PullModel).assignees, args, info, (login) =>
      actorNode(ctx.model, ctx.model.actor(login)),
    ),

  "PullRequestReview.commit": (s, _a, ctx) =>
    commitNode(ctx.model, s["_repo"], (s["_review"] as ReviewModel).commitOid),

  "Commit.file": (s, args, ctx) =>
    s["_commit"] ? treeEntryNode(ctx.model, s["_commit"], String(args["path"])) : null,
  "Commit.tree": (s) => (s["_commit"] ? treeNode(s["_commit"], "") : null),
  "Commit.authors": (s, args, ctx, info) => {
    const c = s["_commit"] as CommitModel | undefined;
    return page(c ? [c.author, ...c.coAuthors] : [], args, info, (g) => gitActorNode(ctx.model, g));
  },
  "Commit.parents": (s, args, ctx, info) => {
    const c = s["_commit"] as CommitModel | undefined;
    return page(c?.parents ?? [], args, info, (oid) => commitNode(ctx.model, s["_repo"], oid));
  },
  "Commit.associatedPullRequests": (s, args, ctx, info) =>
    page(ctx.model.associatedPulls(s["_repo"], s["oid"]), args, info, (p) => prNode(ctx.model, p)),
  "Commit.checkSuites": (s, args, ctx, info) => {
    const r = s["_repo"] as RepoModel;
    const filter = (args["filterBy"] ?? {}) as { appId?: number; checkName?: string };
    const suites = r.checkSuites
      .filter((suite) => suite.headSha === s["oid"])
      .filter((suite) => filter.appId == null || suite.app.id === filter.appId)
      .filter(
        (suite) =>
          filter.checkName == null ||
          r.checkRuns.some((c) => c.check_suite.id === suite.id && c.name === filter.checkName),
      );
    return page(suites, args, info, (suite) => checkSuiteNode(ctx.model, r, suite));
  },

  "CheckSuite.checkRuns": (s, args, ctx, info) => {
    const r = s["_repo"] as RepoModel;
    const f = (args["filterBy"] ?? {}) as {
      checkName?: string;
      appId?: number;
      status?: string;
      statuses?: string[];
      conclusions?: string[];
      checkType?: "ALL" | "LATEST";
    };
    let runs = r.checkRuns
      .filter((c) => c.check_suite.id === (s["_suite"] as CheckSuiteModel).id)
      .filter((c) => f.checkName == null || c.name === f.checkName)
      .filter((c) => f.appId == null || c.app.id === f.appId)
      .filter((c) => f.status == null || c.status.toUpperCase() === f.status)
      .filter((c) => !f.statuses?.length || f.statuses.includes(c.status.toUpperCase()))
      .filter(
        (c) => !f.conclusions?.length || f.conclusions.includes(c.conclusion?.toUpperCase() ?? ""),
      );
    if (f.checkType === "LATEST")
      runs = runs.filter((c, i) => !runs.slice(i + 1).some((o) => o.name === c.name));
    return page(runs, args, info, (c) => checkRunNode(ctx.model, r, c));
  },
  "CheckSuite.repository": (s, _a, ctx) => repoNode(ctx.model, s["_repo"]),
  "CheckSuite.commit": (s, _a, ctx) =>
    commitNode(ctx.model, s["_repo"], (s["_suite"] as CheckSuiteModel).headSha),

  "Tree.entries": (s, _a, ctx) => {
    const c = s["_commit"] as CommitModel;
    const prefix = s["_prefix"] ? `${s["_prefix"]}/` : "";
    const names = new Set<string>();
    for (const p of c.tree.keys())
      if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split("/")[0]!);
    return [...names].sort().map((n) => treeEntryNode(ctx.model, c, prefix + n));
  },
};

const fieldResolver: GraphQLFieldResolver<Src, GraphQLContext> = (source, args, ctx, info) => {
  const resolver = RESOLVERS[`${info.parentType.name}.${info.fieldName}`];
  if (resolver) return resolver(source, args, ctx, info);
  return source?.[info.fieldName];
};

const typeResolver: GraphQLTypeResolver<Src, GraphQLContext> = (value) => value?.["__typename"];

/** GitHub's error shape: `type` (when GitHub gives one), `path`, `locations`, `message`. */
function formatError(e: GraphQLError): Record<string, unknown> {
  const { type, ...extensions } = (e.extensions ?? {}) as Record<string, unknown>;
  return {
    ...(type ? { type } : {}),
    ...(e.path ? { path: e.path } : {}),
    ...(e.locations ? { locations: e.locations } : {}),
    message: e.message,
    ...(Object.keys(extensions).length ? { extensions } : {}),
  };
}

/** Errors GitHub reports before running the query: the answer carries no data. */
const STATIC_ERRORS = new Set(["MISSING_PAGINATION_BOUNDARIES", "EXCESSIVE_PAGINATION"]);

export interface GraphQLRequestBody {
  query?: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/**
 * Parsed and validated documents by their text: an app sends the same few
 * documents again and again, and validating one against GitHub's schema
 * costs more than running it (the benchmark shares its cores with the double).
 */
const documents = new Map<string, DocumentNode | readonly GraphQLError[]>();
const MAX_DOCUMENTS = 256;

function checkedDocument(
  schema: GraphQLSchema,
  source: string,
): DocumentNode | readonly GraphQLError[] {
  const known = documents.get(source);
  if (known) return known;
  let checked: DocumentNode | readonly GraphQLError[];
  try {
    const document = parse(source);
    const errors = validate(schema, document);
    checked = errors.length > 0 ? errors : document;
  } catch (e) {
    checked = [e as GraphQLError];
  }
  if (documents.size >= MAX_DOCUMENTS) documents.clear();
  documents.set(source, checked);
  return checked;
}

function isDocument(checked: DocumentNode | readonly GraphQLError[]): checked is DocumentNode {
  return !Array.isArray(checked);
}

/** Executes one GraphQL request against the model; the JSON body GitHub would answer (status 200). */
export async function executeGraphQL(
  body: GraphQLRequestBody,
  ctx: GraphQLContext,
): Promise<{ data?: unknown; errors?: Record<string, unknown>[] }> {
  if (typeof body.query !== "string") {
    return { errors: [{ message: "A query attribute must be specified and must be a string." }] };
  }
  const schema = await githubSchema();
  const checked = checkedDocument(schema, body.query);
  if (!isDocument(checked)) return { errors: checked.map(formatError) };
  const result: ExecutionResult = await execute({
    schema,
    document: checked,
    variableValues: body.variables ?? undefined,
    operationName: body.operationName ?? undefined,
    contextValue: ctx,
    fieldResolver,
    typeResolver,
  });
  const errors = result.errors?.map(formatError);
  if (!errors?.length) return { data: result.data };
  if (errors.some((e) => STATIC_ERRORS.has(String(e["type"])))) return { errors };
  return result.data === undefined ? { errors } : { data: result.data, errors };
}
