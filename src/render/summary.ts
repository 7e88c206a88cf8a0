/**
 * The check run's `summary` and `text` (SPEC §7), as Markdown.
 *
 * `summary` is what a developer reads first: the verdict, the rules table
 * (who counted, who did not and why), the approval groups, the design doc,
 * the AI evidence, overrides, warnings, and what to do next. Long lists are
 * cut there (5 files a group, 20 pieces of evidence, 8 people a cell).
 *
 * `text` holds the full lists the summary shortened (all the evidence, every
 * review that did not count, then every file of every group: the longest
 * list goes last, so a cut to the byte limit loses the least). It is the
 * empty string when the summary already shows everything: callers may then
 * omit it. Both are fitted to GitHub's 65,535-byte limit by `renderCheck`.
 */
import type {
  ConfigError,
  Decision,
  ErrorDecision,
  EvaluatedDecision,
  InvalidConfigDecision,
} from "../model/decision.js";
import { aiSection } from "./ai-section.js";
import { explainCommand, type RenderContext } from "./context.js";
import {
  overrideHowTo,
  overridesSection,
  unblockSection,
  warningsSection,
} from "./help-section.js";
import { CHECK_TEXT_MAX_BYTES, fitBytes } from "./limits.js";
import { cellCode, code, commitLink, esc, link, table } from "./markdown.js";
import { collectMissing, isNothingMissing } from "./missing.js";
import { rulesSection } from "./rules-section.js";
import { renderTitle } from "./title.js";

export type { RenderContext } from "./context.js";

export interface RenderedSummary {
  summary: string;
  text: string;
}

function emoji(d: Decision): string {
  if (d.status !== "evaluated") return "⚠️";
  if (d.conclusion === "neutral" || d.mode === "report") return "⚪";
  return d.conclusion === "success" ? "✅" : "❌";
}

function verdict(d: Decision): string[] {
  return [`## ${emoji(d)} ${esc(renderTitle(d), 300)}`, ""];
}

function modeLine(d: EvaluatedDecision, missing: boolean): string {
  if (d.mode === "report") {
    return "**Report mode**: this check is neutral and never blocks merging; it shows what enforce mode would require.";
  }
  if (d.overrides.effective) return "**Overridden**: this check passes for this head commit only.";
  if (missing)
    return "**This check fails** until every rule below is met, or someone overrides it.";
  if (!d.rules.some((r) => r.applies))
    return "No rule in the configuration applies to this pull request.";
  return "Every rule that applies to this pull request is met.";
}

function footer(d: Decision, ctx: RenderContext): string[] {
  const app = ctx.appSlug
    ? link("Countersign", `https://github.com/apps/${ctx.appSlug}`)
    : "Countersign";
  const head = d.headSha ? ` · head ${commitLink(ctx, d.headSha)}` : "";
  const config = ` · configuration: ${d.configSource === "defaults" ? "the defaults" : code(d.configSource, 200)}`;
  return [
    "",
    "---",
    `<sub>${app}${head}${config} · see this locally: ${explainCommand(ctx)}</sub>`,
  ];
}

/**
 * `before`, `middle` and `after` joined, cutting only `middle` when the
 * whole would pass `max` bytes: the verdict and the way out stay visible
 * however many rules and groups there are.
 */
function fitMiddle(
  before: string[],
  middle: string[],
  after: string[],
  max: number,
  ctx: RenderContext,
): string {
  const whole = [...before, ...middle, ...after].join("\n");
  if (Buffer.byteLength(whole, "utf8") <= max) return whole;
  const fixed = Buffer.byteLength([...before, ...after].join("\n"), "utf8") + 2;
  const cut = fitBytes(middle.join("\n"), Math.max(0, max - fixed), explainCommand(ctx));
  return [...before, cut, ...after].join("\n");
}

function evaluatedSummary(d: EvaluatedDecision, ctx: RenderContext, max: number): RenderedSummary {
  const m = collectMissing(d);
  const missing = !isNothingMissing(m);
  const rules = rulesSection(d);
  const ai = aiSection(d, ctx);
  const blocked = missing && !d.overrides.effective;
  const after = [
    ...ai.summary,
    ...overridesSection(d),
    ...warningsSection(d),
    ...(blocked && d.mode === "enforce" ? overrideHowTo(d, ctx) : []),
    ...footer(d, ctx),
  ];
  const unblock = blocked ? unblockSection(m, ctx, d.mode) : [];
  const note = d.policyNote ? [`> **Policy:** ${esc(d.policyNote, 300)}`, ""] : [];
  const before = [...verdict(d), ...note, modeLine(d, missing), ...unblock, ""];
  const summary = fitMiddle(before, rules.summary, after, max, ctx);
  const details = [...ai.details, ...rules.details];
  const text = details.length > 0 ? ["## Details", ...details].join("\n") : "";
  return { summary, text };
}

function errorRows(errors: ConfigError[]): string[][] {
  return errors.map((e) => [
    // No key path: an error about the file as a whole (its message says which).
    e.path ? cellCode(e.path, 200) : "—",
    e.line !== undefined ? String(e.line) : "—",
    esc(e.message, 500),
  ]);
}

function configErrorBlocks(errors: ConfigError[]): string[] {
  const files = [...new Set(errors.map((e) => e.file))];
  return files.flatMap((file) => [
    "",
    `**${code(file, 200)}**`,
    "",
    ...table(["Key", "Line", "Problem"], errorRows(errors.filter((e) => e.file === file))),
  ]);
}

function invalidConfigSummary(d: InvalidConfigDecision, ctx: RenderContext): RenderedSummary {
  const summary = [
    ...verdict(d),
    "The review policy could not be read, so this check fails whatever the file's `mode` says (a file that does not parse cannot be trusted to ask for report mode).",
    ...configErrorBlocks(d.configErrors),
    "",
    "### How to fix",
    "",
    "1. In a clone, run `npx countersign validate .github/countersign.yml`: it prints each error with its key path and line.",
    "2. Fix each key above (unknown keys are rejected; check the spelling) and push.",
    "3. When this pull request changes the file, its new version must be valid too, so a broken policy cannot be merged.",
    ...footer(d, ctx),
  ];
  return { summary: summary.join("\n"), text: "" };
}

function errorSummary(d: ErrorDecision, ctx: RenderContext): RenderedSummary {
  const message = d.error?.message ? esc(d.error.message, 1000) : "_no message_";
  const requestId = d.error?.requestId
    ? [`GitHub request id: ${code(d.error.requestId, 100)}`, ""]
    : [];
  const summary = [
    ...verdict(d),
    "Countersign could not finish evaluating this pull request, so it cannot say whether the rules are met.",
    "",
    `> ${message}`,
    "",
    ...requestId,
    "**Try again:** comment `/countersign recheck` on the pull request, or press **Re-run** on this check.",
    ...footer(d, ctx),
  ];
  return { summary: summary.join("\n"), text: "" };
}

/**
 * The summary and the details. When the summary would pass `max` bytes, the
 * rules and groups in its middle are cut (with a note) rather than its end;
 * `renderCheck` still fits both fields as a last resort.
 */
export function renderSummary(
  d: Decision,
  ctx: RenderContext,
  max: number = CHECK_TEXT_MAX_BYTES,
): RenderedSummary {
  if (d.status === "invalid-config") return invalidConfigSummary(d, ctx);
  if (d.status === "error") return errorSummary(d, ctx);
  return evaluatedSummary(d, ctx, max);
}
