/**
 * The rules table (one row per requirement: what it asks, whether it is met,
 * who counted and who did not and why), then the approval groups and the
 * design doc in detail.
 */
import type {
  ApprovalGroup,
  ApprovalsResult,
  DesignDocResult,
  EvaluatedDecision,
  RequirementResult,
  RuleResult,
} from "../model/decision.js";
import { groupMet } from "../policy/approvals.js";

import type { Section } from "./context.js";
import { cellCode, code, esc, firstFew, plural, table, who } from "./markdown.js";

/** Files named per group in the summary; the full list goes to `text`. */
export const SUMMARY_FILES_PER_GROUP = 5;
/** Groups detailed per rule in the summary. */
export const SUMMARY_GROUPS_PER_RULE = 15;
/** Reviewers named per table cell. */
export const CELL_PEOPLE_MAX = 8;

const OK = "✅";
const NO = "❌";

export function fromWords(from: ApprovalsResult["from"]): string {
  if (from === "code_owners") return "code owners";
  if (from === "any") return "anyone with write access";
  return from.map(who).join(", ");
}

function requirementWords(r: RequirementResult): string {
  if (r.kind === "design_doc") return "a linked design doc";
  return `${plural(r.needed, "approval")} from ${fromWords(r.from)}`;
}

function approvalsStatus(r: ApprovalsResult): string {
  const mark = r.met ? OK : NO;
  const [only, ...rest] = r.groups;
  if (!only) return mark;
  if (rest.length === 0)
    return `${mark} ${Math.min(only.approvedBy.length, only.needed)} of ${only.needed}`;
  const met = r.groups.filter(groupMet).length;
  return `${mark} ${met} of ${r.groups.length} groups`;
}

function uniqueLogins(logins: string[]): string[] {
  const seen = new Set<string>();
  return logins.filter((l) => !seen.has(l.toLowerCase()) && seen.add(l.toLowerCase()));
}

function cellList(items: string[]): string {
  return items.length === 0 ? "—" : firstFew(items, CELL_PEOPLE_MAX, "(see below)").join("<br>");
}

function approvalsCells(r: ApprovalsResult): [string, string] {
  const counted = uniqueLogins(r.groups.flatMap((g) => g.approvedBy)).map(who);
  const changes = uniqueLogins(r.groups.flatMap((g) => g.changesRequestedBy)).map(
    (l) => `${who(l)}: requested changes`,
  );
  const rejected = r.rejected.map((x) => `${who(x.login)}: ${esc(x.reason, 160)}`);
  return [cellList(counted), cellList([...changes, ...rejected])];
}

function designDocCells(r: DesignDocResult): [string, string] {
  const counted = r.accepted ? cellCode(r.accepted, 120) : "—";
  const problems = r.problems.map((p) => `${cellCode(p.link, 100)}: ${esc(p.reason, 160)}`);
  if (!r.accepted && problems.length === 0 && r.missing) problems.push(esc(r.missing, 200));
  return [counted, cellList(problems)];
}

function requirementRow(r: RequirementResult): string[] {
  const status = r.kind === "approvals" ? approvalsStatus(r) : r.met ? OK : NO;
  const [counted, notCounted] = r.kind === "approvals" ? approvalsCells(r) : designDocCells(r);
  return [requirementWords(r), status, counted, notCounted];
}

function ruleRows(rule: RuleResult): string[][] {
  const name = cellCode(rule.name, 60);
  const because = rule.because.length > 0 ? esc(rule.because.join("; "), 300) : "—";
  if (rule.requirements.length === 0) return [[name, because, "—", rule.met ? OK : NO, "—", "—"]];
  return rule.requirements.map((r, i) => [
    i === 0 ? name : "",
    i === 0 ? because : "",
    ...requirementRow(r),
  ]);
}

function rulesTable(d: EvaluatedDecision): string[] {
  const applying = d.rules.filter((r) => r.applies);
  const idle = d.rules.filter((r) => !r.applies).map((r) => code(r.name, 60));
  const out: string[] = ["### Rules", ""];
  if (applying.length === 0) {
    out.push("No rule applies to this pull request.");
  } else {
    const header = ["Rule", "Applies because", "Requirement", "Status", "Counted", "Did not count"];
    out.push(...table(header, applying.flatMap(ruleRows)));
  }
  if (idle.length > 0)
    out.push("", `Not applicable here: ${firstFew(idle, 10, "rules").join(", ")}.`);
  return out;
}

function groupTitle(g: ApprovalGroup): string {
  if (g.owners.length === 0) return g.unsatisfiable ? "Unowned" : "Anyone with write access";
  return g.owners.map(who).join(", ");
}

function groupHeadline(g: ApprovalGroup): string {
  const mark = groupMet(g) ? OK : NO;
  const owns =
    g.patterns.length > 0 ? ` · owns ${g.patterns.map((p) => code(p, 80)).join(", ")}` : "";
  if (g.unsatisfiable) return `- ${mark} **${groupTitle(g)}**: ${esc(g.unsatisfiable, 300)}${owns}`;
  const missing = Math.max(0, g.needed - g.approvedBy.length);
  const count = `${Math.min(g.approvedBy.length, g.needed)} of ${plural(g.needed, "approval")}`;
  return `- ${mark} **${groupTitle(g)}**: ${count}${missing > 0 ? `, ${missing} missing` : ""}${owns}`;
}

