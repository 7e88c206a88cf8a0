/**
 * A Decision for an evaluation that could not finish (SPEC: fail closed,
 * explain always). It concludes `failure` whatever the mode: an unknown
 * verdict must not pass a required check. Nothing was judged, so it carries
 * no rules, AI verdict or overrides.
 */
import type { ErrorDecision } from "../model/decision.js";

export function errorDecision(headSha: string, message: string, requestId?: string): ErrorDecision {
  return {
    status: "error",
    conclusion: "failure",
    mode: "enforce",
    headSha,
    configSource: "unknown",
    warnings: [],
    error: { message, ...(requestId ? { requestId } : {}) },
  };
}
