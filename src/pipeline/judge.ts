/**
 * Judging one pull request without writing anything: snapshot → config →
 * look-ups (one planner, into a `Directory` beside the snapshot) → `evaluate`. Used by the app (which then reports), by the merge
 * queue (which reports on the group instead) and by `countersign explain`.
 */
import type { GitHubClient } from "../github/client.js";
import { resolveDirectory } from "../github/directory.js";
import { fetchExtended } from "../github/extends.js";
import { fetchSnapshot, type SnapshotTarget } from "../github/snapshot.js";
import type { TeamStore } from "../github/team-cache.js";
import type { Decision } from "../model/decision.js";
import { type HeadState, mergeState, type StateFacts } from "../model/head-state.js";
import type { Directory, IssueComment, Snapshot } from "../model/snapshot.js";
import { loginKey } from "../model/snapshot.js";
import type { LoadContext, LoadedConfig } from "../policy/config-load.js";
import { overrideLookups } from "../policy/override-rights.js";
import { withComment } from "../policy/override-withdrawal.js";
import { evaluateDecision, extendsFor, loadedConfigFor, lookupsFor } from "./evaluate-pool.js";

export interface JudgeDeps {
  gh: GitHubClient;
  installationId: number;
  teams: TeamStore;
}

export interface Judgement {
  snapshot: Snapshot;
  /** The look-ups `evaluate` read: team members, email owners, permissions. */
  directory: Directory;
  loaded: LoadedConfig;
  decision: Decision;
}

/** What the head's state gets before evaluating: this delivery's facts, or the state the joint verdict settled on. */
export interface StateInput {
  facts?: StateFacts[];
  state?: HeadState;
}

export async function judgePull(
  deps: JudgeDeps,
  target: SnapshotTarget,
  input: StateInput = {},
): Promise<Judgement> {
  const fetched = await fetchSnapshot(deps.gh, target);
  const ctx = loadContext(fetched);
  const extended = await fetchExtended(deps.gh, fetched, ctx, extendsFor);
  const snapshot: Snapshot = {
    ...fetched,
    headState: headStateFor(fetched, input),
    config: { ...fetched.config, extended },
  };
  // Reading large policy files, the planning (CODEOWNERS against every file)
  // and the evaluation run off the event loop.
  const loaded = await loadedConfigFor(snapshot.config, ctx);
  const directory = await resolveDirectory(
    directoryContext(deps, snapshot),
    await lookupsFor(snapshot, loaded),
  );
  const decision = await evaluateDecision(snapshot, directory, loaded);
  return { snapshot, directory, loaded, decision };
}

function directoryContext(deps: JudgeDeps, snapshot: Snapshot) {
  return {
    gh: deps.gh,
    owner: snapshot.repository.owner,
    repo: snapshot.repository.name,
    installationId: deps.installationId,
    teams: deps.teams,
    codeownersOid: snapshot.codeowners?.oid,
  };
}

/**
 * The judgement's directory also covering the override rights of
 * `comment`'s sender: the snapshot looked up only the senders of comments it
 * holds as they are now, but a webhook's comment may be missing from it or
 * may have been an override before its edit or deletion. Costs a look-up
 * only for someone not looked up already.
 */
export async function withRightsOf(
  deps: JudgeDeps,
  judgement: Judgement,
  comment: IssueComment,
): Promise<Directory> {
  const { snapshot } = judgement;
  const have = judgement.directory;
  const needs = overrideLookups(
    withComment(snapshot, { ...comment, lastEditedAt: null }),
    judgement.loaded.config,
  );
  const permissions = needs.permissions.filter((l) => have.permissions[loginKey(l)] === undefined);
  const teams = needs.teams.filter((t) => have.teams[t] === undefined);
  if (permissions.length === 0 && teams.length === 0) return have;
  const more = await resolveDirectory(directoryContext(deps, snapshot), {
    teams,
    permissions,
    emails: [],
  });
  return {
    teams: { ...have.teams, ...more.teams },
    permissions: { ...have.permissions, ...more.permissions },
    emails: have.emails,
  };
}

/**
 * An arrival at another head (the PR moved on since the delivery) is not
 * this head's; a pusher is a contributor whichever head they pushed.
 */
function headStateFor(snapshot: Snapshot, input: StateInput): HeadState {
  if (input.state) return input.state;
  return mergeState(
    snapshot.headState,
    snapshot.previousHeadState,
    factsFor(snapshot.pullRequest.headOid, input.facts ?? []),
  );
}

export function factsFor(head: string, facts: StateFacts[]): StateFacts[] {
  return facts.map((f) => {
    if (!f.headSha || f.headSha === head) return f;
    const { arrivedAt: _, ...rest } = f;
    return rest;
  });
}

function loadContext(snapshot: Snapshot): LoadContext {
  return {
    owner: snapshot.repository.owner,
    repo: snapshot.repository.name,
    baseRef: snapshot.pullRequest.baseRef,
    changedPaths: snapshot.files.flatMap((f) =>
      f.previousPath ? [f.path, f.previousPath] : [f.path],
    ),
  };
}
