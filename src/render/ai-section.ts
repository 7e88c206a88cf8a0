/** "AI authorship": whether the PR counts as AI-assisted, who cleared it, and the evidence. */

import type { Decision } from "../model/decision.js";
import type { Evidence, Signal } from "../model/evidence.js";
import type { RenderContext, Section } from "./context.js";
import { cellCode, code, commitLink, esc, link, plural, table, when, who } from "./markdown.js";

/** Evidence rows in the summary; the full list goes to `text`. */
export const SUMMARY_EVIDENCE_MAX = 20;

const SIGNAL_WORDS: Record<Signal, string> = {
  "pr-author": "PR author is an AI agent",
  "commit-author": "commit author",
  "commit-committer": "committer",
  "co-author": "co-author",
  "tool-trailer": "tool trailer",
  "disclosure-trailer": "disclosure trailer",
  "aider-name": "Aider author name",
  marker: "marker",
  branch: "agent's branch name",
  label: "label on the PR",
};

/** What of the PR itself a piece of PR-level evidence came from. */
const PR_PARTS: Partial<Record<Signal, string>> = {
  "pr-author": "author",
  branch: "branch",
  marker: "body",
  label: "label",
};

/** A commit's short SHA, or "PR" for evidence from the PR itself (SPEC §3), naming which part. */
function whereCell(e: Evidence, ctx: RenderContext): string {
  if (e.commit) return commitLink(ctx, e.commit);
  const part = PR_PARTS[e.signal];
  return part ? `PR (${part})` : "PR";
}

function toolCell(e: Evidence): string {
  const name = esc(e.tool, 60);
  return e.source ? link(name, e.source) : name;
}

function evidenceTable(evidence: Evidence[], ctx: RenderContext): string[] {
  const rows = evidence.map((e) => [
    toolCell(e),
    esc(SIGNAL_WORDS[e.signal] ?? e.signal, 60),
    cellCode(e.matched, 160),
    whereCell(e, ctx),
  ]);
  return table(["Tool", "Signal", "Matched", "Where"], rows);
}

/** The decisions that carry an AI verdict (an evaluation that could not finish has none). */
type WithAi = Exclude<Decision, { status: "error" }>;

function verdictLine(d: WithAi): string {
  const { ai } = d;
  const label = code(ai.label, 60);
  if (ai.clearedBy) {
    const by = `${who(ai.clearedBy.login)} removed the ${label} label on ${when(ai.clearedBy.at)}`;
    return `**Not treated as AI-assisted**: ${by}. That stands until someone adds the label again.`;
  }
  if (!ai.assisted) return "**Not AI-assisted**: no AI tool signature in the commits or the PR.";
  // The label is written before the check, so "added" is already true when this is read.
  const state = ai.labelPresent ? "is on the PR" : "was added by Countersign";
  return `🤖 **AI-assisted**: the ${label} label ${state}.`;
}

/** The section, with at most 20 evidence rows; all of them go to the details when there are more. */
export function aiSection(d: WithAi, ctx: RenderContext): Section {
  const { evidence } = d.ai;
  const summary = ["", "### AI authorship", "", verdictLine(d)];
  if (evidence.length === 0) return { summary, details: [] };
  summary.push("", `Evidence (${evidence.length.toLocaleString("en-US")}):`, "");
  summary.push(...evidenceTable(evidence.slice(0, SUMMARY_EVIDENCE_MAX), ctx));
  if (evidence.length <= SUMMARY_EVIDENCE_MAX) return { summary, details: [] };
  const more = evidence.length - SUMMARY_EVIDENCE_MAX;
  summary.push("", `… and ${plural(more, "more piece")} of evidence (all listed in the details).`);
  const details = ["", "### All AI evidence", "", ...evidenceTable(evidence, ctx)];
  return { summary, details };
}
