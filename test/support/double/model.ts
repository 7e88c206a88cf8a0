/**
 * The GitHub double's in-memory model: one coherent state (repositories,
 * branches and commits with file trees, pull requests with their reviews,
 * comments, labels and timeline, teams, permissions, users, check runs,
 * merge queues) that the REST routes and the GraphQL resolvers both read and
 * write. Plain objects; the builder methods fill in what a test leaves out.
 *
 * Logins, owners, repository names, label names and team slugs are matched
 * case-insensitively, as on GitHub; they are kept as first spelled.
 */
import { createHash } from "node:crypto";

import type {
  Actor,
  ActorLike,
  ActorType,
  AppInfo,
  ChangedFileModel,
  ChangeType,
  CheckRunInput,
  CheckRunModel,
  CheckSuiteModel,
  CommentModel,
  CommentSpec,
  CommitModel,
  CommitSpec,
  FileSpec,
  GitIdentity,
  GitIdentitySpec,
  LabelModel,
  MergeGroupInfo,
  MergeQueueEntrySpec,
  ModelOptions,
  Permission,
  PullModel,
  PullRef,
  PullSpec,
  PullState,
  ReactionModel,
  RepoModel,
  RepoRef,
  RepoSpec,
  ReviewModel,
  ReviewSpec,
  TeamModel,
  TimelineItem,
  TimelineSpec,
  UserModel,
} from "./types.js";

export type * from "./types.js";

const DEFAULT_IDENTITY: GitIdentitySpec = {
  name: "GitHub",
  email: "noreply@github.com",
  login: null,
};
const NOREPLY = /^(?:\d+\+)?([^@+]+)@users\.noreply\.github\.com$/i;
const WRITE_PERMISSIONS: readonly Permission[] = ["admin", "maintain", "write"];

export function sha1(text: string | Buffer): string {
  return createHash("sha1").update(text).digest("hex");
}

/** Git's blob id for `text`. */
export function blobOid(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return sha1(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]));
}

/** A tree id for a commit's files (deterministic, not git's exact tree hash). */
export function treeOid(tree: Map<string, string>): string {
  return sha1(
    [...tree]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([p, o]) => `${o} ${p}`)
      .join("\n"),
  );
}

const key = (s: string) => s.toLowerCase();

/** GitHub's timestamp format: whole seconds, UTC, `Z`. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** The `Co-authored-by` trailers of a message's last paragraph. */
export function coAuthorTrailers(message: string): GitIdentitySpec[] {
  const paragraphs = message.trimEnd().split(/\n\s*\n/);
  const last = paragraphs.length > 1 ? (paragraphs.at(-1) ?? "") : "";
  const found: GitIdentitySpec[] = [];
  for (const line of last.split("\n")) {
    const trailer = coAuthorOf(line);
    if (trailer) found.push(trailer);
  }
  return found;
}

/**
 * `Co-authored-by: Name <email>` read in one pass — the regex it replaces
 * (`:\s*(.*?)\s*<([^>]+)>\s*$`) backtracked without end on a value of
 * 100,000 spaces. The email is the `<…>` closing the line, opened by the
 * first `<` after any earlier `>`.
 */
function coAuthorOf(line: string): GitIdentitySpec | null {
  const key = "co-authored-by:";
  if (line.slice(0, key.length).toLowerCase() !== key) return null;
  const value = line.slice(key.length).trimEnd();
  if (!value.endsWith(">")) return null;
  const inner = value.slice(0, -1);
  const open = inner.indexOf("<", inner.lastIndexOf(">") + 1);
  if (open < 0 || open === inner.length - 1) return null;
  return { name: inner.slice(0, open).trim(), email: inner.slice(open + 1) };
}

export class GitHubModel {
  readonly app: AppInfo;
  /** The app's bot account, author of everything the app writes. */
  readonly appBot: Actor;
  readonly webUrl: string;
  /** Set by the server once it listens: `http://127.0.0.1:PORT/api/v3`. */
  apiUrl = "http://127.0.0.1/api/v3";

  readonly repos = new Map<string, RepoModel>();
  readonly users = new Map<string, UserModel>();
  readonly teams = new Map<string, TeamModel>();
  readonly blobs = new Map<string, string>();
  readonly reactionsByComment = new Map<number, ReactionModel[]>();
  /** Comments removed by `deleteComment` (or the API), kept so a `deleted` webhook can still be built. */
  readonly deletedComments = new Map<number, { pr: PullModel; comment: CommentModel }>();
  readonly installations = new Map<string, number>();

  private nextIdValue = 1000;
  private nextInstallation = 10_000 + (process.pid % 1000) * 100;
  private frozenAt: number | null = null;
  private offsetMs = 0;
  private commitSeq = 0;

  constructor(opts: ModelOptions) {
    const slug = opts.appSlug ?? "countersign";
    this.app = { id: opts.appId, slug, name: slug.charAt(0).toUpperCase() + slug.slice(1) };
    this.webUrl = (opts.webUrl ?? "https://github.com").replace(/\/$/, "");
    this.appBot = this.actor({ login: `${slug}[bot]`, type: "Bot" });
  }

  // ---------------------------------------------------------------- clock and ids

