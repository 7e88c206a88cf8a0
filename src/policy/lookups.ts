/**
 * The one planner of look-ups (SPEC §9): what the GitHub layer must resolve
 * into the `Directory` passed to `evaluate` beside the snapshot — exactly the
 * teams, email owners and permissions the verdict depends on, so an ordinary
 * evaluation asks nothing it does not need. Planned before the AI verdict is
 * known.
 */
import { matcherFor } from "../codeowners/matcher.js";
import type { Config, Rule } from "../model/config-schema.js";
import type { Snapshot } from "../model/snapshot.js";
import { overrideLookups } from "./override-rights.js";
import { scopeRule } from "./rules.js";
import { type ServiceChange, serviceChanges } from "./services.js";

export interface Lookups {
  /** `org/team-slug`, lower-cased. */
  teams: string[];
  /** Email owners from CODEOWNERS, lower-cased. */
  emails: string[];
  /** Logins whose repository permission decides their override rights. */
  permissions: string[];
}

export function planLookups(snapshot: Snapshot, config: Config): Lookups {
  const rights = overrideLookups(snapshot, config);
  const teams = new Set<string>(rights.teams.map((t) => t.toLowerCase()));
  const emails = new Set<string>();
  const services = serviceChanges(snapshot, config);
  for (const rule of config.rules) {
    for (const owner of ownersDrawnOn(rule, snapshot, services)) {
      if (owner.startsWith("@") && owner.includes("/")) teams.add(owner.slice(1).toLowerCase());
      else if (!owner.startsWith("@") && owner.includes("@")) emails.add(owner.toLowerCase());
    }
  }
  return { teams: [...teams].sort(), emails: [...emails].sort(), permissions: rights.permissions };
}

/**
 * The owners a rule could ask approvals from. The AI verdict is not known
 * yet (it may depend on override rights), so an `ai_assisted` condition is
 * taken to hold: a team too many is cached; a team too few would be a wrong verdict.
 */
function ownersDrawnOn(rule: Rule, snapshot: Snapshot, services: ServiceChange[]): string[] {
  if (rule.require.approvals === 0) return [];
  const scope = scopeRule(rule, { snapshot, services, aiAssisted: null });
  if (!scope.applies) return [];
  const { from } = rule.require;
  if (Array.isArray(from)) return from;
  if (from === "any" || !snapshot.codeowners) return [];
  const { matcher } = matcherFor(snapshot.codeowners);
  return scope.files.flatMap((file) => matcher.match(file)?.owners ?? []);
}
