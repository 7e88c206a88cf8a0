/** `pull_request`: the PR itself changed (SPEC §7). */
import type { Context } from "probot";
import { type AppContext, schedulePayloadPull } from "./app-context.js";

export const PULL_REQUEST_ACTIONS = [
  "pull_request.opened",
  "pull_request.reopened",
  "pull_request.synchronize",
  "pull_request.edited",
  "pull_request.ready_for_review",
  "pull_request.labeled",
  "pull_request.unlabeled",
] as const;

export async function onPullRequest(ac: AppContext, context: Context<"pull_request">) {
  await schedulePayloadPull(ac, context, context.payload.pull_request);
}
