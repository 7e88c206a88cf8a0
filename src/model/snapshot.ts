/**
 * Everything the pure policy core may know about a pull request, gathered by
 * `src/github/` (mostly in one GraphQL query) and normalised to plain data.
 * Nothing here talks to GitHub; tests build snapshots by hand.
 *
 * Logins are kept as GitHub spells them; compare them case-insensitively
 * (GitHub logins are case-insensitive) with `sameLogin`/`loginKey`.
 */

import type { HeadState } from "./head-state.js";

/** GraphQL `Actor.__typename`: Copilot's coding agent is a `Bot` named `Copilot`. */
export type ActorType = "User" | "Bot" | "Organization" | "Mannequin" | "EnterpriseUserAccount";

export interface Actor {
  login: string;
  type: ActorType;
}

/** A git identity as GraphQL `GitActor` gives it; `login` is `GitActor.user.login` (null for bots and unknown emails). */
export interface GitIdentity {
  name: string;
  email: string;
  login: string | null;
}

export interface CommitInfo {
  oid: string;
  message: string;
  author: GitIdentity;
  committer: GitIdentity;
  /** GraphQL `Commit.authors`: the author plus GitHub's reading of Co-authored-by trailers. */
  authors: GitIdentity[];
  parents: string[];
  committedViaWeb: boolean;
}

export type ChangeType = "ADDED" | "MODIFIED" | "DELETED" | "RENAMED" | "COPIED" | "CHANGED";

export interface ChangedFile {
  path: string;
  /** The old path of a rename (REST `previous_filename`; GraphQL has none). */
  previousPath?: string;
  changeType: ChangeType;
}

export type ReviewState = "APPROVED" | "CHANGES_REQUESTED" | "DISMISSED" | "COMMENTED" | "PENDING";

export interface Review {
  id: string;
  author: Actor | null;
  state: ReviewState;
  /** The commit the review was given on (`PullRequestReview.commit.oid`). */
  commitOid: string | null;
  submittedAt: string | null;
  /** GraphQL `PullRequestReview.authorCanPushToRepository`: GitHub ignores approvals from people without write access. */
  authorCanPush: boolean;
  url: string;
}

export interface IssueComment {
  /** REST id (`databaseId`), for reactions and links. */
  databaseId: number;
  url: string;
  author: Actor | null;
  body: string;
  createdAt: string;
  /** Set when the comment was edited after posting: edited comments never count as commands. */
  lastEditedAt: string | null;
}

export type TimelineEvent =
  | { kind: "labeled" | "unlabeled"; label: string; actor: Actor | null; createdAt: string }
  | { kind: "assigned"; assignee: string | null; actor: Actor | null; createdAt: string }
  /** `HeadRefForcePushedEvent`: the head was force-pushed to `afterOid`. */
  | { kind: "head-force-pushed"; afterOid: string | null; actor: Actor | null; createdAt: string }
  /** `HeadRefRestoredEvent` and `ReopenedEvent`: they name no commit, so they count for the current head. */
  | { kind: "head-restored" | "reopened"; actor: Actor | null; createdAt: string }
  /** `ReviewDismissedEvent`: who dismissed which review (`PullRequestReview.id`). */
  | {
      kind: "review-dismissed";
      reviewId: string | null;
      /** The review's state before the dismissal (`CHANGES_REQUESTED`, `APPROVED`, …). */
      previousState: string | null;
      actor: Actor | null;
      createdAt: string;
    };

/** This app's own `countersign` check runs on the head commit (filtered by app id). */
export interface CheckRunInfo {
  databaseId: number;
  name: string;
  startedAt: string | null;
  conclusion: string | null;
  /** `output.text`, where Countersign keeps its state for the head (see head-state.ts). */
  text?: string | null;
}

/** An open or closed PR of this repository that GitHub associates with the head commit. */
export interface HeadPull {
  number: number;
  headOid: string;
  open: boolean;
}

