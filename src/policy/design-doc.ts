/**
 * The design-doc requirement (SPEC §6): find the links in the PR body, then
 * accept the first one that is a repository file under `design_doc.paths`
 * that exists, or a URL under `design_doc.urls`.
 *
 * `extractDesignDocLinks` is also called by the GitHub layer before the
 * snapshot query, to know which paths to ask for: it must stay pure and
 * deterministic.
 */
import type { Config } from "../model/config-schema.js";
import type { DesignDocResult } from "../model/decision.js";
import type { Snapshot } from "../model/snapshot.js";
import { type DesignDocLink, extractDesignDocLinks, withoutQuery } from "./design-doc-links.js";
import { pathMatcher, urlMatches } from "./globs.js";

type LinkOutcome = { ok: true } | { ok: false; reason: string };

export function evaluateDesignDoc(snapshot: Snapshot, config: Config): DesignDocResult {
  const links = extractDesignDocLinks(snapshot.pullRequest.body, snapshot.repository);
  if (links.length === 0) {
    return {
      kind: "design_doc",
      met: false,
      problems: [],
      // Plain words: the renderer escapes this, and says how to link one in its own steps.
      missing: "no design doc linked in the PR description",
    };
  }
  const check = linkChecker(snapshot, config);
  let accepted: string | undefined;
  const problems: DesignDocResult["problems"] = [];
  for (const link of links) {
    const outcome = check(link);
    if (outcome.ok && accepted === undefined) accepted = link.path ?? link.raw;
    else if (!outcome.ok) problems.push({ link: link.raw, reason: outcome.reason });
  }
  const result: DesignDocResult = { kind: "design_doc", met: accepted !== undefined, problems };
  if (accepted !== undefined) result.accepted = accepted;
  return result;
}

function linkChecker(snapshot: Snapshot, config: Config): (link: DesignDocLink) => LinkOutcome {
  const { paths, urls } = config.design_doc;
  const underPaths = pathMatcher(paths);
  const base = snapshot.pullRequest.baseRef;
  return (link) => {
    if (link.path !== undefined) {
      // Shown beside the link: name the path only where the link spells it otherwise
      // (`./a.md`, a github.com blob URL), never "docs/x.md: docs/x.md does not exist".
      const spelled = link.raw === link.path;
      if (!underPaths(link.path)) {
        const subject = spelled ? "" : `${link.path} is `;
        return {
          ok: false,
          reason: `${subject}not under design_doc.paths (${paths.join(", ")})`,
        };
      }
      // A path the snapshot did not look up is treated as missing: never assume a file exists.
      if (snapshot.designDocFiles[link.path] !== true) {
        return {
          ok: false,
          reason: `${spelled ? "" : `${link.path} `}does not exist on ${base} or in this PR`,
        };
      }
      return { ok: true };
    }
    const url = withoutQuery(link.url ?? link.raw);
    if (urls.length === 0)
      return { ok: false, reason: "not a repository file, and design_doc.urls is empty" };
    if (!urls.some((glob) => urlMatches(glob, url))) {
      return { ok: false, reason: `not under design_doc.urls (${urls.join(", ")})` };
    }
    return { ok: true };
  };
}
