/**
 * A Decision for an evaluation that could not finish (SPEC: fail closed,
 * explain always). It concludes `failure` whatever the mode: an unknown
 * verdict must not pass a required check.
 */
import type { Decision } from "../model/decision.js";

export function errorDecision(headSha: string, message: string, requestId?: string): Decision {
  return {
    status: "error",
    conclusion: "failure",
    mode: "enforce",
    headSha,
    configSource: "unknown",
    configErrors: [],
    rules: [],
    ai: {
      assisted: false,
      evidence: [],
      label: "ai-assisted",
      labelPresent: false,
      shouldLabel: false,
    },
    overrides: {
      active: [],
      needed: 1,
      effective: false,
      ignored: [],
      allowedDescription: "repository admins",
    },
    warnings: [],
    error: { message, ...(requestId ? { requestId } : {}) },
  };
}