/** A file blob read from a commit: `object(expression: "<ref>:<path>") { ... on Blob }`. */
export interface BlobFile {
  /** Where it came from, for messages: `owner/repo:path@ref`. */
  source: string;
  path: string;
  oid: string;
  /** The text; "" when `unreadable` (never parsed then). */
  text: string;
  /**
   * Why the text could not be read whole: GraphQL `Blob.text` is null for a
   * binary blob and cut at 512,000 bytes (`isTruncated`). A policy file like
   * that is invalid, never absent (SPEC §2: fail closed).
   */
  unreadable?: { why: "binary" | "too-large"; byteSize: number };
  /**
   * Reached through `_extends`: its errors give file, line and the schema's
   * key paths only, never a value or key name read from it (SPEC §2).
   */
  redact?: boolean;
}

/** A file named by `_extends`, as the GitHub layer found it. */
export type ExtendedFile =
  | { status: "found"; file: BlobFile }
  /** No such repository or file, not a file, or not readable by the installation. */
  | { status: "missing" }
  /** The repository belongs to another owner (by owner id): its file is never read. */
  | { status: "other-owner" };

export interface ConfigFiles {
  /** `.github/countersign.yml` on the PR's base branch. */
  base: BlobFile | null;
  /** The org `.github` repository's `.github/countersign.yml`, used when `base` is null. */
  org: BlobFile | null;
  /** `.github/countersign.yml` at the PR head, when the PR changes it. */
  head: BlobFile | null;
  /** Files reached through `_extends` (at any hop), by `extendsKey` of their target. */
  extended: Record<string, ExtendedFile>;
  /**
   * Whether the org `.github` repository could be read: "absent" when GitHub
   * answered that it does not exist or is not in this installation (SPEC §2).
   */
  orgStatus?: "read" | "absent";
}

export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

/**
 * Look-ups beyond the snapshot query, resolved before evaluation so that
 * `evaluate` stays pure. Keys are lower-cased (`loginKey`).
 */
export interface Directory {
  /** `org/team-slug` → member logins; null when the team could not be read (unknown or not visible). */
  teams: Record<string, string[] | null>;
  /** login → repository permission (collaborator permission API). */
  permissions: Record<string, Permission>;
  /** email → login from GitHub's user search (public emails only); null when nobody has it. */
  emails: Record<string, string | null>;
}

export interface Snapshot {
  repository: {
    owner: string;
    name: string;
    /** Repository custom properties (from the webhook payload or REST); null when unknown. */
    customProperties: Record<string, string | string[] | null> | null;
  };
  pullRequest: {
    number: number;
    url: string;
    title: string;
    body: string;
    author: Actor | null;
    baseRef: string;
    baseOid: string;
    headRef: string;
    headOid: string;
    isDraft: boolean;
    state: "OPEN" | "CLOSED" | "MERGED";
    labels: string[];
    assignees: string[];
  };
  commits: CommitInfo[];
  files: ChangedFile[];
  reviews: Review[];
  comments: IssueComment[];
  timeline: TimelineEvent[];
  checkRuns: CheckRunInfo[];
  /**
   * What Countersign recorded on this head (its own run's state), with what
   * the current delivery adds; see `head-state.ts`.
   */
  headState: HeadState;
  /** The state on the head a synchronize came from (its pushers carry forward); null when not read. */
  previousHeadState: HeadState | null;
  /** The open PRs of this repository that `Commit.associatedPullRequests` lists for the head. */
  headPulls: HeadPull[];
  config: ConfigFiles;
  /** The first CODEOWNERS found on the base branch (`.github/`, root, `docs/`), or null. */
  codeowners: BlobFile | null;
  /** Design-doc repository paths named in the body → whether they exist on the base branch or the PR head. */
  designDocFiles: Record<string, boolean>;
}

export function loginKey(login: string): string {
  return login.toLowerCase();
}

export function sameLogin(a: string | null | undefined, b: string | null | undefined): boolean {
  return a != null && b != null && a.toLowerCase() === b.toLowerCase();
}
