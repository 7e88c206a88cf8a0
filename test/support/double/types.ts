/**
 * The GitHub double's model types: the specs tests write (`…Spec`, all
 * optional but the essentials) and the models the double keeps (`…Model`).
 */
export type ActorType = "User" | "Bot" | "Organization";
export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";
export type ChangeType = "ADDED" | "MODIFIED" | "DELETED" | "RENAMED" | "COPIED" | "CHANGED";
export type ReviewState = "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";
export type PullState = "OPEN" | "CLOSED" | "MERGED";

/** An account. `login` is the REST spelling (`countersign[bot]`); GraphQL drops a bot's `[bot]`. */
export interface Actor {
  login: string;
  type: ActorType;
  id: number;
  nodeId: string;
}

/** A login (type inferred: a registered user's type, else `Bot` for `…[bot]`, else `User`) or an explicit actor. */
export type ActorLike = string | { login: string; type?: ActorType };

export interface UserModel extends Actor {
  name: string | null;
  /** An email of the account: commits by it link to the account (GraphQL `GitActor.user`). */
  email: string | null;
  /** Whether `email` is public, i.e. found by user search (`in:email`). */
  emailPublic: boolean;
}

export interface GitIdentitySpec {
  name: string;
  email: string;
  /**
   * The account GitHub links the identity to (`GitActor.user`). Omitted: the
   * user registered with that email (`addUser`), or a registered `User`
   * named by a noreply address `ID+LOGIN@users.noreply.github.com`; bots never.
   * `null`: nobody.
   */
  login?: string | null;
  date?: string;
}

export interface GitIdentity {
  name: string;
  email: string;
  login: string | null | undefined;
  date: string;
}

export interface CommitSpec {
  /** Default: a deterministic sha1 of the commit's content and place. */
  oid?: string;
  /** Default `"Update <paths>"`. */
  message?: string;
  /** Default: the PR author (name = login, a noreply email), or a generic identity on branches. */
  author?: GitIdentitySpec;
  /** Default: the author. */
  committer?: GitIdentitySpec;
  /** Co-authors (GraphQL `Commit.authors` = author + these). Default: the message's `Co-authored-by` trailers. */
  authors?: GitIdentitySpec[];
  /** Default: the previous commit (the PR's first commit: the base branch tip). */
  parents?: string[];
  committedViaWeb?: boolean;
  /** Files this commit writes (text) or deletes (null), over its first parent's tree. */
  files?: Record<string, string | null>;
}

export interface CommitModel {
  oid: string;
  message: string;
  author: GitIdentity;
  committer: GitIdentity;
  coAuthors: GitIdentity[];
  parents: string[];
  committedViaWeb: boolean;
  /** path → blob oid: every file of the commit. */
  tree: Map<string, string>;
  /** What this commit changed over its first parent (for push payloads). */
  changes: Record<string, string | null>;
}

export interface LabelModel {
  id: number;
  nodeId: string;
  name: string;
  color: string;
  description: string | null;
}

export interface FileSpec {
  path: string;
  /** Default `MODIFIED` (`RENAMED` when `previousPath` is given). */
  changeType?: ChangeType;
  previousPath?: string;
  additions?: number;
  deletions?: number;
}

export interface ChangedFileModel {
  path: string;
  changeType: ChangeType;
  previousPath: string | null;
  additions: number;
  deletions: number;
}

export interface ReviewSpec {
  author: ActorLike;
  state: ReviewState;
  /** Default: the PR's head at the time the review is added. */
  commitOid?: string;
  submittedAt?: string;
  /**
   * GraphQL `authorCanPushToRepository`. Default: from `setPermission` when
   * the reviewer has one (write, maintain or admin), else true.
   */
  authorCanPush?: boolean;
  body?: string;
}

export interface ReviewModel {
  databaseId: number;
  nodeId: string;
  author: Actor | null;
  state: ReviewState;
  commitOid: string;
  submittedAt: string;
  authorCanPush: boolean | undefined;
  body: string;
}

export interface CommentSpec {
  author: ActorLike;
  body: string;
  createdAt?: string;
  lastEditedAt?: string | null;
}

export interface CommentModel {
  databaseId: number;
  nodeId: string;
  author: Actor | null;
  body: string;
  createdAt: string;
  updatedAt: string;
  lastEditedAt: string | null;
}

export type TimelineSpec =
  | { type: "labeled" | "unlabeled"; label: string; actor: ActorLike; createdAt?: string }
  | { type: "assigned" | "unassigned"; assignee: ActorLike; actor: ActorLike; createdAt?: string };

export type TimelineItem =
  | {
      kind: "LabeledEvent" | "UnlabeledEvent";
      id: number;
      label: string;
      actor: Actor | null;
      createdAt: string;
    }
  | {
      kind: "AssignedEvent" | "UnassignedEvent";
      id: number;
      assignee: Actor;
      actor: Actor | null;
      createdAt: string;
    }
  | {
      kind: "HeadRefForcePushedEvent";
      id: number;
      beforeOid: string;
      afterOid: string;
      actor: Actor | null;
      createdAt: string;
    }
  | {
      kind: "HeadRefRestoredEvent" | "ReopenedEvent" | "ClosedEvent";
      id: number;
      actor: Actor | null;
      createdAt: string;
    }
  | {
      kind: "ReviewDismissedEvent";
      id: number;
      reviewNodeId: string;
      previousState: ReviewState;
      actor: Actor | null;
      createdAt: string;
    };

