/**
 * The check run's title: one line of what is missing (SPEC §7).
 *
 * GitHub shows roughly the first line of a title, so it aims for ~120
 * characters: first with the owners' paths, then without, then keeping the
 * first approval groups and counting the rest ("and 3 more owner groups").
 * The title is plain text (GitHub does not render Markdown in it), so user
 * text is only flattened to one line, not escaped; it never exceeds 255.
 */
import type { Decision, EvaluatedDecision } from "../model/decision.js";
import { fitTitle } from "./limits.js";
import {
  collectMissing,
  isNothingMissing,
  type Missing,
  type MissingApprovals,
} from "./missing.js";

export const TITLE_SOFT_MAX = 120;

function approvalsWord(n: number): string {
  return `${n} more approval${n === 1 ? "" : "s"}`;
}

function atLogin(login: string): string {
  return login.startsWith("@") || login.includes("@") ? login : "@" + login;
}

/** "a, b and c" / "a, b or c". */
function join(items: string[], word = "and"): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${word} ${items[items.length - 1]}`;
}

function firstAndCount(items: string[], max: number, noun: string): string {
  if (items.length <= max) return join(items);
  return `${items.slice(0, max).join(", ")} and ${items.length - max} more ${noun}`;
}

function approvalPhrase(a: MissingApprovals, detail: boolean): string {
  const from = a.owners.length > 0 ? ` from ${join(a.owners.map(atLogin), "or")}` : "";
  const paths = detail && a.patterns.length > 0 ? ` (${a.patterns.join(", ")})` : "";
  return approvalsWord(a.count) + from + paths;
}

function needsSegment(m: Missing, detail: boolean, keep: number): string | null {
  const approvals = m.approvals.slice(0, keep).map((a) => approvalPhrase(a, detail));
  const dropped = m.approvals.length - approvals.length;
  if (dropped > 0) {
    const rest = `${dropped} more owner group${dropped === 1 ? "" : "s"}`;
    const items = [...(m.designDoc ? ["a design doc"] : []), ...approvals, rest];
    return `Needs ${join(items)}`;
  }
  const items = [...approvals, ...(m.designDoc ? ["a design doc"] : [])];
  return items.length > 0 ? `Needs ${join(items)}` : null;
}

function unmeetableSegments(m: Missing): string[] {
  const ownerless = m.unmeetable.filter((u) => u.owners.length === 0);
  const files = [...new Set(ownerless.flatMap((u) => u.files))];
  const out: string[] = [];
  if (files.length > 0) {
    const more =
      files.length > 1 ? ` and ${files.length - 1} more file${files.length > 2 ? "s" : ""}` : "";
    out.push(`No code owner for ${files[0]}${more} (critical)`);
  }
  const owned = m.unmeetable.filter((u) => u.owners.length > 0);
  const teams = [...new Set(owned.flatMap((u) => u.owners.map(atLogin)))];
  if (teams.length > 0)
    out.push(`Not enough eligible approvers in ${firstAndCount(teams, 3, "owners")}`);
  return out;
}

function missingTitle(m: Missing, detail: boolean, keep: number): string {
  const segments = [
    ...unmeetableSegments(m),
    needsSegment(m, detail, keep),
    m.changesRequestedBy.length > 0
      ? `Changes requested by ${firstAndCount(m.changesRequestedBy.map(atLogin), 3, "reviewers")}`
      : null,
    m.otherRules.length > 0 ? `Rule ${firstAndCount(m.otherRules, 2, "rules")} not met` : null,
  ].filter((s): s is string => s !== null);
  return segments.map((s, i) => (i === 0 ? s : s[0]!.toLowerCase() + s.slice(1))).join("; ");
}

/** The shortest-enough rendering: with paths, without, then fewer approval groups. */
function shortMissingTitle(m: Missing, prefix: string): string {
  const all = m.approvals.length;
  const tries: [boolean, number][] = [[true, all]];
  for (let keep = all; keep >= Math.min(1, all); keep--) tries.push([false, keep]);
  let title = "";
  for (const [detail, keep] of tries) {
    title = prefix + missingTitle(m, detail, keep);
    if (title.length <= TITLE_SOFT_MAX) return title;
  }
  return title;
}

function overriddenTitle(d: EvaluatedDecision): string {
  const active = d.overrides.active;
  const names = join(active.map((o) => atLogin(o.login)));
  const reason = active.map((o) => o.reason.trim()).find((r) => r !== "");
  const title = `Overridden by ${names}${reason ? `: ${reason}` : ""}`;
  return fitTitle(title, TITLE_SOFT_MAX);
}

function metTitle(d: EvaluatedDecision): string {
  const applying = d.rules.some((r) => r.applies);
  const base = applying ? "all review rules met" : "no rules apply";
  if (d.ai.assisted) return `AI-assisted; ${base}`;
  return base[0]!.toUpperCase() + base.slice(1);
}

function evaluatedTitle(d: EvaluatedDecision): string {
  const prefix = d.mode === "report" ? "Report mode: " : "";
  if (d.overrides.effective && d.overrides.active.length > 0) return prefix + overriddenTitle(d);
  const m = collectMissing(d);
  if (isNothingMissing(m)) return prefix + metTitle(d);
  return shortMissingTitle(m, prefix);
}

export function renderTitle(d: Decision): string {
  if (d.status === "invalid-config") return "Invalid configuration";
  if (d.status === "error") return "Could not evaluate";
  return fitTitle(evaluatedTitle(d));
}
