/**
 * "N approvals from …" (SPEC §4, §5): group a rule's covered files by whose
 * approval they need, then count, per group, the reviewers whose latest
 * decisive review is a qualifying approval. Who did not count is reported
 * with a reason a developer can act on.
 */

import { matcherFor } from "../codeowners/matcher.js";
import type { Config } from "../model/config-schema.js";
import type { ApprovalGroup, ApprovalsResult, Rejection } from "../model/decision.js";
import { type Directory, loginKey, type Snapshot } from "../model/snapshot.js";
import { type Ballot, latestBallots } from "./ballots.js";
import { isBotLogin } from "./bots.js";
import type { RuleScope } from "./rules.js";

export interface ApprovalInputs {
  snapshot: Snapshot;
  /** Team members and email owners, looked up before evaluation. */
  directory: Directory;
  config: Config;
  scope: RuleScope;
  /** login key → why they may not approve (see contributors.ts). */
  contributors: Map<string, string>;
}

/** A group before counting: who may approve it (`"anyone"`: anyone with write access). */
interface PlannedGroup {
  owners: string[];
  patterns: string[];
  files: string[];
  eligible: Set<string> | "anyone";
  unsatisfiable?: string;
}

/** A group is met when it can be, has its approvals, and nobody it draws on requests changes. */
export function groupMet(g: ApprovalGroup): boolean {
  return !g.unsatisfiable && g.approvedBy.length >= g.needed && g.changesRequestedBy.length === 0;
}

export function evaluateApprovals(inputs: ApprovalInputs): ApprovalsResult {
  const { require } = inputs.scope.rule;
  const base = { kind: "approvals" as const, needed: require.approvals, from: require.from };
  if (require.approvals === 0) return { ...base, met: true, groups: [], rejected: [], notes: [] };
  const notes = new Set<string>();
  const planned = planGroups(inputs, notes);
  const ballots = latestBallots(inputs.snapshot.reviews);
  const groups = planned.map((g) => tally(g, ballots, inputs));
  const met = groups.every(groupMet);
  const rejected = rejections(planned, groups, ballots, inputs);
  return { ...base, met, groups, rejected, notes: [...notes] };
}

function planGroups(inputs: ApprovalInputs, notes: Set<string>): PlannedGroup[] {
  const { from } = inputs.scope.rule.require;
  const files = inputs.scope.files;
  if (from === "any") return [anyoneGroup(files)];
  if (Array.isArray(from)) return [principalGroup(from, files, inputs, notes)];
  return withReachability(codeOwnerGroups(inputs, notes), inputs);
}

function anyoneGroup(files: string[], patterns: string[] = []): PlannedGroup {
  return { owners: [], patterns, files, eligible: "anyone" };
}

function principalGroup(
  owners: string[],
  files: string[],
  inputs: ApprovalInputs,
  notes: Set<string>,
): PlannedGroup {
  const eligible = resolveOwners(owners, inputs.directory, notes);
  return withReachability([{ owners, patterns: [], files, eligible }], inputs)[0]!;
}

/**
 * GitHub's CODEOWNERS semantics (last matching line wins, a line without
 * owners unowns) decide each covered file's owner set; files sharing a set
 * form one group. Without a CODEOWNERS on the base branch, GitHub requires no
 * code-owner review, so anyone with write access counts (SPEC §4).
 */
function codeOwnerGroups(inputs: ApprovalInputs, notes: Set<string>): PlannedGroup[] {
  const { snapshot, scope } = inputs;
  if (!snapshot.codeowners) {
    notes.add(
      `no CODEOWNERS on ${snapshot.pullRequest.baseRef}: approvals from anyone with write access count`,
    );
    return [anyoneGroup(scope.files)];
  }
  if (scope.files.length === 0) return [anyoneGroup([])];
  const { matcher } = matcherFor(snapshot.codeowners);
  const groups = new Map<string, PlannedGroup>();
  for (const file of scope.files) {
    const line = matcher.match(file);
    const key = groupKey(line?.owners ?? [], scope.criticalFiles.has(file));
    let group = groups.get(key);
    if (!group) {
      group = newOwnerGroup(line?.owners ?? [], scope.criticalFiles.has(file), inputs, notes);
      groups.set(key, group);
    }
    group.files.push(file);
    if (line && !group.patterns.includes(line.pattern)) group.patterns.push(line.pattern);
  }
  return [...groups.values()];
}

