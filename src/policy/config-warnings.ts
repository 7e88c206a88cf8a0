/**
 * Warnings for a valid policy file that does something its author rarely
 * means (SPEC §11, `countersign validate`): a `rules:` list that no longer
 * covers the built-in `review-policy` service or AI-assisted changes, two
 * services with one name, and globs that cannot match by their syntax alone.
 * The app does not act on these; the command line reports them.
 */

import { type Config, REVIEW_POLICY_SERVICE, type Rule } from "../model/config-schema.js";
import type { ConfigError } from "../model/decision.js";
import type { BlobFile } from "../model/snapshot.js";
import { lineOf } from "./config-yaml.js";
import { pathMatcher } from "./globs.js";

type Path = (string | number)[];

/**
 * The warnings for one file. `raw` is the file's own data (without
 * `_extends` followed) and `config` the same data with defaults applied.
 * Rule warnings are raised only when the file itself lists `rules:`: without
 * it the default rules apply (or the extended file's), which cover both.
 */
export function configWarnings(raw: Record<string, unknown>, config: Config, file: BlobFile) {
  const warnings: ConfigError[] = [];
  const warn = (path: Path, message: string, want: "key" | "value" = "value") => {
    const line = lineOf(file, path, want);
    warnings.push({
      file: file.source,
      path: path.map(String).join("."),
      ...(line === undefined ? {} : { line }),
      message,
    });
  };

  if (Object.hasOwn(raw, "rules")) {
    if (!config.rules.some(coversReviewPolicy)) {
      warn(
        ["rules"],
        "no rule covers the built-in review-policy service (.github/countersign.yml and CODEOWNERS): " +
          "anyone with write access could change the policy itself without a code owner's review. " +
          "Add a rule with `if: { services_tagged: [critical] }` that requires approvals, as the default rules do.",
        "key",
      );
    }
    if (!config.rules.some((r) => r.if.ai_assisted === true)) {
      warn(
        ["rules"],
        "no rule has `ai_assisted: true`: AI-assisted pull requests are labelled but need no extra review. " +
          "The default rules require one code owner's approval for them.",
        "key",
      );
    }
  }

  const seen = new Map<string, number>();
  config.services.forEach((service, i) => {
    if (service.name === REVIEW_POLICY_SERVICE.name) {
      warn(
        ["services", i, "name"],
        `"${service.name}" is the name of the built-in service for the policy files; the check could not tell them apart`,
      );
    }
    const first = seen.get(service.name);
    if (first === undefined) seen.set(service.name, i);
    else {
      const at = lineOf(file, ["services", first, "name"]);
      warn(
        ["services", i, "name"],
        `two services are named "${service.name}" (also services.${first}${at ? `, line ${at}` : ""}); the check could not tell them apart`,
      );
    }
    service.paths.forEach((glob, j) => {
      const why = impossiblePathGlob(glob);
      if (why) warn(["services", i, "paths", j], `"${glob}" can never match: ${why}`);
    });
  });

  config.rules.forEach((rule, i) => {
    rule.if.paths?.forEach((glob, j) => {
      const why = impossiblePathGlob(glob);
      if (why) warn(["rules", i, "if", "paths", j], `"${glob}" can never match: ${why}`);
    });
    rule.if.base_branches?.forEach((glob, j) => {
      const why = impossibleBranchGlob(glob);
      if (why) warn(["rules", i, "if", "base_branches", j], `"${glob}" can never match: ${why}`);
    });
  });

  config.design_doc.paths.forEach((glob, j) => {
    const why = impossiblePathGlob(glob);
    if (why) warn(["design_doc", "paths", j], `"${glob}" can never match: ${why}`);
  });
  config.design_doc.urls.forEach((glob, j) => {
    const why = impossibleUrlGlob(glob);
    if (why) warn(["design_doc", "urls", j], `"${glob}" can never match: ${why}`);
  });

  return warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** A rule that applies to every change of the policy files and asks something of it. */
function coversReviewPolicy(rule: Rule): boolean {
  const demands = rule.require.approvals > 0 || rule.require.design_doc;
  if (!demands || rule.if.ai_assisted !== undefined) return false;
  const byTag = rule.if.services_tagged?.some((t) => REVIEW_POLICY_SERVICE.tags.includes(t));
  const policyFiles = REVIEW_POLICY_SERVICE.paths.map((p) => p.replace(/^\//, ""));
  const byPath = rule.if.paths && policyFiles.some(pathMatcher(rule.if.paths));
  const unconditional = rule.if.services_tagged === undefined && rule.if.paths === undefined;
  if (byTag && rule.if.paths === undefined) return true;
  if (byPath && rule.if.services_tagged === undefined) return true;
  return unconditional;
}

/** Changed paths are repository-relative and normalised: no `.`/`..`/empty segments. */
export function impossiblePathGlob(glob: string): string | null {
  const segments = glob.replace(/^\//, "").replace(/\/$/, "").split("/");
  if (segments.some((s) => s === "." || s === ".."))
    return "paths in a pull request never contain `.` or `..` segments (write the path from the repository root)";
  if (segments.some((s) => s === "")) return "it has an empty segment (`//`)";
  return null;
}

/**
 * A branch glob naming what git forbids in a branch name (git check-ref-format),
 * or a full ref where `base_branches` compares the branch's short name.
 */
export function impossibleBranchGlob(glob: string): string | null {
  if (glob.startsWith("refs/"))
    return "base_branches are branch names (main, release/*), not refs (refs/heads/main)";
  if (/[\s~^:]|\.\.|@\{/.test(glob))
    return "git branch names cannot contain spaces, `~`, `^`, `:`, `..` or `@{`";
  if (glob.startsWith("/") || glob.endsWith("/") || glob.endsWith(".") || glob.endsWith(".lock"))
    return "git branch names cannot start with `/` or end with `/`, `.` or `.lock`";
  return null;
}

/**
 * URL globs are compared with `scheme://host[:port]/path` of a parsed link:
 * no query, fragment or user name, and no default port.
 */
export function impossibleUrlGlob(glob: string): string | null {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(glob);
  if (!scheme)
    return 'a URL glob starts with its scheme, e.g. "https://docs.example.com/design/**"';
  if (/[?#]/.test(glob))
    return "links are compared without their query (`?`) or fragment (`#`); end the glob with `**` instead";
  const rest = glob.slice(scheme[0].length);
  const authority = rest.split("/")[0] ?? "";
  if (authority.includes("@")) return "links are compared without a user name (`user@`)";
  if (/\s/.test(authority)) return "a host name has no spaces";
  const s = (scheme[1] ?? "").toLowerCase();
  if ((s === "https" && authority.endsWith(":443")) || (s === "http" && authority.endsWith(":80")))
    return "a link's default port is dropped before comparing; leave it out";
  return null;
}
