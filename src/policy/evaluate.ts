/**
 * The policy engine's entry point: a pure function from a snapshot of a pull
 * request and its configuration to a decision (SPEC §2–§7). No I/O, no
 * clock: any replica given the same snapshot decides the same.
 */

import { matcherFor } from "../codeowners/matcher.js";
import type { Config } from "../model/config-schema.js";
import type {
  AiVerdict,
  Conclusion,
  Decision,
  DesignDocResult,
  RequirementResult,
  RuleResult,
} from "../model/decision.js";
import { type Directory, loginKey, type Snapshot } from "../model/snapshot.js";
import { aiVerdict, detectedEvidence } from "./ai-verdict.js";
import { evaluateApprovals } from "./approvals.js";
import type { LoadedConfig } from "./config-load.js";
import { type Contributors, contributors } from "./contributors.js";
import { evaluateDesignDoc } from "./design-doc.js";
import { canOverride } from "./override-rights.js";
import { evaluateOverrides } from "./overrides.js";
import { type RuleScope, scopeRule } from "./rules.js";
import { serviceChanges } from "./services.js";

/**
 * `directory` holds the look-ups resolved before evaluation (team members,
 * email owners, permissions; see `lookups.ts`), beside the snapshot.
 */
export function evaluate(snapshot: Snapshot, directory: Directory, loaded: LoadedConfig): Decision {
  // An invalid file yields the defaults from the loader: the AI label still works.
  const config = loaded.config;
  // Whose removal of the AI label stands (SPEC §3): someone with override rights who is
  // neither the PR author nor a contributor to its commits (pushers included).
  // The person an agent worked for is one of them: the evidence says whether an agent wrote it.
  const detected = detectedEvidence(snapshot, config);
  const helped = contributors(snapshot, directory, {
    assisted: detected.length > 0,
    evidence: detected,
  });
  const ai = aiVerdict(
    snapshot,
    config,
    (login) => !helped.has(loginKey(login)) && canOverride(login, directory, config),
    (login) => helped.has(loginKey(login)),
    detected,
  );
  const common = {
    mode: config.mode,
    headSha: snapshot.pullRequest.headOid,
    configSource: loaded.source,
    ...orgPolicyNote(snapshot, loaded),
    ai,
    warnings: codeownersWarnings(snapshot),
  };
  if (loaded.errors.length > 0) {
    // A file that does not parse cannot be trusted to ask for report mode, nor to be overridden (SPEC §2).
    return {
      ...common,
      status: "invalid-config",
      conclusion: "failure",
      configErrors: loaded.errors,
    };
  }
  const overrides = evaluateOverrides(snapshot, directory, config);
  const judged = judgeRules(snapshot, directory, config, ai);
  const passed = judged.rules.every((r) => !r.applies || r.met) || overrides.effective;
  return {
    ...common,
    status: "evaluated",
    conclusion: conclusionFor(passed, config),
    rules: judged.rules,
    overrides,
    warnings: [...common.warnings, ...judged.warnings],
  };
}

/**
 * The defaults apply because the repository has no policy file and the
 * organisation's `.github` repository could not be read: say so, or the
 * same PR could silently go from failure to success (SPEC §2).
 */
function orgPolicyNote(snapshot: Snapshot, loaded: LoadedConfig): { policyNote?: string } {
  const files = snapshot.config;
  if (files.base || files.org || files.orgStatus !== "absent" || loaded.source !== "defaults") {
    return {};
  }
  const where = `${snapshot.repository.owner}/.github`;
  return {
    policyNote: `No organisation policy found at ${where} (absent, or not in this installation); the defaults apply.`,
  };
}

function conclusionFor(passed: boolean, config: Config): Conclusion {
  if (passed) return "success";
  return config.mode === "report" ? "neutral" : "failure";
}

/** CODEOWNERS lines GitHub would reject or read differently, with their line numbers. */
function codeownersWarnings(snapshot: Snapshot): string[] {
  const blob = snapshot.codeowners;
  if (!blob) return [];
  // Line 0 is the file as a whole (e.g. over GitHub's 3 MB limit).
  return matcherFor(blob).file.problems.map((p) =>
    p.line > 0 ? `${blob.path} line ${p.line}: ${p.message}` : `${blob.path}: ${p.message}`,
  );
}

interface Judged {
  rules: RuleResult[];
  warnings: string[];
}

function judgeRules(
  snapshot: Snapshot,
  directory: Directory,
  config: Config,
  ai: AiVerdict,
): Judged {
  const services = serviceChanges(snapshot, config);
  const who = contributors(snapshot, directory, ai);
  let designDoc: DesignDocResult | undefined;
  const designDocOnce = () => {
    designDoc ??= evaluateDesignDoc(snapshot, config);
    return designDoc;
  };
  const rules = config.rules.map((rule) => {
    const scope = scopeRule(rule, { snapshot, services, aiAssisted: ai.assisted });
    return judgeRule(scope, {
      snapshot,
      directory,
      config,
      contributors: who,
      designDoc: designDocOnce,
    });
  });
  return { rules, warnings: designDoc ? extraLinkWarnings(designDoc) : [] };
}

interface RuleInputs {
  snapshot: Snapshot;
  directory: Directory;
  config: Config;
  contributors: Contributors;
  designDoc: () => DesignDocResult;
}

function judgeRule(scope: RuleScope, inputs: RuleInputs): RuleResult {
  const { rule } = scope;
  const base = {
    name: rule.name,
    applies: scope.applies,
    because: scope.because,
    files: scope.files,
  };
  if (!scope.applies) return { ...base, met: true, requirements: [] };
  const requirements: RequirementResult[] = [];
  if (rule.require.approvals > 0) requirements.push(evaluateApprovals({ ...inputs, scope }));
  if (rule.require.design_doc) requirements.push(inputs.designDoc());
  return { ...base, met: requirements.every((r) => r.met), requirements };
}

/** One valid link is enough; the others that failed are worth a warning (SPEC §6). */
function extraLinkWarnings(result: DesignDocResult): string[] {
  if (!result.met) return [];
  return result.problems.map((p) => `design doc link ${p.link}: ${p.reason}`);
}