export interface PullSpec {
  /** Default: the next free number in the repository. */
  number?: number;
  author: ActorLike;
  title?: string;
  body?: string;
  /** Default: the repository's default branch. */
  baseRef?: string;
  /** Default `feature-<number>`. */
  headRef?: string;
  state?: PullState;
  isDraft?: boolean;
  createdAt?: string;
  /** In order; default one commit. The head commit's tree = base tip files + every commit's `files`. */
  commits?: CommitSpec[];
  /** The changed files. Default: the diff between the base tip and the head tree (no renames). */
  files?: FileSpec[];
  reviews?: ReviewSpec[];
  comments?: CommentSpec[];
  labels?: string[];
  assignees?: string[];
  /** Default: a `labeled` event per label and an `assigned` event per assignee, by the PR author. */
  timeline?: TimelineSpec[];
}

export interface PullModel {
  repo: RepoModel;
  /** From a fork: GitHub's `Commit.associatedPullRequests` in the base repository does not list it. */
  fromFork?: boolean;
  number: number;
  databaseId: number;
  nodeId: string;
  title: string;
  body: string;
  author: Actor;
  baseRef: string;
  headRef: string;
  state: PullState;
  isDraft: boolean;
  createdAt: string;
  updatedAt: string;
  /** The base commit the PR's diff is taken from (the base tip when opened, or last "Update branch"). */
  mergeBase: string;
  /** The PR's commits, oldest first. */
  commits: string[];
  headOid: string;
  /** Explicit changed files, or null to derive them from the trees. */
  files: ChangedFileModel[] | null;
  reviews: ReviewModel[];
  comments: CommentModel[];
  labels: string[];
  assignees: string[];
  timeline: TimelineItem[];
}

export interface CheckRunModel {
  id: number;
  node_id: string;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  started_at: string;
  completed_at: string | null;
  output: {
    title: string | null;
    summary: string | null;
    text: string | null;
    annotations_count: number;
  };
  details_url: string | null;
  external_id: string | null;
  actions: unknown[];
  app: AppInfo;
  check_suite: { id: number };
}

export interface CheckSuiteModel {
  id: number;
  nodeId: string;
  headSha: string;
  headBranch: string | null;
  app: AppInfo;
  createdAt: string;
}

export interface AppInfo {
  id: number;
  slug: string;
  name: string;
}

export interface MergeQueueEntrySpec {
  number: number;
  /** Default: the PR's head. */
  headOid?: string;
}

export interface TeamModel {
  org: string;
  slug: string;
  name: string;
  id: number;
  nodeId: string;
  members: string[];
}

export interface ReactionModel {
  id: number;
  nodeId: string;
  content: string;
  user: Actor;
  createdAt: string;
}

export interface RepoSpec {
  owner: string;
  name: string;
  ownerType?: "Organization" | "User";
  /** Default `main`. */
  defaultBranch?: string;
  /** Branch → path → text. The default branch always exists (empty when not given). */
  branches?: Record<string, Record<string, string>>;
  customProperties?: Record<string, string | string[] | null>;
  isPrivate?: boolean;
  /** Default: the owner's installation (one per owner, allocated on first use). */
  installationId?: number;
}

export interface RepoModel {
  owner: string;
  name: string;
  fullName: string;
  ownerType: "Organization" | "User";
  ownerId: number;
  id: number;
  nodeId: string;
  isPrivate: boolean;
  defaultBranch: string;
  installationId: number;
  createdAt: string;
  customProperties: Record<string, string | string[] | null>;
  /** branch → tip oid */
  branches: Map<string, string>;
  commits: Map<string, CommitModel>;
  pulls: Map<number, PullModel>;
  /** lower-cased name → label */
  labels: Map<string, LabelModel>;
  /** lower-cased login → permission */
  permissions: Map<string, Permission>;
  checkRuns: CheckRunModel[];
  checkSuites: CheckSuiteModel[];
  mergeQueues: Map<string, MergeQueueEntrySpec[]>;
}

/** A repository: the model, or `"owner/name"`. */
export type RepoRef = RepoModel | string;
/** A pull request: the model, or `"owner/name#number"`. */
export type PullRef = PullModel | string;

export interface MergeGroupInfo {
  headSha: string;
  headRef: string;
  baseSha: string;
  baseRef: string;
}

export interface CheckRunInput {
  name: string;
  head_sha: string;
  status?: string;
  conclusion?: string | null;
  started_at?: string;
  completed_at?: string | null;
  output?: {
    title?: string | null;
    summary?: string | null;
    text?: string | null;
    annotations?: unknown[];
  };
  details_url?: string | null;
  external_id?: string | null;
  actions?: unknown[];
}

export interface ModelOptions {
  appId: number;
  /** Default `countersign`. */
  appSlug?: string;
  /** Where `html_url`/`url` fields point. Default `https://github.com`. */
  webUrl?: string;
}