function groupKey(owners: string[], critical: boolean): string {
  if (owners.length === 0) return critical ? "\0unowned-critical" : "\0unowned";
  const sorted = owners.map((o) => o.toLowerCase()).sort();
  return sorted.join(" ");
}

function newOwnerGroup(
  owners: string[],
  critical: boolean,
  inputs: ApprovalInputs,
  notes: Set<string>,
): PlannedGroup {
  if (owners.length > 0) {
    return {
      owners,
      patterns: [],
      files: [],
      eligible: resolveOwners(owners, inputs.directory, notes),
    };
  }
  if (!critical) return anyoneGroup([]);
  return {
    ...anyoneGroup([]),
    eligible: new Set(),
    unsatisfiable: "no code owner: someone must own a critical service",
  };
}

/**
 * Owners as logins. Teams come from the directory (resolved before
 * evaluation); an email owner is an account only when GitHub's user search
 * finds it (public emails only) — otherwise only the line's other owners can
 * approve, as on GitHub.
 */
export function resolveOwners(
  owners: string[],
  directory: Directory,
  notes: Set<string>,
): Set<string> {
  const logins = new Set<string>();
  for (const owner of owners) {
    for (const login of resolveOwner(owner, directory, notes)) logins.add(loginKey(login));
  }
  return logins;
}

function resolveOwner(owner: string, directory: Directory, notes: Set<string>): string[] {
  const { teams, emails } = directory;
  if (owner.startsWith("@") && owner.includes("/")) {
    const members = teams[owner.slice(1).toLowerCase()];
    if (!members) notes.add(`team ${owner} could not be read: its members cannot approve`);
    return members ?? [];
  }
  if (owner.startsWith("@")) return [owner.slice(1)];
  const login = emails[owner.toLowerCase()];
  if (!login) {
    notes.add(
      `code owner ${owner} matches no GitHub account (GitHub's user search finds public emails only): only the other owners on its line can approve`,
    );
  }
  return login ? [login] : [];
}

/** A group whose possible approvers number fewer than needed can never be met: say so up front. */
function withReachability(groups: PlannedGroup[], inputs: ApprovalInputs): PlannedGroup[] {
  const needed = inputs.scope.rule.require.approvals;
  return groups.map((group) => {
    if (group.unsatisfiable || group.eligible === "anyone") return group;
    const possible = [...group.eligible].filter(
      (k) => !inputs.contributors.has(k) && !isBotLogin(k),
    );
    if (possible.length >= needed) return group;
    const who = possible.length === 0 ? "none" : `only ${possible.length}`;
    return {
      ...group,
      unsatisfiable: `${who} of the owners can approve (contributors and bots cannot); ${needed} needed`,
    };
  });
}

function tally(group: PlannedGroup, ballots: Ballot[], inputs: ApprovalInputs): ApprovalGroup {
  const inGroup = ballots.filter((b) => isEligible(group, b.key));
  const blocks = inputs.config.approvals.block_on_changes_requested;
  const result: ApprovalGroup = {
    owners: group.owners,
    patterns: group.patterns,
    files: group.files,
    needed: inputs.scope.rule.require.approvals,
    approvedBy: inGroup.filter((b) => countsAnywhere(b, inputs)).map((b) => b.login),
    // GitHub ignores reviews from people without write access, requests for changes included.
    changesRequestedBy: blocks
      ? inGroup
          .filter((b) => requestsChanges(b, inputs) && b.review.authorCanPush)
          .map((b) => b.login)
      : [],
  };
  if (group.unsatisfiable) result.unsatisfiable = group.unsatisfiable;
  return result;
}

