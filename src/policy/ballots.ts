/**
 * Each reviewer's ballot (SPEC §5): their latest APPROVED, CHANGES_REQUESTED
 * or DISMISSED review, as GitHub counts reviews (a COMMENTED one changes nothing).
 */
import { loginKey, type Review } from "../model/snapshot.js";

/** A user's latest review that decides something: APPROVED, CHANGES_REQUESTED or DISMISSED. */
export interface Ballot {
  login: string;
  key: string;
  review: Review;
}

export const DECISIVE = new Set(["APPROVED", "CHANGES_REQUESTED", "DISMISSED"]);

/**
 * As on GitHub, a COMMENTED (or PENDING) review changes nothing; a later
 * changes-requested or dismissal cancels an approval. Ordered by when that
 * latest review was submitted.
 */
export function latestBallots(reviews: readonly Review[]): Ballot[] {
  const latest = new Map<string, Ballot>();
  const ordered = reviews
    .map((review, index) => ({ review, index }))
    .filter(({ review }) => review.author && DECISIVE.has(review.state))
    .sort((a, b) => byTime(a.review, b.review) || a.index - b.index);
  for (const { review } of ordered) {
    const login = review.author!.login;
    const key = loginKey(login);
    latest.delete(key);
    latest.set(key, { login, key, review });
  }
  return [...latest.values()];
}

export function byTime(a: Review, b: Review): number {
  if (!a.submittedAt || !b.submittedAt) return 0;
  return a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : 0;
}