  /** The model's clock, in GitHub's format (whole seconds). Real time unless pinned. */
  now(): string {
    return isoSeconds(this.frozenAt ?? Date.now() + this.offsetMs);
  }

  /** Pins the clock (`null` returns to real time, keeping any advance). */
  setTime(at: string | Date | null): void {
    this.frozenAt = at == null ? null : new Date(at).getTime();
  }

  /** Moves the clock forward, pinned or not. */
  advanceTime(ms: number): void {
    if (this.frozenAt != null) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  nextId(): number {
    return this.nextIdValue++;
  }

  nodeId(prefix: string, id: number): string {
    return `${prefix}_kwDO${Buffer.from(String(id)).toString("base64url")}`;
  }

  // ---------------------------------------------------------------- accounts

  /** Registers (or finds) an account. An explicit `type` overrides an earlier inference. */
  actor(like: ActorLike): Actor {
    const login = typeof like === "string" ? like : like.login;
    const type = typeof like === "string" ? undefined : like.type;
    const found = this.users.get(key(login));
    if (found) {
      if (type) found.type = type;
      return found;
    }
    return this.addUser(login, { type });
  }

  /** Registers (or updates) an account; `email` is public (user search finds it) unless `emailPublic: false`. */
  addUser(
    login: string,
    opts: { email?: string; emailPublic?: boolean; type?: ActorType; name?: string } = {},
  ): UserModel {
    const existing = this.users.get(key(login));
    if (existing) {
      if (opts.type) existing.type = opts.type;
      if (opts.email !== undefined) existing.email = opts.email;
      if (opts.emailPublic !== undefined) existing.emailPublic = opts.emailPublic;
      if (opts.name !== undefined) existing.name = opts.name;
      return existing;
    }
    const id = this.nextId();
    const type = opts.type ?? (/\[bot\]$/i.test(login) ? "Bot" : "User");
    const prefix = type === "Bot" ? "BOT" : type === "Organization" ? "O" : "U";
    const user: UserModel = {
      login,
      type,
      id,
      nodeId: this.nodeId(prefix, id),
      name: opts.name ?? null,
      email: opts.email ?? null,
      emailPublic: opts.emailPublic ?? true,
    };
    this.users.set(key(login), user);
    return user;
  }

  user(login: string): UserModel | undefined {
    return this.users.get(key(login));
  }

  /** The account a commit identity links to (GraphQL `GitActor.user`), or null. */
  gitUser(identity: GitIdentity): UserModel | null {
    if (identity.login === null) return null;
    const asUser = (login: string) => {
      const u = this.users.get(key(login));
      return u && u.type === "User" ? u : null;
    };
    if (identity.login !== undefined) return asUser(identity.login);
    const email = key(identity.email);
    for (const u of this.users.values())
      if (u.type === "User" && u.email && key(u.email) === email) return u;
    const noreply = NOREPLY.exec(identity.email);
    return noreply?.[1] ? asUser(noreply[1]) : null;
  }

  /** A noreply identity for an account, as GitHub writes for web commits. */
  identityOf(like: ActorLike): GitIdentitySpec {
    const a = this.actor(like);
    return { name: a.login, email: `${a.id}+${a.login}@users.noreply.github.com`, login: a.login };
  }

  // ---------------------------------------------------------------- repositories and files

  addRepo(spec: RepoSpec): RepoModel {
    const fullName = `${spec.owner}/${spec.name}`;
    if (this.repos.has(key(fullName))) throw new Error(`repository ${fullName} already exists`);
    const ownerType = spec.ownerType ?? "Organization";
    const owner = this.actor({ login: spec.owner, type: ownerType });
    const id = this.nextId();
    const repo: RepoModel = {
      owner: spec.owner,
      name: spec.name,
      fullName,
      ownerType,
      ownerId: owner.id,
      id,
      nodeId: this.nodeId("R", id),
      isPrivate: spec.isPrivate ?? true,
      defaultBranch: spec.defaultBranch ?? "main",
      installationId: spec.installationId ?? this.installationFor(spec.owner),
      createdAt: this.now(),
      customProperties: { ...spec.customProperties },
      branches: new Map(),
      commits: new Map(),
      pulls: new Map(),
      labels: new Map(),
      permissions: new Map(),
      checkRuns: [],
      checkSuites: [],
      mergeQueues: new Map(),
    };
    this.repos.set(key(fullName), repo);
    const branches = { [repo.defaultBranch]: {}, ...spec.branches };
    for (const [branch, files] of Object.entries(branches)) {
      const commit = this.makeCommit(repo, {
        salt: `branch:${branch}`,
        base: new Map(),
        spec: { message: "Initial commit", files },
        defaultAuthor: DEFAULT_IDENTITY,
        defaultParents: [],
      });
      repo.branches.set(branch, commit.oid);
    }
    return repo;
  }

  /** The installation of an owner (allocated on first use; each double's numbers are unique per process). */
  installationFor(owner: string): number {
    let id = this.installations.get(key(owner));
    if (id === undefined) {
      id = this.nextInstallation++;
      this.installations.set(key(owner), id);
    }
    return id;
  }

  repo(ref: RepoRef): RepoModel {
    if (typeof ref !== "string") return ref;
    const found = this.findRepo(ref);
    if (!found) throw new Error(`no repository ${ref} in the double`);
    return found;
  }

  findRepo(fullName: string): RepoModel | undefined {
    return this.repos.get(key(fullName));
  }

  setCustomProperties(repo: RepoRef, props: Record<string, string | string[] | null>): void {
    this.repo(repo).customProperties = { ...props };
  }

  /** Writes (text) or deletes (null) one file on a branch as a new commit; returns the new tip. */
  setFile(
    repo: RepoRef,
    branch: string,
    path: string,
    text: string | null,
    message?: string,
  ): string {
    return this.setFiles(repo, branch, { [path]: text }, message);
  }

  /** Writes several files on a branch as one new commit (the branch is created from the default branch if new). */
  setFiles(
    repo: RepoRef,
    branch: string,
    files: Record<string, string | null>,
    message?: string,
    author?: GitIdentitySpec,
  ): string {
    const r = this.repo(repo);
    const parent = r.branches.get(branch) ?? r.branches.get(r.defaultBranch)!;
    const commit = this.makeCommit(r, {
      salt: `branch:${branch}`,
      base: this.commit(r, parent).tree,
      spec: { message, files, author },
      defaultAuthor: DEFAULT_IDENTITY,
      defaultParents: [parent],
    });
    r.branches.set(branch, commit.oid);
    return commit.oid;
  }

  /** The tip of a branch. */
  branchOid(repo: RepoRef, branch: string): string {
    const oid = this.repo(repo).branches.get(branch);
    if (!oid) throw new Error(`no branch ${branch} in ${this.repo(repo).fullName}`);
    return oid;
  }

  commit(repo: RepoRef, oid: string): CommitModel {
    const c = this.repo(repo).commits.get(oid);
    if (!c) throw new Error(`no commit ${oid} in ${this.repo(repo).fullName}`);
    return c;
  }

  /** A branch name, `refs/heads/…`, `HEAD` or a full oid → commit oid (undefined when unknown). */
  resolveRev(repo: RepoRef, rev: string): string | undefined {
    const r = this.repo(repo);
    if (rev === "HEAD") return r.branches.get(r.defaultBranch);
    const branch = r.branches.get(rev.replace(/^refs\/heads\//, ""));
    if (branch) return branch;
    return r.commits.has(rev) ? rev : undefined;
  }

  /** A file's text at a commit, branch or rev; null when absent. */
  fileAt(repo: RepoRef, rev: string, path: string): string | null {
    const oid = this.resolveRev(repo, rev);
    const blob = oid ? this.repo(repo).commits.get(oid)?.tree.get(path) : undefined;
    return blob ? (this.blobs.get(blob) ?? null) : null;
  }

  /** Whether a blob belongs to some commit of the repository. */
  hasBlob(repo: RepoRef, oid: string): boolean {
    for (const c of this.repo(repo).commits.values())
      for (const b of c.tree.values()) if (b === oid) return true;
    return false;
  }

  private storeBlob(text: string): string {
    const oid = blobOid(text);
    this.blobs.set(oid, text);
    return oid;
  }

  private makeCommit(
    repo: RepoModel,
    opts: {
      salt: string;
      base: Map<string, string>;
      spec: CommitSpec;
      defaultAuthor: GitIdentitySpec;
      defaultParents: string[];
    },
  ): CommitModel {
    const { spec } = opts;
    const tree = new Map(opts.base);
    const changes = { ...spec.files };
    for (const [path, text] of Object.entries(changes)) {
      if (text === null) tree.delete(path);
      else tree.set(path, this.storeBlob(text));
    }
    const date = this.now();
    const identity = (s: GitIdentitySpec): GitIdentity => {
      if (s.login) this.actor(s.login);
      return { name: s.name, email: s.email, login: s.login, date: s.date ?? date };
    };
    const message = spec.message ?? `Update ${Object.keys(changes).join(", ") || "files"}`;
    const author = identity(spec.author ?? opts.defaultAuthor);
    const committer = identity(spec.committer ?? spec.author ?? opts.defaultAuthor);
    const coAuthors = (spec.authors ?? coAuthorTrailers(message)).map(identity);
    const parents = spec.parents ?? opts.defaultParents;
    const oid =
      spec.oid ??
      sha1(
        JSON.stringify([
          repo.fullName,
          opts.salt,
          this.commitSeq++,
          message,
          author,
          committer,
          parents,
          treeOid(tree),
        ]),
      );
    const commit: CommitModel = {
      oid,
      message,
      author,
      committer,
      coAuthors,
      parents,
      committedViaWeb: spec.committedViaWeb ?? false,
      tree,
      changes,
    };
    repo.commits.set(oid, commit);
    return commit;
  }

  // ---------------------------------------------------------------- pull requests

  addPullRequest(repo: RepoRef, spec: PullSpec): PullModel {
    const r = this.repo(repo);
    const number = spec.number ?? Math.max(0, ...r.pulls.keys()) + 1;
    if (r.pulls.has(number)) throw new Error(`${r.fullName}#${number} already exists`);
    const baseRef = spec.baseRef ?? r.defaultBranch;
    const mergeBase = this.branchOid(r, baseRef);
    const author = this.actor(spec.author);
    const createdAt = spec.createdAt ?? this.now();
    const databaseId = this.nextId();
    const pr: PullModel = {
      repo: r,
      number,
      databaseId,
      nodeId: this.nodeId("PR", databaseId),
      title: spec.title ?? `Pull request #${number}`,
      body: spec.body ?? "",
      author,
      baseRef,
      headRef: spec.headRef ?? `feature-${number}`,
      state: spec.state ?? "OPEN",
      isDraft: spec.isDraft ?? false,
      createdAt,
      updatedAt: createdAt,
      mergeBase,
      commits: [],
      headOid: mergeBase,
      files: spec.files ? spec.files.map(changedFile) : null,
      reviews: [],
      comments: [],
      labels: [],
      assignees: [],
      timeline: [],
    };
    r.pulls.set(number, pr);
    for (const c of spec.commits?.length ? spec.commits : [{ message: `Changes for #${number}` }]) {
      this.addCommitToPull(pr, c);
    }
    r.branches.set(pr.headRef, pr.headOid);
    for (const name of spec.labels ?? []) this.applyLabel(pr, name);
    for (const login of spec.assignees ?? []) this.applyAssignee(pr, login);
    if (spec.timeline) {
      for (const t of spec.timeline) this.pushTimeline(pr, t);
    } else {
      for (const label of pr.labels)
        this.pushTimeline(pr, { type: "labeled", label, actor: author, createdAt });
      for (const a of pr.assignees)
        this.pushTimeline(pr, { type: "assigned", assignee: a, actor: author, createdAt });
    }
    for (const review of spec.reviews ?? []) this.addReview(pr, review);
    for (const comment of spec.comments ?? []) this.addComment(pr, comment);
    return pr;
  }

  pull(ref: PullRef): PullModel {
    if (typeof ref !== "string") return ref;
    const m = /^(.+)#(\d+)$/.exec(ref);
    const pr = m ? this.repo(m[1]!).pulls.get(Number(m[2])) : undefined;
    if (!pr) throw new Error(`no pull request ${ref} in the double`);
    return pr;
  }

  private addCommitToPull(pr: PullModel, spec: CommitSpec): CommitModel {
    const parent = spec.parents?.[0] ?? pr.headOid;
    const base = pr.repo.commits.get(parent)?.tree ?? this.commit(pr.repo, pr.headOid).tree;
    const commit = this.makeCommit(pr.repo, {
      salt: `pull:${pr.number}:${pr.commits.length}`,
      base,
      spec,
      defaultAuthor: this.identityOf(pr.author),
      defaultParents: [pr.headOid],
    });
    pr.commits.push(commit.oid);
    pr.headOid = commit.oid;
    return commit;
  }

  /** Pushes a commit onto the PR (the new head); returns it. */
  pushCommit(pr: PullRef, spec: CommitSpec = {}): CommitModel {
    const p = this.pull(pr);
    const commit = this.addCommitToPull(p, spec);
    p.repo.branches.set(p.headRef, p.headOid);
    p.updatedAt = this.now();
    return commit;
  }

  /**
   * Moves the PR's head to `oid`, a commit already in the repository (a
   * force-push back, or a fast-forward to commits pushed before). The PR's
   * commits become `oid` and its ancestors down to the merge base.
   * `forced` records a `HeadRefForcePushedEvent` by `actor`, as GitHub does;
   * a fast-forward leaves no timeline item.
   */
  moveHead(pr: PullRef, oid: string, opts: { forced: boolean; actor?: ActorLike }): void {
    const p = this.pull(pr);
    const before = p.headOid;
    const chain: string[] = [];
    for (let at: string | undefined = oid; at && at !== p.mergeBase; ) {
      chain.unshift(at);
      at = p.repo.commits.get(at)?.parents[0];
    }
    p.commits = chain;
    p.headOid = oid;
    p.repo.branches.set(p.headRef, oid);
    p.updatedAt = this.now();
    if (opts.forced) {
      p.timeline.push({
        kind: "HeadRefForcePushedEvent",
        id: this.nextId(),
        beforeOid: before,
        afterOid: oid,
        actor: this.actor(opts.actor ?? p.author),
        createdAt: this.now(),
      });
    }
  }

  /**
   * A second PR whose head is another PR's current head commit (same SHA):
   * from branch `headRef` (created there) into `baseRef`, created at
   * `baseAt` when given (e.g. a commit of the first PR, as `git branch lax
   * feature~1` would). `fromFork` hides it from the association look-up.
   */
  openPullOnHead(
    of: PullRef,
    spec: {
      author: ActorLike;
      baseRef: string;
      headRef: string;
      baseAt?: string;
      fromFork?: boolean;
      body?: string;
    },
  ): PullModel {
    const first = this.pull(of);
    const r = first.repo;
    if (spec.baseAt) r.branches.set(spec.baseRef, spec.baseAt);
    const base = this.branchOid(r, spec.baseRef);
    const number = Math.max(0, ...r.pulls.keys()) + 1;
    const databaseId = this.nextId();
    const commits = first.commits.filter((c) => c !== base && !this.isAncestor(r, c, base));
    const pr: PullModel = {
      ...first,
      number,
      databaseId,
      nodeId: this.nodeId("PR", databaseId),
      title: `Pull request #${number}`,
      body: spec.body ?? "",
      author: this.actor(spec.author),
      baseRef: spec.baseRef,
      headRef: spec.headRef,
      state: "OPEN",
      createdAt: this.now(),
      updatedAt: this.now(),
      mergeBase: base,
      commits,
      files: null,
      reviews: [],
      comments: [],
      labels: [],
      assignees: [],
      timeline: [],
      ...(spec.fromFork ? { fromFork: true } : {}),
    };
    r.pulls.set(number, pr);
    r.branches.set(spec.headRef, first.headOid);
    return pr;
  }

  /** Closes (or reopens, with a `ReopenedEvent`) the PR. */
  closePull(pr: PullRef, actor?: ActorLike): void {
    const p = this.pull(pr);
    p.state = "CLOSED";
    p.updatedAt = this.now();
    p.timeline.push({
      kind: "ClosedEvent",
      id: this.nextId(),
      actor: this.actor(actor ?? p.author),
      createdAt: this.now(),
    });
  }

  reopenPull(pr: PullRef, actor?: ActorLike): void {
    const p = this.pull(pr);
    p.state = "OPEN";
    p.updatedAt = this.now();
    p.timeline.push({
      kind: "ReopenedEvent",
      id: this.nextId(),
      actor: this.actor(actor ?? p.author),
      createdAt: this.now(),
    });
  }

  /**
   * GitHub's "Update branch": a web merge commit bringing the base branch in
   * (parents: the old head and the base tip; `committedViaWeb`). The PR's diff
   * is then taken from the new base tip.
   */
  updateBranch(pr: PullRef, by?: ActorLike): CommitModel {
    const p = this.pull(pr);
    const baseTip = this.branchOid(p.repo, p.baseRef);
    const baseTree = this.commit(p.repo, baseTip).tree;
    const oldBase = this.commit(p.repo, p.mergeBase).tree;
    const files: Record<string, string | null> = {};
    for (const path of new Set([...baseTree.keys(), ...oldBase.keys()])) {
      const now = baseTree.get(path);
      if (now !== oldBase.get(path)) files[path] = now ? (this.blobs.get(now) ?? "") : null;
    }
    const identity = by ? this.identityOf(by) : this.identityOf(p.author);
    const commit = this.pushCommit(p, {
      message: `Merge branch '${p.baseRef}' into ${p.headRef}`,
      author: identity,
      committer: { name: "GitHub", email: "noreply@github.com", login: null },
      parents: [p.headOid, baseTip],
      committedViaWeb: true,
      files,
    });
    p.mergeBase = baseTip;
    return commit;
  }

  /** The changed files: the explicit list, else the diff of the merge base and the head. */
  changedFiles(pr: PullRef): ChangedFileModel[] {
    const p = this.pull(pr);
    if (p.files) return p.files;
    const base = this.commit(p.repo, p.mergeBase).tree;
    const head = this.commit(p.repo, p.headOid).tree;
    const out: ChangedFileModel[] = [];
    for (const path of [...new Set([...base.keys(), ...head.keys()])].sort()) {
      const before = base.get(path);
      const after = head.get(path);
      if (before === after) continue;
      const changeType: ChangeType = !before ? "ADDED" : !after ? "DELETED" : "MODIFIED";
      out.push({
        path,
        changeType,
        previousPath: null,
        additions: after ? 1 : 0,
        deletions: before ? 1 : 0,
      });
    }
    return out;
  }

  /** Replaces the changed-file list (`null`: derive it from the trees again). */
  setChangedFiles(pr: PullRef, files: FileSpec[] | null): void {
    this.pull(pr).files = files ? files.map(changedFile) : null;
  }

  setBody(pr: PullRef, body: string): void {
    const p = this.pull(pr);
    p.body = body;
    p.updatedAt = this.now();
  }

  setTitle(pr: PullRef, title: string): void {
    const p = this.pull(pr);
    p.title = title;
    p.updatedAt = this.now();
  }

  setDraft(pr: PullRef, isDraft: boolean): void {
    this.pull(pr).isDraft = isDraft;
  }

  setState(pr: PullRef, state: PullState): void {
    this.pull(pr).state = state;
  }

  addReview(pr: PullRef, spec: ReviewSpec): ReviewModel {
    const p = this.pull(pr);
    const databaseId = this.nextId();
    const review: ReviewModel = {
      databaseId,
      nodeId: this.nodeId("PRR", databaseId),
      author: this.actor(spec.author),
      state: spec.state,
      commitOid: spec.commitOid ?? p.headOid,
      submittedAt: spec.submittedAt ?? this.now(),
      authorCanPush: spec.authorCanPush,
      body: spec.body ?? "",
    };
    p.reviews.push(review);
    return review;
  }

  /** Dismisses a review (its state becomes `DISMISSED`, as on GitHub). */
  /** Dismisses a review (its state becomes DISMISSED), recording who did it in the timeline. */
  dismissReview(pr: PullRef, reviewId: number, actor?: ActorLike): ReviewModel {
    const p = this.pull(pr);
    const review = p.reviews.find((r) => r.databaseId === reviewId);
    if (!review) throw new Error(`no review ${reviewId}`);
    const previousState = review.state;
    review.state = "DISMISSED";
    p.timeline.push({
      kind: "ReviewDismissedEvent",
      id: this.nextId(),
      reviewNodeId: review.nodeId,
      previousState,
      actor: actor ? this.actor(actor) : null,
      createdAt: this.now(),
    });
    return review;
  }

  /** GraphQL `authorCanPushToRepository` of a review. */
  reviewerCanPush(repo: RepoModel, review: ReviewModel): boolean {
    if (review.authorCanPush !== undefined) return review.authorCanPush;
    const explicit = review.author ? repo.permissions.get(key(review.author.login)) : undefined;
    return explicit ? WRITE_PERMISSIONS.includes(explicit) : true;
  }

  /** Adds a comment to the PR's conversation; returns its databaseId (the REST id). */
  addComment(pr: PullRef, spec: CommentSpec): number {
    const p = this.pull(pr);
    const databaseId = this.nextId();
    const createdAt = spec.createdAt ?? this.now();
    p.comments.push({
      databaseId,
      nodeId: this.nodeId("IC", databaseId),
      author: this.actor(spec.author),
      body: spec.body,
      createdAt,
      updatedAt: spec.lastEditedAt ?? createdAt,
      lastEditedAt: spec.lastEditedAt ?? null,
    });
    return databaseId;
  }

  findComment(id: number): { pr: PullModel; comment: CommentModel } | undefined {
    for (const repo of this.repos.values()) {
      for (const pr of repo.pulls.values()) {
        const comment = pr.comments.find((c) => c.databaseId === id);
        if (comment) return { pr, comment };
      }
    }
    return undefined;
  }

  editComment(id: number, body: string): CommentModel {
    const found = this.findComment(id);
    if (!found) throw new Error(`no comment ${id}`);
    const now = this.now();
    Object.assign(found.comment, { body, lastEditedAt: now, updatedAt: now });
    return found.comment;
  }

  deleteComment(id: number): void {
    const found = this.findComment(id);
    if (!found) throw new Error(`no comment ${id}`);
    found.pr.comments = found.pr.comments.filter((c) => c.databaseId !== id);
    this.deletedComments.set(id, found);
  }

  addReaction(
    commentId: number,
    content: string,
    user: ActorLike,
  ): { reaction: ReactionModel; created: boolean } {
    const list = this.reactionsByComment.get(commentId) ?? [];
    this.reactionsByComment.set(commentId, list);
    const actor = this.actor(user);
    const existing = list.find((r) => r.content === content && r.user.id === actor.id);
    if (existing) return { reaction: existing, created: false };
    const id = this.nextId();
    const reaction = {
      id,
      nodeId: this.nodeId("REA", id),
      content,
      user: actor,
      createdAt: this.now(),
    };
    list.push(reaction);
    return { reaction, created: true };
  }

  /** Creates the repository label if needed (GitHub does so when a new label is applied). */
  ensureLabel(
    repo: RepoRef,
    name: string,
    color = "ededed",
    description: string | null = null,
  ): LabelModel {
    const r = this.repo(repo);
    const found = r.labels.get(key(name));
    if (found) return found;
    const id = this.nextId();
    const label = { id, nodeId: this.nodeId("LA", id), name, color, description };
    r.labels.set(key(name), label);
    return label;
  }

  private applyLabel(pr: PullModel, name: string): boolean {
    const label = this.ensureLabel(pr.repo, name);
    if (pr.labels.some((l) => key(l) === key(name))) return false;
    pr.labels.push(label.name);
    return true;
  }

  private applyAssignee(pr: PullModel, login: string): boolean {
    if (pr.assignees.some((l) => key(l) === key(login))) return false;
    pr.assignees.push(this.actor(login).login);
    return true;
  }

  private pushTimeline(pr: PullModel, t: TimelineSpec): void {
    const id = this.nextId();
    const createdAt = t.createdAt ?? this.now();
    const actor = this.actor(t.actor);
    if ("label" in t) {
      const kind = t.type === "labeled" ? "LabeledEvent" : "UnlabeledEvent";
      pr.timeline.push({
        kind,
        id,
        label: this.ensureLabel(pr.repo, t.label).name,
        actor,
        createdAt,
      });
    } else {
      const kind = t.type === "assigned" ? "AssignedEvent" : "UnassignedEvent";
      pr.timeline.push({ kind, id, assignee: this.actor(t.assignee), actor, createdAt });
    }
  }

  /** Labels the PR as `actor` (a `LabeledEvent`); false when it already had the label. */
  addLabel(pr: PullRef, name: string, actor: ActorLike): boolean {
    const p = this.pull(pr);
    if (!this.applyLabel(p, name)) return false;
    this.pushTimeline(p, { type: "labeled", label: name, actor });
    return true;
  }

  /** Removes a label as `actor` (an `UnlabeledEvent`); false when the PR did not have it. */
  removeLabel(pr: PullRef, name: string, actor: ActorLike): boolean {
    const p = this.pull(pr);
    const present = p.labels.find((l) => key(l) === key(name));
    if (!present) return false;
    p.labels = p.labels.filter((l) => l !== present);
    this.pushTimeline(p, { type: "unlabeled", label: present, actor });
    return true;
  }

  /** Assigns `login` as `actor` (an `AssignedEvent`). */
  assign(pr: PullRef, login: string, actor: ActorLike): void {
    const p = this.pull(pr);
    if (this.applyAssignee(p, login))
      this.pushTimeline(p, { type: "assigned", assignee: login, actor });
  }

  // ---------------------------------------------------------------- organisation, permissions, queues

  /** Creates (or replaces) a team with these members. */
  addTeam(org: string, slug: string, members: string[], name?: string): TeamModel {
    const existing = this.teams.get(key(`${org}/${slug}`));
    const id = existing?.id ?? this.nextId();
    const team: TeamModel = {
      org,
      slug,
      name: name ?? slug,
      id,
      nodeId: this.nodeId("T", id),
      members: members.map((m) => this.actor(m).login),
    };
    this.teams.set(key(`${org}/${slug}`), team);
    return team;
  }

  team(org: string, slug: string): TeamModel | undefined {
    return this.teams.get(key(`${org}/${slug}`));
  }

  setPermission(repo: RepoRef, login: string, permission: Permission): void {
    this.actor(login);
    this.repo(repo).permissions.set(key(login), permission);
  }

  /** A user's permission: as set, else `admin` for the owner of a user's repository, else `none`. */
  permission(repo: RepoRef, login: string): Permission {
    const r = this.repo(repo);
    const explicit = r.permissions.get(key(login));
    if (explicit) return explicit;
    return r.ownerType === "User" && key(r.owner) === key(login) ? "admin" : "none";
  }

  /** The merge queue of a branch, in order (position 1 first); `[]` empties it, `null` disables it. */
  setMergeQueue(repo: RepoRef, branch: string, entries: MergeQueueEntrySpec[] | null): void {
    const r = this.repo(repo);
    if (entries === null) r.mergeQueues.delete(branch);
    else r.mergeQueues.set(branch, entries);
  }

  /**
   * The merge group GitHub would build for `prNumber` (and the queue entries
   * ahead of it): a commit on `gh-readonly-queue/<base>/pr-<N>-<head sha>`
   * whose tree is the base tip plus the PRs' changes. Created once, then reused.
   */
  mergeGroup(repo: RepoRef, prNumber: number): MergeGroupInfo {
    const r = this.repo(repo);
    const pr = this.pull(`${r.fullName}#${prNumber}`);
    const baseSha = this.branchOid(r, pr.baseRef);
    const branch = `gh-readonly-queue/${pr.baseRef}/pr-${prNumber}-${pr.headOid}`;
    const info = { headRef: `refs/heads/${branch}`, baseSha, baseRef: `refs/heads/${pr.baseRef}` };
    const existing = r.branches.get(branch);
    if (existing) return { ...info, headSha: existing };
    const queue = r.mergeQueues.get(pr.baseRef) ?? [];
    const at = queue.findIndex((e) => e.number === prNumber);
    const numbers = [...(at >= 0 ? queue.slice(0, at).map((e) => e.number) : []), prNumber];
    const files: Record<string, string | null> = {};
    for (const n of numbers) {
      const p = r.pulls.get(n);
      if (!p) continue;
      const head = this.commit(r, p.headOid).tree;
      for (const f of this.changedFiles(p)) {
        const blob = head.get(f.path);
        files[f.path] = blob ? (this.blobs.get(blob) ?? "") : null;
      }
    }
    const commit = this.makeCommit(r, {
      salt: `merge-group:${branch}`,
      base: this.commit(r, baseSha).tree,
      spec: {
        message: `Merge pull request #${prNumber} from ${r.owner}/${pr.headRef}\n\n${pr.title}`,
        files,
      },
      defaultAuthor: DEFAULT_IDENTITY,
      defaultParents: [baseSha, pr.headOid],
    });
    r.branches.set(branch, commit.oid);
    return { ...info, headSha: commit.oid };
  }

  // ---------------------------------------------------------------- check runs

  /** Creates a check run as the given app (default: this app); `head_sha` must be a commit of the repository. */
  createCheckRun(repo: RepoRef, input: CheckRunInput, app: AppInfo = this.app): CheckRunModel {
    const r = this.repo(repo);
    const suite = this.ensureCheckSuite(r, input.head_sha, app);
    const id = this.nextId();
    const run: CheckRunModel = {
      id,
      node_id: this.nodeId("CR", id),
      name: input.name,
      head_sha: input.head_sha,
      status: "queued",
      conclusion: null,
      started_at: input.started_at ?? this.now(),
      completed_at: null,
      output: { title: null, summary: null, text: null, annotations_count: 0 },
      details_url: null,
      external_id: null,
      actions: [],
      app,
      check_suite: { id: suite.id },
    };
    r.checkRuns.push(run);
    this.applyCheckRunInput(run, input);
    return run;
  }

  /** Updates a check run in place; fields absent from `input` are left as they were. */
  updateCheckRun(run: CheckRunModel, input: Partial<CheckRunInput>): CheckRunModel {
    if (input.name !== undefined) run.name = input.name;
    if (input.started_at !== undefined) run.started_at = input.started_at;
    this.applyCheckRunInput(run, input);
    return run;
  }

  private applyCheckRunInput(run: CheckRunModel, input: Partial<CheckRunInput>): void {
    if (input.status !== undefined) run.status = input.status;
    if (input.conclusion !== undefined && input.conclusion !== null) {
      run.conclusion = input.conclusion;
      run.status = "completed";
    }
    if (run.status === "completed")
      run.completed_at = input.completed_at ?? run.completed_at ?? this.now();
    else if (input.completed_at !== undefined) run.completed_at = input.completed_at;
    if (input.output) {
      const { title, summary, text, annotations } = input.output;
      if (title !== undefined) run.output.title = title;
      if (summary !== undefined) run.output.summary = summary;
      if (text !== undefined) run.output.text = text;
      if (annotations) run.output.annotations_count += annotations.length;
    }
    if (input.details_url !== undefined) run.details_url = input.details_url;
    if (input.external_id !== undefined) run.external_id = input.external_id;
    if (input.actions !== undefined) run.actions = input.actions;
  }

  ensureCheckSuite(repo: RepoRef, headSha: string, app: AppInfo = this.app): CheckSuiteModel {
    const r = this.repo(repo);
    const found = r.checkSuites.find((s) => s.headSha === headSha && s.app.id === app.id);
    if (found) return found;
    const id = this.nextId();
    const headBranch = [...r.branches].find(([, oid]) => oid === headSha)?.[0] ?? null;
    const suite = {
      id,
      nodeId: this.nodeId("CS", id),
      headSha,
      headBranch,
      app,
      createdAt: this.now(),
    };
    r.checkSuites.push(suite);
    return suite;
  }

  /** A check run by another app (or this one), e.g. to test filtering by app id. */
  addCheckRun(
    repo: RepoRef,
    input: CheckRunInput & { app?: Partial<AppInfo> & { id: number } },
  ): CheckRunModel {
    const { app, ...rest } = input;
    const info = app ? { slug: `app-${app.id}`, name: `App ${app.id}`, ...app } : this.app;
    return this.createCheckRun(repo, rest, info);
  }

  // ---------------------------------------------------------------- reading back

  /** Check runs of the repository (all apps), optionally on one head SHA, oldest first. */
  checkRuns(repo: RepoRef, headSha?: string): CheckRunModel[] {
    return this.repo(repo).checkRuns.filter((c) => headSha === undefined || c.head_sha === headSha);
  }

  /** This app's runs named `name` (default `countersign`) on a head SHA (default: any). */
  appCheckRuns(repo: RepoRef, headSha?: string, name = "countersign"): CheckRunModel[] {
    return this.checkRuns(repo, headSha).filter((c) => c.app.id === this.app.id && c.name === name);
  }

  findCheckRun(id: number): { repo: RepoModel; run: CheckRunModel } | undefined {
    for (const repo of this.repos.values()) {
      const run = repo.checkRuns.find((c) => c.id === id);
      if (run) return { repo, run };
    }
    return undefined;
  }

  labels(pr: PullRef): string[] {
    return [...this.pull(pr).labels];
  }

  comments(pr: PullRef): CommentModel[] {
    return [...this.pull(pr).comments];
  }

  /** Comments the app posted on the PR. */
  appComments(pr: PullRef): CommentModel[] {
    return this.comments(pr).filter((c) => c.author?.id === this.appBot.id);
  }

  reactions(commentId: number): ReactionModel[] {
    return [...(this.reactionsByComment.get(commentId) ?? [])];
  }

  timeline(pr: PullRef): TimelineItem[] {
    return [...this.pull(pr).timeline];
  }

  /** Open PRs (or any state) whose commits include `oid`. */
  pullsWithCommit(repo: RepoRef, oid: string): PullModel[] {
    return [...this.repo(repo).pulls.values()].filter((p) => p.commits.includes(oid));
  }

  /**
   * `Commit.associatedPullRequests` as GitHub answers it, gaps included: for
   * a commit on the default branch only the merged PR that brought it there;
   * otherwise the PRs containing it, but never one whose head is in a fork.
   */
  associatedPulls(repo: RepoRef, oid: string): PullModel[] {
    const r = this.repo(repo);
    const withIt = this.pullsWithCommit(r, oid);
    if (this.isAncestor(r, oid, this.branchOid(r, r.defaultBranch))) {
      return withIt.filter((p) => p.state === "MERGED").slice(0, 1);
    }
    return withIt.filter((p) => !p.fromFork);
  }

  /** Whether `oid` is `tip` or one of its ancestors. */
  isAncestor(repo: RepoRef, oid: string, tip: string): boolean {
    const r = this.repo(repo);
    const seen = new Set<string>();
    const pending = [tip];
    while (pending.length > 0) {
      const at = pending.pop()!;
      if (at === oid) return true;
      if (seen.has(at)) continue;
      seen.add(at);
      pending.push(...(r.commits.get(at)?.parents ?? []));
    }
    return false;
  }
}

function changedFile(f: FileSpec): ChangedFileModel {
  return {
    path: f.path,
    changeType: f.changeType ?? (f.previousPath ? "RENAMED" : "MODIFIED"),
    previousPath: f.previousPath ?? null,
    additions: f.additions ?? 1,
    deletions: f.deletions ?? 1,
  };
}
