/** `pull_request`: the PR itself changed (SPEC §7). The payload carries the body, so the snapshot is one query. */
import type { Context } from "probot";
import { type AppContext, causedByApp, type RepoPayload, schedulePull } from "./app-context.js";

export const PULL_REQUEST_ACTIONS = [
  "pull_request.opened",
  "pull_request.reopened",
  "pull_request.synchronize",
  "pull_request.edited",
  "pull_request.ready_for_review",
  "pull_request.labeled",
  "pull_request.unlabeled",
] as const;

export async function onPullRequest(
  ac: AppContext,
  context: Context<"pull_request">,
): Promise<void> {
  if (await causedByApp(ac, context.payload as RepoPayload)) return;
  const pr = context.payload.pull_request;
  if (pr.state !== "open") return;
  await schedulePull(ac, context, {
    number: pr.number,
    bodyHint: pr.body ?? "",
    headShaHint: pr.head.sha,
  });
}
