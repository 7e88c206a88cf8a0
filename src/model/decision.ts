/**
 * What `evaluate(snapshot, directory, config)` decides: plain data that `src/render/`
 * turns into the check run's title and summary. Everything a developer
 * needs to see ("who counted, who did not and why") is carried here, so the
 * renderer never re-derives policy.
 */
import type { Evidence } from "./evidence.js";

export type Conclusion = "success" | "failure" | "neutral";

export interface ConfigError {
  /** The file the error is in, e.g. `acme/api:.github/countersign.yml@main`. */
  file: string;
  /** Dotted key path, array items by index: `rules.0.require.approvals`, `ai.labell`. Empty for a YAML syntax error. */
  path: string;
  /** 1-based line in `file`, when known. */
  line?: number;
  message: string;
}

/** One reviewer who did not count, and why ("approved an older commit", "author of a3f9c21"). */
export interface Rejection {
  login: string;
  reason: string;
}

/** The files sharing one owner set, and the approvals they gathered. */
export interface ApprovalGroup {
  /** Owners as written (`@acme/pay`, `@alice`); empty for "anyone with write access". */
  owners: string[];
  /** The CODEOWNERS patterns (or rule `paths`) that gave these files their owners, for the title. */
  patterns: string[];
  files: string[];
  needed: number;
  /** Approvers who counted, in the order they approved. */
  approvedBy: string[];
  /** Owners the rule draws on who have requested changes (only with `block_on_changes_requested`). */
  changesRequestedBy: string[];
  /** The group cannot be satisfied at all: e.g. a critical file nobody owns. */
  unsatisfiable?: string;
}

export interface ApprovalsResult {
  kind: "approvals";
  met: boolean;
  needed: number;
  /** What `from` was: "code_owners", "any", or the list of principals. */
  from: "code_owners" | "any" | string[];
  groups: ApprovalGroup[];
  /** Reviewers whose reviews did not count, with why. */
  rejected: Rejection[];
  /** Notes such as "no CODEOWNERS on main: approvals from anyone with write access count". */
  notes: string[];
}

export interface DesignDocResult {
  kind: "design_doc";
  met: boolean;
  /** The link that satisfied the requirement. */
  accepted?: string;
  /** Every link that failed, with why ("not under design_doc.paths", "docs/design/x.md does not exist"). */
  problems: { link: string; reason: string }[];
  /** Why nothing was accepted when no link was found at all. */
  missing?: string;
}

export type RequirementResult = ApprovalsResult | DesignDocResult;

export interface RuleResult {
  name: string;
  applies: boolean;
  /** Why the rule applies, in words: "changes critical service checkout", "AI-assisted". */
  because: string[];
  /** The changed files the rule covers. */
  files: string[];
  met: boolean;
  requirements: RequirementResult[];
}

export interface AiVerdict {
  assisted: boolean;
  evidence: Evidence[];
  /** Someone with override rights removed the label; they stand until the label is added again. */
  clearedBy?: { login: string; at: string };
  /** The label the config names. */
  label: string;
  /** Whether the label is on the PR now. */
  labelPresent: boolean;
  /** Whether the app should (re)apply the label. */
  shouldLabel: boolean;
}

export interface OverrideUse {
  login: string;
  reason: string;
  url: string;
  at: string;
}

export interface OverrideResult {
  /** Overrides that count for the current head. */
  active: OverrideUse[];
  needed: number;
  /** Whether the overrides present make the check pass. */
  effective: boolean;
  /** Commands that did not count, with why (for the summary). */
  ignored: { login: string; reason: string; url: string }[];
  /** Who may override, in words: "repository admins" or "@acme/release, @bob". */
  allowedDescription: string;
}

/** What every decision says: the verdict, on which head, under which policy. */
interface DecisionBase {
  conclusion: Conclusion;
  mode: "enforce" | "report";
  headSha: string;
  /** Where the configuration came from: a file, or "defaults". */
  configSource: string;
  /** Said in the summary when the defaults apply because the organisation's policy could not be read (SPEC §2). */
  policyNote?: string;
  /** Problems worth telling that did not decide the verdict (CODEOWNERS syntax, extra bad design-doc links). */
  warnings: string[];
}

/** The policy was read and every rule judged. */
export interface EvaluatedDecision extends DecisionBase {
  status: "evaluated";
  rules: RuleResult[];
  ai: AiVerdict;
  overrides: OverrideResult;
}

/**
 * The policy file is invalid: the check fails whatever its mode says, and no
 * override counts (SPEC §2). The AI verdict still stands under the defaults,
 * so the label keeps working.
 */
export interface InvalidConfigDecision extends DecisionBase {
  status: "invalid-config";
  configErrors: ConfigError[];
  ai: AiVerdict;
}

/** The evaluation could not finish: nothing was judged, and the check fails closed. */
export interface ErrorDecision extends DecisionBase {
  status: "error";
  /** What went wrong, with GitHub's request id when there was one. */
  error: { message: string; requestId?: string };
}

/** What `evaluate` decides (a tagged union: render each kind without inventing the others' parts). */
export type Decision = EvaluatedDecision | InvalidConfigDecision | ErrorDecision;
