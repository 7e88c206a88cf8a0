/** `pull_request`: the PR itself changed (SPEC §7). */
import type { Context } from "probot";
import { DEFAULT_AI_LABEL } from "../model/config-schema.js";
import type { StateFacts } from "../model/head-state.js";
import { causedByApp } from "../runtime/deliveries.js";
import type { AppContext } from "./app-context.js";
import type { RepoPayload } from "./payload.js";
import { schedulePayloadPull, schedulePull } from "./schedule.js";

export const PULL_REQUEST_ACTIONS = [
  "pull_request.opened",
  "pull_request.reopened",
  "pull_request.synchronize",
  "pull_request.edited",
  "pull_request.ready_for_review",
  "pull_request.labeled",
  "pull_request.unlabeled",
] as const;

export const PULL_REQUEST_CLOSED = "pull_request.closed" as const;

export async function onPullRequest(ac: AppContext, context: Context<"pull_request">) {
  await schedulePayloadPull(ac, context, context.payload.pull_request, {
    facts: arrivalFacts(context),
    urgent: removedAiLabel(context),
  });
}

/**
 * A removed AI label is put back at once (SPEC §9). Which label that is, the
 * policy says, and it is read only in the evaluation: the handler knows the
 * default name. Other removals (a labeler syncing labels after each push)
 * keep the window, so a push and its label churn stay one evaluation; a
 * renamed AI label is put back when the window closes (≤ 3 s).
 */
function removedAiLabel(context: Context<"pull_request">): boolean {
  const payload = context.payload as { action: string; label?: { name?: string } };
  return (
    payload.action === "unlabeled" &&
    payload.label?.name === DEFAULT_AI_LABEL &&
    context.payload.sender?.type !== "Bot"
  );
}

/**
 * A PR closed: the other open PRs on its head are judged again without it
 * (SPEC §7), so its verdict never stands for them.
 */
export async function onPullRequestClosed(ac: AppContext, context: Context<"pull_request.closed">) {
  if (await causedByApp(ac, context.payload as RepoPayload)) return;
  const pr = context.payload.pull_request;
  await schedulePull(ac, context as unknown as Context, {
    number: pr.number,
    bodyHint: pr.body ?? "",
    headShaHint: pr.head.sha,
  });
}

/**
 * `opened`, `reopened` and `synchronize` bring the PR to its head, and a
 * change of base changes what the head means: record when (SPEC §8: a
 * fast-forward push leaves no timeline item, and an override given for one
 * base does not carry to another) and, for `opened` and `synchronize`, who
 * pushed and which head the push came from (SPEC §5).
 */
function arrivalFacts(context: Context<"pull_request">): StateFacts[] {
  const { action, pull_request: pr, sender } = context.payload;
  const payload = context.payload as { before?: string; changes?: { base?: unknown } };
  const retargeted = action === "edited" && payload.changes?.base !== undefined;
  if (action !== "opened" && action !== "reopened" && action !== "synchronize" && !retargeted) {
    return [];
  }
  const pushed = action === "opened" || action === "synchronize";
  const pusher = pushed && sender?.type !== "Bot" ? sender?.login : undefined;
  const before = action === "synchronize" ? payload.before : undefined;
  return [
    {
      number: pr.number,
      headSha: pr.head.sha,
      arrivedAt: pr.updated_at,
      ...(pusher ? { pusher } : {}),
      ...(before ? { before } : {}),
    },
  ];
}
