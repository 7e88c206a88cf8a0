/**
 * Who holds override rights (SPEC §2 `overrides.allowed`, §8). The same
 * rights let someone clear the AI label for good (§3), so the PR-author
 * exclusion lives with the override command, not here.
 */

import type { Config } from "../model/config-schema.js";
import { latestLabelEvent } from "../model/label-events.js";
import type { Directory, Snapshot } from "../model/snapshot.js";
import { loginKey, sameLogin } from "../model/snapshot.js";
import { isBotActor, isBotLogin } from "./bots.js";
import { parseCommands } from "./commands.js";
import { revokeRecords } from "./revokes.js";

export function canOverride(login: string, directory: Directory, config: Config): boolean {
  if (isBotLogin(login)) return false;
  const allowed = config.overrides.allowed;
  if (allowed.length === 0) return directory.permissions[loginKey(login)] === "admin";
  return allowed.some((principal) => principalIncludes(principal, login, directory));
}

/** `@user` matches that login; `@org/team` matches its members as looked up (an unreadable team matches nobody). */
function principalIncludes(principal: string, login: string, directory: Directory): boolean {
  const name = principal.replace(/^@/, "");
  if (!name.includes("/")) return sameLogin(name, login);
  const members = directory.teams[name.toLowerCase()] ?? [];
  return members.some((member) => sameLogin(member, login));
}

/** Who may override, in words, for the check summary and replies. */
export function describeAllowed(config: Config): string {
  const allowed = config.overrides.allowed;
  return allowed.length === 0 ? "repository admins" : allowed.join(", ");
}

/**
 * What `src/github/` must look up before `evaluate`, so `canOverride` can
 * answer without I/O. Nothing is asked when no one's rights matter, so an
 * ordinary evaluation costs no extra call.
 */
export function overrideLookups(
  snapshot: Snapshot,
  config: Config,
): { permissions: string[]; teams: string[] } {
  const candidates = rightsCandidates(snapshot, config);
  if (candidates.length === 0) return { permissions: [], teams: [] };
  const allowed = config.overrides.allowed;
  if (allowed.length === 0) return { permissions: candidates, teams: [] };
  const teams = allowed
    .map((principal) => principal.replace(/^@/, ""))
    .filter((name) => name.includes("/"))
    .map((name) => name.toLowerCase());
  return { permissions: [], teams: unique(teams) };
}

/**
 * People whose rights the evaluation will ask about: senders of override
 * commands that could count (not bots, not the PR author, not edited), and
 * whoever removed the AI label when that removal is the latest label event.
 * A revoke needs no rights (it only withdraws the sender's own override).
 */
function rightsCandidates(snapshot: Snapshot, config: Config): string[] {
  const senders = snapshot.comments
    .filter((comment) => comment.author && !isBotActor(comment.author))
    .filter((comment) => comment.lastEditedAt === null)
    .filter((comment) => !sameLogin(comment.author?.login, snapshot.pullRequest.author?.login))
    .filter((comment) => parseCommands(comment.body).some((c) => c.name === "override"))
    .map((comment) => comment.author!.login);
  const remover = latestLabelRemover(snapshot, config.ai.label);
  return unique([...senders, ...revokersOfOthers(snapshot), ...(remover ? [remover] : [])]);
}

/** Senders of `/countersign revoke @user` naming someone else: that needs override rights. */
function revokersOfOthers(snapshot: Snapshot): string[] {
  const recorded = snapshot.headState.pulls[String(snapshot.pullRequest.number)]?.revokes ?? [];
  return [...revokeRecords(snapshot.comments), ...recorded]
    .filter((r) => r.of !== null && !sameLogin(r.of, r.by))
    .map((r) => r.by);
}

/** The actor of the latest `unlabeled` event of `label`, when no later `labeled` event undid it. */
export function latestLabelRemover(snapshot: Snapshot, label: string): string | null {
  const latest = latestLabelEvent(snapshot.timeline, label);
  if (latest?.kind !== "unlabeled" || !latest.actor || isBotActor(latest.actor)) return null;
  return latest.actor.login;
}

/** Case-insensitive de-duplication, keeping the first spelling. */
function unique(logins: string[]): string[] {
  const seen = new Set<string>();
  return logins.filter((login) => {
    const key = loginKey(login);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
