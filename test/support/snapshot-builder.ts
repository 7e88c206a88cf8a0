/**
 * Plain-data snapshots for policy tests: `buildSnapshot()` is a valid, empty
 * pull request (acme/api#7 by dave, main ← feature); the helpers build its
 * commits, files, reviews and blobs in a line each.
 */

import { type Config, configSchema } from "../../src/model/config-schema.js";
import type { Decision, EvaluatedDecision } from "../../src/model/decision.js";
import type {
  Actor,
  BlobFile,
  ChangedFile,
  ChangeType,
  CommitInfo,
  Directory,
  GitIdentity,
  IssueComment,
  Review,
  ReviewState,
  Snapshot,
  TimelineEvent,
} from "../../src/model/snapshot.js";
import type { LoadedConfig } from "../../src/policy/config-load.js";

export const HEAD = "f00dfeed00000000000000000000000000000001";
export const OLD_HEAD = "01dc0de000000000000000000000000000000002";
export const BASE = "ba5e000000000000000000000000000000000003";

export type SnapshotOverrides = Partial<Omit<Snapshot, "pullRequest" | "repository">> & {
  pullRequest?: Partial<Snapshot["pullRequest"]>;
  repository?: Partial<Snapshot["repository"]>;
  directory?: Partial<Directory>;
};

/**
 * A snapshot with the look-ups its test assumes. `evaluate` takes the
 * directory beside the snapshot; tests keep them together for brevity.
 */
export type TestSnapshot = Snapshot & { directory: Directory };

/** The directory a test snapshot carries (an empty one for a plain snapshot). */
export function directoryOf(s: Snapshot): Directory {
  return (s as Partial<TestSnapshot>).directory ?? { teams: {}, permissions: {}, emails: {} };
}

export function buildSnapshot(overrides: SnapshotOverrides = {}): TestSnapshot {
  const { pullRequest, repository, directory, ...rest } = overrides;
  return {
    repository: { owner: "acme", name: "api", customProperties: null, ...repository },
    pullRequest: {
      number: 7,
      url: "https://github.com/acme/api/pull/7",
      title: "A change",
      body: "",
      author: user("dave"),
      baseRef: "main",
      baseOid: BASE,
      headRef: "feature",
      headOid: HEAD,
      isDraft: false,
      state: "OPEN",
      labels: [],
      assignees: [],
      ...pullRequest,
    },
    commits: [],
    files: [],
    reviews: [],
    comments: [],
    timeline: [],
    checkRuns: [],
    headState: { pulls: {}, pushers: [] },
    previousHeadState: null,
    headPulls: [],
    config: { base: null, org: null, head: null, extended: {} },
    codeowners: null,
    designDocFiles: {},
    directory: { teams: {}, permissions: {}, emails: {}, ...directory },
    ...rest,
  };
}

export function user(login: string): Actor {
  return { login, type: "User" };
}

export function bot(login: string): Actor {
  return { login, type: "Bot" };
}

/** A git identity for `login`, with a made-up address; `null` login for an unlinked email. */
export function identity(login: string | null, email?: string, name?: string): GitIdentity {
  return {
    name: name ?? login ?? "Someone",
    email: email ?? `${login ?? "someone"}@example.com`,
    login,
  };
}

let commitCounter = 0;

/** A 40-character SHA whose first 7 characters are `prefix` (padded), unique per call. */
export function sha(prefix?: string): string {
  commitCounter += 1;
  const start = (prefix ?? commitCounter.toString(16)).padEnd(7, "0");
  return (start + commitCounter.toString(16).padStart(33, "0")).slice(0, 40);
}

export interface CommitSpec {
  oid?: string;
  author?: string | GitIdentity;
  committer?: string | GitIdentity;
  /** Co-authors as GraphQL `authors` lists them after the author (and, without `message`, as its trailers). */
  coAuthors?: (string | GitIdentity)[];
  message?: string;
  parents?: string[];
  committedViaWeb?: boolean;
}

function asIdentity(who: string | GitIdentity): GitIdentity {
  return typeof who === "string" ? identity(who) : who;
}

