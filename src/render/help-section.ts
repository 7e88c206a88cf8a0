/** Overrides given or refused, warnings, and what to do next: how to get unblocked, how to override. */
import type { Decision, EvaluatedDecision } from "../model/decision.js";
import type { RenderContext } from "./context.js";
import { code, commitLink, esc, firstFew, link, listJoin, plural, when, who } from "./markdown.js";
import type { Missing, MissingApprovals, MissingDesignDoc, Unmeetable } from "./missing.js";

function commentLink(url: string): string {
  return link("comment", url);
}

export function overridesSection(d: EvaluatedDecision): string[] {
  const { active, ignored, needed, effective } = d.overrides;
  if (active.length === 0 && ignored.length === 0) return [];
  const out = ["", "### Overrides", ""];
  for (const o of active) {
    const reason = o.reason.trim() ? esc(o.reason, 500) : "_no reason given_";
    out.push(`- ✅ ${who(o.login)} on ${when(o.at)} (${commentLink(o.url)}): ${reason}`);
  }
  if (active.length > 0 && !effective && needed > active.length) {
    out.push(
      `- ⏳ ${active.length} of ${plural(needed, "override")} given: ${plural(needed - active.length, "more person", "more people")} must override.`,
    );
  }
  for (const x of ignored) {
    out.push(`- ⛔ ${who(x.login)} (${commentLink(x.url)}) did not count: ${esc(x.reason, 300)}`);
  }
  if (effective) out.push("", "An override withdraws with `/countersign revoke`.");
  return out;
}

export function warningsSection(d: Decision): string[] {
  if (d.warnings.length === 0) return [];
  const shown = firstFew(
    d.warnings.map((w) => esc(w, 500)),
    30,
    "warnings",
  );
  return ["", "### ⚠️ Warnings", "", ...shown.map((w) => `- ${w}`)];
}

function ownersWords(a: { owners: string[] }): string {
  return listJoin(a.owners.map(who), "or");
}

function approvalStep(a: MissingApprovals): string {
  const n = plural(a.count, "more approval");
  const scope =
    a.patterns.length > 0
      ? firstFew(
          a.patterns.map((p) => code(p, 80)),
          3,
        ).join(", ")
      : "";
  if (a.owners.length === 0) {
    const files = firstFew(
      a.files.map((f) => code(f, 80)),
      3,
      "files",
    ).join(", ");
    return `Get ${n} from anyone with write access (for ${files}).`;
  }
  return `Ask ${ownersWords(a)} for ${n}${scope ? ` (they own ${scope})` : ""}.`;
}

function unmeetableStep(u: Unmeetable): string {
  if (u.owners.length > 0) {
    const owners = ownersWords(u);
    return `Not enough of ${owners} can approve (${esc(u.reason, 300)}): add code owners for these files in CODEOWNERS, or ask for an override.`;
  }
  const files = firstFew(
    u.files.map((f) => code(f, 120)),
    3,
    "files",
  ).join(", ");
  return `Give ${files} a code owner: add a CODEOWNERS line on the base branch (files of a critical service must have an owner).`;
}

function acceptedWords(ctx: RenderContext): string {
  const dd = ctx.designDoc;
  if (!dd)
    return "a repository path matching `design_doc.paths`, or a URL matching `design_doc.urls`";
  const paths = dd.paths.map((p) => code(p, 80));
  const urls = dd.urls.map((u) => code(u, 120));
  const parts = [
    paths.length
      ? `a file matching ${listJoin(paths, "or")} (on the base branch or in this PR)`
      : "",
    urls.length ? `a URL matching ${listJoin(urls, "or")}` : "",
  ].filter(Boolean);
  return parts.length > 0
    ? listJoin(parts, "or")
    : "nothing yet: `design_doc` accepts no paths or URLs";
}

function designDocStep(m: MissingDesignDoc, ctx: RenderContext): string[] {
  const add =
    "Link a design doc: add a line `Design-Doc: <link>` to the PR description (or a Markdown link under a `Design doc` heading). " +
    `Accepted: ${acceptedWords(ctx)}.`;
  const fix = m.problems.map((p) => `Fix or replace ${code(p.link, 200)}: ${esc(p.reason, 300)}.`);
  return [add, ...fix];
}

function unblockSteps(m: Missing, ctx: RenderContext): string[] {
  return [
    ...firstFew(m.unmeetable.map(unmeetableStep), 10, "groups without an eligible approver"),
    ...m.approvals.slice(0, 20).map(approvalStep),
    ...(m.approvals.length > 20
      ? [`… and ${m.approvals.length - 20} more owner groups (see Approvals).`]
      : []),
    ...(m.changesRequestedBy.length > 0
      ? [
          `Ask ${listJoin(m.changesRequestedBy.map(who))} to review again: a standing "changes requested" review blocks this check.`,
        ]
      : []),
    ...(m.designDoc ? designDocStep(m.designDoc, ctx) : []),
    ...m.otherRules.map((r) => `Meet rule ${code(r, 60)} (see the table above).`),
  ];
}

export function unblockSection(m: Missing, ctx: RenderContext, mode: Decision["mode"]): string[] {
  const steps = unblockSteps(m, ctx).map((s, i) => `${i + 1}. ${s}`);
  return [
    "",
    mode === "report" ? "### How to meet the rules" : "### How to get unblocked",
    "",
    ...steps,
    "",
    "Countersign re-evaluates on every review, push and description edit; comment `/countersign recheck` to run it again now.",
  ];
}

function allowedWords(d: EvaluatedDecision): string {
  const a = d.overrides.allowedDescription.trim();
  if (!a) return "Repository admins";
  const safe = /^[A-Za-z0-9@/._\-[\], ]+$/.test(a) ? a : esc(a, 300);
  return safe[0]!.toUpperCase() + safe.slice(1);
}

export function overrideHowTo(d: EvaluatedDecision, ctx: RenderContext): string[] {
  const { needed } = d.overrides;
  const two =
    needed > 1 ? ` ${plural(needed, "different person", "different people")} must each do so.` : "";
  return [
    "",
    "### How to override",
    "",
    `${allowedWords(d)} (never the PR author) can comment, on a line of its own:`,
    "",
    "```",
    "/countersign override <reason>",
    "```",
    "",
    `The override applies only to the current head commit ${commitLink(ctx, d.headSha)}: after a new push it must be given again.${two} \`/countersign revoke\` withdraws it.`,
  ];
}
