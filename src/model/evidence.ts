/** One piece of evidence that a pull request was written with an AI tool (SPEC §3). */
export type Signal =
  | "pr-author"
  | "commit-author"
  | "commit-committer"
  | "co-author"
  | "tool-trailer"
  | "disclosure-trailer"
  | "aider-name"
  | "marker"
  | "branch"
  | "label";

export type Confidence = "high" | "medium" | "weak";

export interface Evidence {
  /** The catalog tool's name, or "configured" for `ai.*` config entries. */
  tool: string;
  signal: Signal;
  /** The text that matched, e.g. `Co-authored-by: Claude <noreply@anthropic.com>`. */
  matched: string;
  /** Full SHA of the commit it came from; absent for PR-level evidence (author, branch, body, label). */
  commit?: string;
  /** Where in the PR: "PR author", "PR body", "commit message". */
  where: string;
  confidence: Confidence;
  /** The catalog entry's source link. */
  source?: string;
}
