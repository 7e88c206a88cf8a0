/**
 * The check run on a commit when several open PRs share it as their head
 * (SPEC §7 "One verdict per commit"): GitHub's required check reads the
 * commit, so the run is their joint verdict. With one PR nothing changes.
 */
import type { Conclusion, Decision } from "../model/decision.js";
import { type CheckOutput, type RenderContext, renderCheck } from "./check-output.js";
import { CHECK_TEXT_MAX_BYTES, fitBytes, fitTitle } from "./limits.js";
import { cellCode, esc, table } from "./markdown.js";

export interface HeadMember {
  number: number;
  baseRef: string;
  decision: Decision;
  ctx: RenderContext;
}

const RANK: Record<Conclusion, number> = { failure: 0, neutral: 1, success: 2 };

/** `failure` if any fails or could not be evaluated, else `neutral` if any is, else `success`. */
export function jointConclusion(decisions: Decision[]): Conclusion {
  return decisions.reduce<Conclusion>(
    (worst, d) => (RANK[d.conclusion] < RANK[worst] ? d.conclusion : worst),
    "success",
  );
}

export function renderHeadCheck(members: HeadMember[]): CheckOutput {
  const rendered = members.map((m) => ({ ...m, out: renderCheck(m.decision, m.ctx) }));
  if (rendered.length === 1) return rendered[0]!.out;
  const conclusion = jointConclusion(members.map((m) => m.decision));
  // Failing first, then neutral, then passing; lowest number first within each.
  const ordered = [...rendered].sort(
    (a, b) => RANK[a.out.conclusion] - RANK[b.out.conclusion] || a.number - b.number,
  );
  const lead = ordered[0]!;
  const summary = [
    `**${members.length} open pull requests have this commit as their head.** GitHub's required check reads the commit, so this check is their joint verdict: it passes only when every one of them does.`,
    "",
    ...table(
      ["Pull request", "Base", "Conclusion", "Why"],
      ordered.map((m) => [
        `#${m.number}`,
        cellCode(m.baseRef, 100),
        m.out.conclusion,
        esc(m.out.title, 200),
      ]),
    ),
    ...ordered.flatMap((m) => [
      "",
      `## #${m.number} → ${cellCode(m.baseRef, 100)}`,
      "",
      m.out.summary,
    ]),
  ].join("\n");
  const text = ordered
    .filter((m) => m.out.text)
    .map((m) => `## #${m.number}\n\n${m.out.text}`)
    .join("\n\n");
  const seeAlso = "`npx countersign explain OWNER/REPO#N` for each pull request";
  return {
    conclusion,
    title: fitTitle(`#${lead.number}: ${lead.out.title}`),
    summary: fitBytes(summary, CHECK_TEXT_MAX_BYTES, seeAlso),
    text: text ? fitBytes(text, CHECK_TEXT_MAX_BYTES, seeAlso) : "",
  };
}