/** GitHub reads co-authors from the message: by default it carries their trailers. */
function defaultMessage(coAuthors: GitIdentity[]): string {
  const trailers = coAuthors.map((c) => `Co-authored-by: ${c.name} <${c.email}>`);
  return trailers.length > 0 ? `Change things\n\n${trailers.join("\n")}` : "Change things";
}

export function commit(spec: CommitSpec = {}): CommitInfo {
  const author = asIdentity(spec.author ?? "dave");
  const coAuthors = (spec.coAuthors ?? []).map(asIdentity);
  return {
    oid: spec.oid ?? sha(),
    message: spec.message ?? defaultMessage(coAuthors),
    author,
    committer: asIdentity(spec.committer ?? author),
    authors: [author, ...coAuthors],
    parents: spec.parents ?? [BASE],
    committedViaWeb: spec.committedViaWeb ?? false,
  };
}

export function file(
  path: string,
  changeType: ChangeType = "MODIFIED",
  previousPath?: string,
): ChangedFile {
  return previousPath ? { path, changeType, previousPath } : { path, changeType };
}

export function files(...paths: string[]): ChangedFile[] {
  return paths.map((p) => file(p));
}

export function rename(from: string, to: string): ChangedFile {
  return file(to, "RENAMED", from);
}

let reviewCounter = 0;

export interface ReviewSpec {
  commitOid?: string | null;
  canPush?: boolean;
  /** ISO time; defaults to a minute later each call, so call order is submission order. */
  at?: string;
  type?: Actor["type"];
}

export function review(
  login: string,
  state: ReviewState = "APPROVED",
  spec: ReviewSpec = {},
): Review {
  reviewCounter += 1;
  const at = spec.at ?? new Date(Date.UTC(2025, 0, 1, 0, reviewCounter)).toISOString();
  return {
    id: `R_${reviewCounter}`,
    author: { login, type: spec.type ?? "User" },
    state,
    commitOid: spec.commitOid === undefined ? HEAD : spec.commitOid,
    submittedAt: state === "PENDING" ? null : at,
    authorCanPush: spec.canPush ?? true,
    url: `https://github.com/acme/api/pull/7#pullrequestreview-${reviewCounter}`,
  };
}

export function approvals(...logins: string[]): Review[] {
  return logins.map((login) => review(login));
}

export function blob(path: string, text: string, oid?: string): BlobFile {
  return { source: `acme/api:${path}@main`, path, oid: oid ?? `blob-${hash(text)}`, text };
}

/** CODEOWNERS on the base branch, at `.github/CODEOWNERS`. */
export function codeowners(text: string): BlobFile {
  return blob(".github/CODEOWNERS", text);
}

/** A content-derived oid, so the oid-keyed matcher cache never mixes two texts. */
function hash(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return `${(h >>> 0).toString(16)}-${text.length}`;
}

export function comment(
  login: string,
  body: string,
  createdAt = "2025-01-02T00:00:00Z",
): IssueComment {
  return {
    databaseId: 1000 + body.length,
    url: "https://github.com/acme/api/pull/7#issuecomment-1",
    author: user(login),
    body,
    createdAt,
    lastEditedAt: null,
  };
}

export function assigned(
  actor: string,
  assignee: string,
  createdAt = "2025-01-01T00:00:00Z",
): TimelineEvent {
  return { kind: "assigned", assignee, actor: user(actor), createdAt };
}

/** A parsed configuration from a plain object, as `.github/countersign.yml` would give. */
export function config(input: unknown = {}): Config {
  return configSchema.parse(input);
}

export function loaded(
  input: unknown = {},
  source = "acme/api:.github/countersign.yml@main",
): LoadedConfig {
  return { config: config(input), source, errors: [] };
}

/** A decision a test expects to be fully evaluated (fails the test otherwise). */
export function evaluated(d: Decision): EvaluatedDecision {
  if (d.status !== "evaluated") throw new Error(`expected an evaluated decision, got ${d.status}`);
  return d;
}
