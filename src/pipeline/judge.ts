/**
 * Judging one pull request without writing anything: snapshot → config →
 * look-ups → `evaluate`. Used by the app (which then reports), by the merge
 * queue (which reports on the group instead) and by `countersign explain`.
 */
import type { GitHubClient } from "../github/client.js";
import { resolveDirectory } from "../github/directory.js";
import { fetchExtended } from "../github/extends.js";
import { fetchSnapshot, type SnapshotTarget } from "../github/snapshot.js";
import type { TeamStore } from "../github/team-cache.js";
import { type LoadContext, type LoadedConfig, loadConfig } from "../policy/config-load.js";
import type { Decision } from "../policy/decision.js";
import { type HeadState, mergeState, type StateFacts } from "../policy/head-state.js";
import { overrideLookups } from "../policy/override-rights.js";
import { withComment } from "../policy/overrides.js";
import type { IssueComment, Snapshot } from "../policy/snapshot.js";
import { loginKey } from "../policy/snapshot.js";
import { evaluateDecision, lookupsFor } from "./evaluate-pool.js";

export interface JudgeDeps {
  gh: GitHubClient;
  installationId: number;
  teams: TeamStore;
}

export interface Judgement {
  snapshot: Snapshot;
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
  const snapshot = { ...fetched, headState: headStateFor(fetched, input) };
  const ctx = loadContext(snapshot);
  await fetchExtended(deps.gh, snapshot, ctx);
  const loaded = loadConfig(snapshot.config, ctx);
  const needs = await lookupsFor(snapshot, loaded);
  const rights = overrideLookups(snapshot, loaded.config);
  snapshot.directory = await resolveDirectory(
    {
      gh: deps.gh,
      owner: target.owner,
      repo: target.repo,
      installationId: deps.installationId,
      teams: deps.teams,
      codeownersOid: snapshot.codeowners?.oid,
    },
    {
      teams: [...needs.teams, ...rights.teams],
      emails: needs.emails,
      permissions: rights.permissions,
    },
  );
  return { snapshot, loaded, decision: await evaluateDecision(snapshot, loaded) };
}

/**
 * The judgement's snapshot with its directory also covering the override
 * rights of `comment`'s sender: the snapshot looked up only the senders of
 * comments it holds as they are now, but a webhook's comment may be missing
 * from it or may have been an override before its edit or deletion. Costs a
 * look-up only for someone not looked up already.
 */
export async function withRightsOf(
  deps: JudgeDeps,
  judgement: Judgement,
  comment: IssueComment,
): Promise<Snapshot> {
  const { snapshot } = judgement;
  const have = snapshot.directory;
  const needs = overrideLookups(
    withComment(snapshot, { ...comment, lastEditedAt: null }),
    judgement.loaded.config,
  );
  const permissions = needs.permissions.filter((l) => have.permissions[loginKey(l)] === undefined);
  const teams = needs.teams.filter((t) => have.teams[t] === undefined);
  if (permissions.length === 0 && teams.length === 0) return snapshot;
  const more = await resolveDirectory(
    {
      gh: deps.gh,
      owner: snapshot.repository.owner,
      repo: snapshot.repository.name,
      installationId: deps.installationId,
      teams: deps.teams,
    },
    { teams, permissions, emails: [] },
  );
  return {
    ...snapshot,
    directory: {
      teams: { ...have.teams, ...more.teams },
      permissions: { ...have.permissions, ...more.permissions },
      emails: have.emails,
    },
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
