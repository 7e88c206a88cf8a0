/**
 * GitHub's caps, named so that hitting one fails the check loudly instead of
 * judging a truncated pull request (SPEC §9: "no silent truncation").
 */

/** GitHub lists at most 3,000 files of a pull request (REST and GraphQL alike). */
export const MAX_PR_FILES = 3000;
/** A connection page holds at most 100 nodes. */
export const PAGE_SIZE = 100;
/** More commits than this is beyond any PR GitHub renders; we refuse rather than page forever. */
export const MAX_PR_COMMITS = 10_000;
/** GraphQL `Commit.authors(first: 10)`: more co-authors than this on one commit is refused. */
export const MAX_COMMIT_AUTHORS = 10;
/** The snapshot query has three design-doc slots; more links take a second query. */
export const DESIGN_DOC_SLOTS = 3;
/** GitHub ignores a CODEOWNERS file of 3 MB or more (one definition, with the parser). */
export { CODEOWNERS_MAX_BYTES as MAX_CODEOWNERS_BYTES } from "../codeowners/parse.js";

/** A limit of GitHub's that makes the PR impossible to judge completely. */
export class LimitError extends Error {
  override name = "LimitError";
}
