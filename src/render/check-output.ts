/**
 * Decision → the check run's `output` and conclusion (SPEC §7): the title,
 * and the summary and text each fitted to GitHub's 65,535-byte limit. An
 * empty `text` means there is nothing beyond the summary (omit it).
 */
import type { Conclusion, Decision } from "../model/decision.js";
import { explainCommand, type RenderContext } from "./context.js";
import { CHECK_TEXT_MAX_BYTES, fitBytes, fitTitle } from "./limits.js";
import { renderSummary } from "./summary.js";
import { renderTitle } from "./title.js";

export type { RenderContext } from "./context.js";

export interface CheckOutput {
  title: string;
  summary: string;
  text: string;
  conclusion: Conclusion;
}

export function renderCheck(d: Decision, ctx: RenderContext): CheckOutput {
  const { summary, text } = renderSummary(d, ctx);
  const seeAlso = explainCommand(ctx);
  return {
    title: fitTitle(renderTitle(d)),
    summary: fitBytes(summary, CHECK_TEXT_MAX_BYTES, seeAlso),
    text: text ? fitBytes(text, CHECK_TEXT_MAX_BYTES, seeAlso) : "",
    conclusion: d.conclusion,
  };
}