function filesLine(files: string[], max: number): string {
  const shown = files.slice(0, max).map((f) => code(f, 160));
  const more =
    files.length > max ? ` and ${(files.length - max).toLocaleString("en-US")} more` : "";
  return `${plural(files.length, "file")}: ${shown.join(", ")}${more}`;
}

function groupLines(g: ApprovalGroup): string[] {
  if (groupMet(g)) return [`${groupHeadline(g)} · approved by ${g.approvedBy.map(who).join(", ")}`];
  const out = [groupHeadline(g)];
  if (g.approvedBy.length > 0) out.push(`  - Approved by ${g.approvedBy.map(who).join(", ")}`);
  if (g.changesRequestedBy.length > 0) {
    out.push(`  - Changes requested by ${g.changesRequestedBy.map(who).join(", ")}`);
  }
  if (g.files.length > 0) out.push(`  - ${filesLine(g.files, SUMMARY_FILES_PER_GROUP)}`);
  return out;
}

function ruleApprovals(rule: RuleResult, r: ApprovalsResult): Section {
  // "for each group" only where there are groups to tell apart.
  const each = r.groups.length > 1 ? " for each group of files" : "";
  const head = `**${code(rule.name, 60)}** needs ${requirementWords(r)}${each}:`;
  const shown = r.groups.slice(0, SUMMARY_GROUPS_PER_RULE);
  const summary = ["", head, "", ...shown.flatMap(groupLines)];
  const hidden = r.groups.length - shown.length;
  if (hidden > 0) summary.push(`- … and ${plural(hidden, "more group")} (listed in the details)`);
  const long = r.groups.some((g) => g.files.length > SUMMARY_FILES_PER_GROUP) || hidden > 0;
  const changes = r.groups.reduce((n, g) => n + g.changesRequestedBy.length, 0);
  const tooMany = r.rejected.length + changes > CELL_PEOPLE_MAX;
  return { summary, details: long || tooMany ? ruleApprovalDetails(rule, r) : [] };
}

/** Every review that did not count, then every group with every file (the longest list, so last). */
function ruleApprovalDetails(rule: RuleResult, r: ApprovalsResult): string[] {
  const out: string[] = [];
  if (r.rejected.length > 0) {
    out.push("", `### Reviews that did not count for ${code(rule.name, 60)}`, "");
    out.push(...r.rejected.map((x) => `- ${who(x.login)}: ${esc(x.reason, 300)}`));
  }
  out.push("", `### ${code(rule.name, 60)}: files by owner group`);
  for (const g of r.groups) {
    out.push("", groupHeadline(g), ...g.files.map((f) => `  - ${code(f, 300)}`));
  }
  return out;
}

function approvalsNotes(d: EvaluatedDecision): string[] {
  const notes = d.rules
    .filter((r) => r.applies)
    .flatMap((r) => r.requirements.flatMap((q) => (q.kind === "approvals" ? q.notes : [])));
  return [...new Set(notes)].map((n) => `> ${esc(n, 300)}`);
}

function approvalsSection(d: EvaluatedDecision): Section {
  const parts = d.rules
    .filter((rule) => rule.applies)
    .flatMap((rule) =>
      rule.requirements.flatMap((r) => (r.kind === "approvals" ? [ruleApprovals(rule, r)] : [])),
    );
  if (parts.length === 0) return { summary: [], details: [] };
  const notes = approvalsNotes(d);
  return {
    summary: [
      "",
      "### Approvals",
      ...(notes.length ? ["", ...notes] : []),
      ...parts.flatMap((p) => p.summary),
    ],
    details: parts.flatMap((p) => p.details),
  };
}

function designDocResults(d: EvaluatedDecision): DesignDocResult[] {
  return d.rules
    .filter((r) => r.applies)
    .flatMap((r) => r.requirements.filter((q): q is DesignDocResult => q.kind === "design_doc"));
}

/** Every bad link with why, when the table's cell had to shorten the list. */
function designDocSection(d: EvaluatedDecision): string[] {
  const [first] = designDocResults(d);
  if (!first || first.problems.length <= CELL_PEOPLE_MAX) return [];
  const out = ["", "### Design doc", ""];
  if (first.accepted) out.push(`${OK} Linked: ${code(first.accepted, 300)}`);
  else
    out.push(`${NO} No accepted design doc${first.missing ? ": " + esc(first.missing, 300) : "."}`);
  if (first.problems.length > 0) {
    out.push(
      "",
      first.accepted ? "Other links that were not accepted:" : "Links that were not accepted:",
    );
    out.push(...first.problems.map((p) => `- ${code(p.link, 200)}: ${esc(p.reason, 300)}`));
  }
  return out;
}

/** The rules table, the approval groups and the design doc. */
export function rulesSection(d: EvaluatedDecision): Section {
  const approvals = approvalsSection(d);
  return {
    summary: [...rulesTable(d), ...approvals.summary, ...designDocSection(d)],
    details: approvals.details,
  };
}
