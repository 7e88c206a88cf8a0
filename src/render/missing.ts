/**
 * What a Decision says is missing, gathered across rules: the title and the
 * "How to get unblocked" steps both read this, so they never disagree.
 * The same owner set can be short in two rules (two approvals for a
 * critical service, one for AI-assisted code): it is listed once, with the
 * larger shortfall, since the same approvals count towards both.
 */

import type {
  ApprovalGroup,
  ApprovalsResult,
  DesignDocResult,
  EvaluatedDecision,
  RuleResult,
} from "../model/decision.js";
import { groupMet } from "../policy/approvals.js";

export interface MissingApprovals {
  owners: string[];
  patterns: string[];
  files: string[];
  /** How many more approvals the owners must give. */
  count: number;
  rules: string[];
}

export interface Unmeetable {
  owners: string[];
  files: string[];
  reason: string;
  rule: string;
}

export interface MissingDesignDoc {
  rules: string[];
  problems: { link: string; reason: string }[];
  missing?: string;
}

export interface Missing {
  approvals: MissingApprovals[];
  changesRequestedBy: string[];
  unmeetable: Unmeetable[];
  designDoc: MissingDesignDoc | null;
  /** Rules that failed for no reason the requirements explain (should not happen; shown by name). */
  otherRules: string[];
}

export function isNothingMissing(m: Missing): boolean {
  return (
    m.approvals.length === 0 &&
    m.changesRequestedBy.length === 0 &&
    m.unmeetable.length === 0 &&
    m.designDoc === null &&
    m.otherRules.length === 0
  );
}

function ownersKey(owners: string[]): string {
  return owners
    .map((o) => o.toLowerCase())
    .sort()
    .join(" ");
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}

function addApprovals(m: Missing, rule: string, g: ApprovalGroup): void {
  const count = g.needed - g.approvedBy.length;
  if (count <= 0) return;
  const key = ownersKey(g.owners);
  const same = m.approvals.find((a) => ownersKey(a.owners) === key);
  if (!same) {
    m.approvals.push({
      owners: g.owners,
      patterns: g.patterns,
      files: g.files,
      count,
      rules: [rule],
    });
    return;
  }
  same.count = Math.max(same.count, count);
  same.patterns = union(same.patterns, g.patterns);
  same.files = union(same.files, g.files);
  same.rules = union(same.rules, [rule]);
}

function addChangesRequested(m: Missing, logins: string[]): void {
  for (const login of logins) {
    if (!m.changesRequestedBy.some((l) => l.toLowerCase() === login.toLowerCase())) {
      m.changesRequestedBy.push(login);
    }
  }
}

/** Returns whether the requirement explained anything. */
function addApprovalsResult(m: Missing, rule: string, r: ApprovalsResult): boolean {
  let explained = false;
  for (const g of r.groups) {
    addChangesRequested(m, g.changesRequestedBy);
    if (g.unsatisfiable) {
      m.unmeetable.push({ owners: g.owners, files: g.files, reason: g.unsatisfiable, rule });
    } else {
      addApprovals(m, rule, g);
    }
    explained ||= !groupMet(g);
  }
  return explained;
}

function addDesignDoc(m: Missing, rule: string, r: DesignDocResult): boolean {
  if (!m.designDoc) m.designDoc = { rules: [], problems: r.problems, missing: r.missing };
  m.designDoc.rules.push(rule);
  return true;
}

function addRule(m: Missing, rule: RuleResult): void {
  let explained = false;
  for (const req of rule.requirements) {
    if (req.met) continue;
    const hit =
      req.kind === "approvals"
        ? addApprovalsResult(m, rule.name, req)
        : addDesignDoc(m, rule.name, req);
    explained = explained || hit;
  }
  if (!explained) m.otherRules.push(rule.name);
}

/** Everything missing across the rules that apply and are not met. */
export function collectMissing(d: EvaluatedDecision): Missing {
  const m: Missing = {
    approvals: [],
    changesRequestedBy: [],
    unmeetable: [],
    designDoc: null,
    otherRules: [],
  };
  for (const rule of d.rules) {
    if (rule.applies && !rule.met) addRule(m, rule);
  }
  return m;
}
