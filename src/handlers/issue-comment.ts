/**
 * `issue_comment` on pull requests: commands (SPEC §8). Every action
 * re-evaluates (overrides are read from the comments themselves); only
 * `created` is acknowledged, so re-evaluations never reply twice.
 */
import type { Context } from "probot";
import type { GitHubClient } from "../github/client.js";
import { react, reply } from "../github/comments.js";
import type { StateFacts } from "../model/head-state.js";
import type { ActorType, IssueComment } from "../model/snapshot.js";
import { type JudgeDeps, type Judgement, withRightsOf } from "../pipeline/judge.js";
import { parseCommands } from "../policy/commands.js";
import { withdrawnOverride } from "../policy/override-withdrawal.js";
import { revokeRecords } from "../policy/revokes.js";
import {
  hasWithdrawnReply,
  judgeNewComment,
  overrideWithdrawnReply,
} from "../render/command-replies.js";
import { causedByApp } from "../runtime/deliveries.js";
import type { AppContext } from "./app-context.js";
import { installationId, type RepoPayload } from "./payload.js";
import { schedulePull } from "./schedule.js";

export const COMMENT_ACTIONS = [
  "issue_comment.created",
  "issue_comment.edited",
  "issue_comment.deleted",
] as const;

type CommentContext = Context<"issue_comment">;

export async function onIssueComment(ac: AppContext, context: CommentContext): Promise<void> {
  const { issue, action } = context.payload;
  if (!issue.pull_request || issue.state !== "open") return;
  if (await causedByApp(ac, context.payload as RepoPayload)) return;
  const judgement = await schedulePull(
    ac,
    context,
    { number: issue.number, bodyHint: issue.body ?? "" },
    revokeFacts(context),
    // A command is acknowledged at once (SPEC §9): its evaluation does not wait
    // for the window. A bot's comment is never a command (SPEC §8).
    {
      urgent:
        action === "created" &&
        context.payload.comment.user?.type !== "Bot" &&
        parseCommands(context.payload.comment.body).length > 0,
    },
  );
  if (!judgement) return;
  const gh = context.octokit as GitHubClient;
  const target = {
    owner: context.payload.repository.owner.login,
    repo: context.payload.repository.name,
    number: issue.number,
  };
  const deps: JudgeDeps = {
    gh,
    installationId: installationId(context.payload as RepoPayload),
    teams: ac.teams,
  };
  if (action === "created") await acknowledge(deps, target, commentOf(context, null), judgement);
  else await tellWithdrawn(ac, deps, target, context, judgement);
}

/**
 * A revoke stands once seen (SPEC §8): in the created comment, in an edited
 * comment's previous body, or in a deleted comment — recorded in the head's
 * state so that editing or deleting it later brings nothing back.
 */
function revokeFacts(context: CommentContext): StateFacts[] {
  const payload = context.payload as { changes?: { body?: { from?: string } } };
  const bodies = [context.payload.comment.body, payload.changes?.body?.from ?? ""];
  const revokes = bodies.flatMap((body) => revokeRecords([commentOf(context, body)]));
  return revokes.length > 0 ? [{ number: context.payload.issue.number, revokes }] : [];
}

function commentOf(context: CommentContext, body: string | null): IssueComment {
  const c = context.payload.comment;
  return {
    databaseId: c.id,
    url: c.html_url,
    author: c.user ? { login: c.user.login, type: c.user.type as ActorType } : null,
    body: body ?? c.body,
    createdAt: c.created_at,
    lastEditedAt: null,
  };
}

/**
 * The comment as the snapshot shows it when it holds it (edited since the
 * event was sent, it is no command: the check says so, and so must the
 * reply), else as the payload does.
 */
async function acknowledge(
  deps: JudgeDeps,
  target: { owner: string; repo: string; number: number },
  fromPayload: IssueComment,
  judgement: Judgement,
): Promise<void> {
  const comment =
    judgement.snapshot.comments.find((c) => c.databaseId === fromPayload.databaseId) ?? fromPayload;
  const directory = await withRightsOf(deps, judgement, comment);
  const verdict = judgeNewComment(comment, judgement.snapshot, directory, judgement.loaded.config);
  if (verdict.reaction) await react(deps.gh, target, comment.databaseId);
  if (verdict.reply) await reply(deps.gh, target, verdict.reply);
}

/** An accepted override whose comment was edited or deleted: say so once. */
async function tellWithdrawn(
  ac: AppContext,
  deps: JudgeDeps,
  target: { owner: string; repo: string; number: number },
  context: CommentContext,
  judgement: Judgement,
): Promise<void> {
  const payload = context.payload as { action: string; changes?: { body?: { from?: string } } };
  const before = commentOf(context, payload.changes?.body?.from ?? null);
  // Its sender's rights were not looked up when the snapshot no longer shows it as a command.
  const directory = await withRightsOf(deps, judgement, before);
  const { snapshot } = judgement;
  const use = withdrawnOverride(before, snapshot, directory, judgement.loaded.config);
  const appLogin = await ac.botLogin();
  if (!use || hasWithdrawnReply(snapshot.comments, before.databaseId, appLogin)) return;
  const how = payload.action === "deleted" ? "deleted" : "edited";
  await reply(deps.gh, target, overrideWithdrawnReply(use, before.databaseId, how));
}