/**
 * A standing request for changes — or one dismissed by the PR author or a
 * contributor, who cannot lift a block on their own work (SPEC §5; the
 * dismisser is the `ReviewDismissedEvent` actor in the timeline).
 */
function requestsChanges(ballot: Ballot, inputs: ApprovalInputs): boolean {
  const { review } = ballot;
  if (review.state === "CHANGES_REQUESTED") return true;
  if (review.state !== "DISMISSED") return false;
  return inputs.snapshot.timeline.some(
    (e) =>
      e.kind === "review-dismissed" &&
      e.reviewId === review.id &&
      e.previousState === "CHANGES_REQUESTED" &&
      e.actor !== null &&
      inputs.contributors.has(loginKey(e.actor.login)),
  );
}

function isEligible(group: PlannedGroup, key: string): boolean {
  return group.eligible === "anyone" || group.eligible.has(key);
}

/** An approval that would count for any group it is eligible in. */
function countsAnywhere(ballot: Ballot, inputs: ApprovalInputs): boolean {
  return ballot.review.state === "APPROVED" && disqualified(ballot, inputs) === null;
}

/** Why an approval cannot count whatever the group, or null. */
function disqualified(ballot: Ballot, inputs: ApprovalInputs): string | null {
  return personalReason(ballot, inputs) ?? stale(ballot, inputs);
}

/** Who the reviewer is rules them out: a contributor, a bot, or someone without write access. */
function personalReason(ballot: Ballot, inputs: ApprovalInputs): string | null {
  const contributor = inputs.contributors.get(ballot.key);
  if (contributor) return contributor;
  if (isBotLogin(ballot.key, ballot.review.author?.type)) return "a bot";
  // GitHub ignores approvals from people without write access (`authorCanPushToRepository`).
  if (!ballot.review.authorCanPush) return "no write access";
  return null;
}

/** With `dismiss_on_push`, an approval is for the commit it was given on (GitHub's "dismiss stale approvals"). */
function stale(ballot: Ballot, inputs: ApprovalInputs): string | null {
  const head = inputs.snapshot.pullRequest.headOid;
  const commit = ballot.review.commitOid;
  if (!inputs.config.approvals.dismiss_on_push || commit === head) return null;
  return commit ? `approved an older commit (${commit.slice(0, 7)})` : "approved an older commit";
}

/** Approvers (and dismissed reviewers) who counted nowhere, with the first reason that applies. */
function rejections(
  planned: PlannedGroup[],
  groups: ApprovalGroup[],
  ballots: Ballot[],
  inputs: ApprovalInputs,
): Rejection[] {
  const counted = new Set(groups.flatMap((g) => g.approvedBy.map(loginKey)));
  return ballots.flatMap((ballot) => {
    if (counted.has(ballot.key)) return [];
    if (ballot.review.state === "DISMISSED")
      return [{ login: ballot.login, reason: "review dismissed" }];
    if (ballot.review.state !== "APPROVED") return [];
    return [{ login: ballot.login, reason: rejectionReason(ballot, planned, inputs) }];
  });
}

/** The most fundamental reason first: re-approving helps only an owner who is not a contributor. */
function rejectionReason(ballot: Ballot, planned: PlannedGroup[], inputs: ApprovalInputs): string {
  const personal = personalReason(ballot, inputs);
  if (personal) return personal;
  if (!planned.some((g) => isEligible(g, ballot.key))) return notAnOwner(planned, inputs);
  return stale(ballot, inputs) ?? "did not count";
}

function notAnOwner(planned: PlannedGroup[], inputs: ApprovalInputs): string {
  const { from } = inputs.scope.rule.require;
  if (Array.isArray(from)) return `not one of ${from.join(", ")}`;
  const file = planned.find((g) => g.files.length > 0)?.files[0];
  return file ? `not a code owner of ${file}` : "not a code owner";
}
