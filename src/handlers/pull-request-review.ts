/** `pull_request_review`: an approval, a change request or a dismissal can flip the verdict (SPEC §5). */
import type { Context } from "probot";
import type { AppContext } from "./app-context.js";
import { schedulePayloadPull } from "./schedule.js";

export const REVIEW_ACTIONS = [
  "pull_request_review.submitted",
  "pull_request_review.edited",
  "pull_request_review.dismissed",
] as const;

export async function onReview(ac: AppContext, context: Context<"pull_request_review">) {
  await schedulePayloadPull(ac, context, context.payload.pull_request);
}
