/**
 * Who may not approve a pull request because they helped write it (SPEC §5):
 * its author, the author, committer or co-author of any commit in it, and —
 * for a PR an AI agent opened — the person the agent worked for. Bots among
 * the reviewers are listed too: GitHub counts no bot's approval.
 */
import { parseIdentity } from "../ai/detect.js";
import { parseTrailers, trailerValues } from "../ai/trailers.js";
import type { AiVerdict } from "../model/decision.js";
import {
  type CommitInfo,
  type Directory,
  type GitIdentity,
  loginKey,
  type Snapshot,
} from "../model/snapshot.js";
import { isBotLogin } from "./bots.js";

/** login key → why they may not approve ("author of the PR", "co-author of a3f9c21"). */
export type Contributors = Map<string, string>;

export const WORKED_FOR = "the person the agent worked for";

export function contributors(
  snapshot: Snapshot,
  directory: Directory,
  ai: Pick<AiVerdict, "assisted" | "evidence">,
): Contributors {
  const found: Contributors = new Map();
  const add = (login: string | null | undefined, reason: string) => {
    if (!login) return;
    const key = loginKey(login);
    // The first reason is kept: the PR author, then the earliest commit that made them one.
    if (!found.has(key)) found.set(key, reason);
  };
  const author = snapshot.pullRequest.author;
  add(author?.login, "author of the PR");
  const inPr = new Set(snapshot.commits.map((c) => c.oid));
  for (const commit of snapshot.commits) {
    if (isUpdateBranchMerge(commit, inPr)) continue;
    for (const [login, role] of commitPeople(commit, directory))
      add(login, `${role} of ${short(commit.oid)}`);
  }
  for (const login of pushers(snapshot)) add(login, "pushed to the PR");
  if (agentAuthored(snapshot, ai)) {
    for (const login of workedFor(snapshot)) add(login, WORKED_FOR);
  }
  for (const review of snapshot.reviews) {
    if (review.author && isBotLogin(review.author.login, review.author.type))
      add(review.author.login, "a bot");
  }
  return found;
}

/**
 * Who pushed commits to the PR: git identities are self-asserted, pushes
 * are not (SPEC §5). The senders of its opened/synchronize deliveries, kept
 * in the head's state and carried forward, and whoever force-pushed it.
 */
function pushers(snapshot: Snapshot): string[] {
  const forced = snapshot.timeline.flatMap((e) =>
    e.kind === "head-force-pushed" && e.actor ? [e.actor.login] : [],
  );
  return [...snapshot.headState.pushers, ...forced];
}

export function short(oid: string): string {
  return oid.slice(0, 7);
}

/**
 * GitHub's "Update branch" button: a web merge whose second parent is the
 * base branch, not a commit of the PR. Whoever clicked it wrote nothing.
 */
export function isUpdateBranchMerge(commit: CommitInfo, inPr: Set<string>): boolean {
  return commit.committedViaWeb && commit.parents.length === 2 && !inPr.has(commit.parents[1]!);
}

type Role = "author" | "committer" | "co-author";

/** The logins behind a commit, each with its role; unknown identities yield nothing. */
function commitPeople(commit: CommitInfo, directory: Directory): [string, Role][] {
  const people: [string, Role][] = [];
  const push = (id: GitIdentity | null, role: Role) => {
    const login = id && identityLogin(id, directory);
    if (login) people.push([login, role]);
  };
  push(commit.author, "author");
  if (!isGitHubItself(commit.committer)) push(commit.committer, "committer");
  // SPEC §3: a commit's co-authors are exactly the Co-authored-by trailers of its git-parsed
  // trailer block; GitHub's laxer reading (`Commit.authors`) only links their emails to accounts.
  for (const value of trailerValues(parseTrailers(commit.message), "co-authored-by")) {
    const id = parseIdentity(value);
    if (id) push({ ...id, login: linkedLogin(commit, id.email) }, "co-author");
  }
  return people;
}

/** The account GitHub linked to a co-author's email (`Commit.authors` after the author), if any. */
function linkedLogin(commit: CommitInfo, email: string): string | null {
  const key = email.trim().toLowerCase();
  const linked = commit.authors.slice(1).find((a) => a.email.trim().toLowerCase() === key);
  return linked?.login ?? null;
}

/**
 * GitHub commits web edits, merges and squashes as `web-flow` with
 * `noreply@github.com`: that committer is GitHub, not a person.
 */
function isGitHubItself(id: GitIdentity): boolean {
  return sameText(id.login, "web-flow") || sameText(id.email, "noreply@github.com");
}

function sameText(a: string | null, b: string): boolean {
  return a != null && a.toLowerCase() === b;
}

const NOREPLY = /^(?:\d+\+)?([^@+]+)@users\.noreply\.github\.com$/i;

/**
 * The account behind a git identity: GitHub's own link, then the noreply
 * address (`ID+LOGIN@users.noreply.github.com` names LOGIN), then the email
 * look-ups resolved before evaluation.
 */
export function identityLogin(id: GitIdentity, directory: Directory): string | null {
  if (id.login) return id.login;
  const email = id.email.trim().toLowerCase();
  if (!email) return null;
  const noreply = NOREPLY.exec(email)?.[1];
  if (noreply) return noreply;
  return directory.emails[email] ?? null;
}

/** An agent opened the PR: the PR author is a catalog or configured agent, or a bot the verdict calls AI. */
function agentAuthored(snapshot: Snapshot, ai: Pick<AiVerdict, "assisted" | "evidence">): boolean {
  if (ai.evidence.some((e) => e.signal === "pr-author")) return true;
  const author = snapshot.pullRequest.author;
  return ai.assisted && author !== null && isBotLogin(author.login, author.type);
}

/**
 * Coding agents (Copilot, Devin, Jules…) work for whoever assigned them the
 * task or is assigned the PR: those humans are contributors too.
 */
function workedFor(snapshot: Snapshot): string[] {
  const author = snapshot.pullRequest.author?.login;
  const logins = [...snapshot.pullRequest.assignees];
  for (const event of snapshot.timeline) {
    if (event.kind !== "assigned") continue;
    if (event.actor && !isBotLogin(event.actor.login, event.actor.type))
      logins.push(event.actor.login);
  }
  return logins.filter((l) => !isBotLogin(l) && loginKey(l) !== (author && loginKey(author)));
}
