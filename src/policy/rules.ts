/**
 * Whether a rule applies to a pull request, why, and which changed files it
 * covers (SPEC §2): every condition in `if` must hold; the covered files are
 * the matched services' files, the files matching `paths`, or both
 * intersected, else every changed file.
 */
import type { Rule } from "../model/config-schema.js";
import type { Snapshot } from "../model/snapshot.js";
import { branchMatches, pathMatcher } from "./globs.js";
import { allChangedPaths, isCritical, matchingTag, type ServiceChange } from "./services.js";

export interface RuleScope {
  rule: Rule;
  applies: boolean;
  because: string[];
  /** The changed paths the rule covers (both sides of a rename where they qualify). */
  files: string[];
  /** Covered paths inside a critical service the rule matched: nobody owning one fails the rule (SPEC §4). */
  criticalFiles: Set<string>;
}

export interface RuleContext {
  snapshot: Snapshot;
  services: ServiceChange[];
  /** The AI verdict; `null` when not known yet (look-up planning): the condition is then assumed to hold. */
  aiAssisted: boolean | null;
}

/** One condition's outcome: whether it holds, the words for `because`, and the paths it selects. */
interface Held {
  holds: boolean;
  because?: string[];
  paths?: string[];
  critical?: string[];
}

const NOT_HELD: Held = { holds: false };

export function scopeRule(rule: Rule, ctx: RuleContext): RuleScope {
  const all = allChangedPaths(ctx.snapshot.files);
  const tagged = servicesCondition(rule.if.services_tagged, ctx.services);
  const paths = pathsCondition(rule.if.paths, all);
  const held = [
    tagged,
    aiCondition(rule.if.ai_assisted, ctx.aiAssisted),
    paths,
    branchCondition(rule.if.base_branches, ctx.snapshot.pullRequest.baseRef),
  ];
  const files = coveredFiles(all, tagged.paths, paths.paths);
  // Both `services_tagged` and `paths`: a careful reader means "these files of those services",
  // so the rule applies only when some file satisfies both.
  const applies = held.every((h) => h.holds) && (files.length > 0 || all.length === 0);
  if (!applies) return { rule, applies: false, because: [], files: [], criticalFiles: new Set() };
  const critical = new Set(tagged.critical ?? []);
  const because = held.flatMap((h) => h.because ?? []);
  return {
    rule,
    applies,
    because: because.length > 0 ? because : ["applies to every pull request"],
    files,
    criticalFiles: new Set(files.filter((f) => critical.has(f))),
  };
}

function coveredFiles(all: string[], fromServices?: string[], fromPaths?: string[]): string[] {
  if (!fromServices && !fromPaths) return all;
  const a = fromServices ? new Set(fromServices) : null;
  const b = fromPaths ? new Set(fromPaths) : null;
  return all.filter((p) => (!a || a.has(p)) && (!b || b.has(p)));
}

function servicesCondition(tags: string[] | undefined, services: ServiceChange[]): Held {
  if (!tags) return { holds: true };
  const matched = services.flatMap((change) => {
    const tag = matchingTag(change.service, tags);
    return tag ? [{ change, tag }] : [];
  });
  if (matched.length === 0) return NOT_HELD;
  return {
    holds: true,
    because: matched.map(
      ({ change, tag }) =>
        `changes ${tag} service ${change.service.name}: ${listPaths(change.paths)}`,
    ),
    paths: matched.flatMap(({ change }) => change.paths),
    critical: matched
      .filter(({ change }) => isCritical(change.service))
      .flatMap(({ change }) => change.paths),
  };
}

function aiCondition(wanted: boolean | undefined, actual: boolean | null): Held {
  if (wanted === undefined) return { holds: true };
  if (actual !== null && actual !== wanted) return NOT_HELD;
  return { holds: true, because: [wanted ? "AI-assisted" : "not AI-assisted"] };
}

function pathsCondition(globs: string[] | undefined, all: string[]): Held {
  if (!globs) return { holds: true };
  const matches = all.filter(pathMatcher(globs));
  if (matches.length === 0) return NOT_HELD;
  return {
    holds: true,
    because: [`changes ${globs.join(", ")}: ${listPaths(matches)}`],
    paths: matches,
  };
}

function branchCondition(globs: string[] | undefined, baseRef: string): Held {
  if (!globs) return { holds: true };
  const glob = globs.find((g) => branchMatches(g, baseRef));
  if (glob === undefined) return NOT_HELD;
  return {
    holds: true,
    because: [glob === baseRef ? `targets ${baseRef}` : `targets ${baseRef} (${glob})`],
  };
}

const SHOWN_PATHS = 3;

/** A short list for a sentence: a PR can change thousands of files. */
export function listPaths(paths: readonly string[]): string {
  const shown = paths.slice(0, SHOWN_PATHS).join(", ");
  const more = paths.length - SHOWN_PATHS;
  return more > 0 ? `${shown} and ${more} more` : shown;
}
