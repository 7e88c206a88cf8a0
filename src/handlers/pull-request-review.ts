/** `pull_request_review`: an approval, a change request or a dismissal can flip the verdict (SPEC §5). */
import type { Context } from "probot";
import { type AppContext, causedByApp, type RepoPayload, schedulePull } from "./app-context.js";

export const REVIEW_ACTIONS = [
  "pull_request_review.submitted",
  "pull_request_review.edited",
  "pull_request_review.dismissed",
] as const;

export async function onReview(
  ac: AppContext,
  context: Context<"pull_request_review">,
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
