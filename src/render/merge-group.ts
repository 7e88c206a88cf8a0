/**
 * The `countersign` check on a merge group's head: `success` only when every
 * PR in the group passes, judged afresh (SPEC §7). Names each PR that fails
 * and what it lacks.
 */
import type { Conclusion, Decision } from "../model/decision.js";
import { escapeMarkdownInline } from "./escape.js";
import { CHECK_TEXT_MAX_BYTES, fitBytes, fitTitle } from "./limits.js";
import { renderTitle } from "./title.js";

export type GroupMember =
  | { number: number; decision: Decision }
  | { number: number; error: string };

export function renderMergeGroup(members: GroupMember[]): {
  conclusion: Conclusion;
  title: string;
  summary: string;
} {
  const failing = members.filter((m) => !passes(m));
  const conclusion: Conclusion = members.length > 0 && failing.length === 0 ? "success" : "failure";
  const title =
    members.length === 0
      ? "Could not evaluate: no pull request found in this merge group"
      : failing.length === 0
        ? `All ${members.length} pull request${members.length === 1 ? "" : "s"} in the group pass`
        : failing.map((m) => `#${m.number}: ${lineFor(m)}`).join("; ");
  const rows = members.map(
    (m) => `| #${m.number} | ${passes(m) ? "✅" : "❌"} | ${escapeMarkdownInline(lineFor(m))} |`,
  );
  const summary = [
    conclusion === "success"
      ? "✅ Every pull request in this merge group meets the review policy, judged afresh for the group."
      : "❌ The merge group cannot merge: a pull request in it does not meet the review policy.",
    "",
    "| Pull request | Passes | Verdict |",
    "| --- | --- | --- |",
    ...rows,
  ].join("\n");
  return { conclusion, title: fitTitle(title), summary: fitBytes(summary, CHECK_TEXT_MAX_BYTES) };
}

function passes(m: GroupMember): boolean {
  return "decision" in m && m.decision.conclusion !== "failure";
}

function lineFor(m: GroupMember): string {
  return "decision" in m ? renderTitle(m.decision) : `Could not evaluate: ${m.error}`;
}
