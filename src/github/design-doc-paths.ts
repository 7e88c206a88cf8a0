/**
 * Whether design-doc paths exist on the base branch or at the PR head
 * (SPEC §6). The snapshot query checks up to three named in the event's
 * body; otherwise `CountersignPathsExist` asks, three at a time.
 */
import type { GitHubClient } from "./client.js";
import { query } from "./graphql.js";
import { DESIGN_DOC_SLOTS } from "./limits.js";
import type { GqlDocSlots } from "./snapshot-types.js";

const SLOTS = ["doc0", "doc1", "doc2"] as const;

export function slotVariables(paths: string[]): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  paths.slice(0, DESIGN_DOC_SLOTS).forEach((p, i) => {
    vars[`doc${i}`] = p;
    vars[`hasDoc${i}`] = true;
  });
  return vars;
}

export function existingPaths(
  paths: string[],
  base: GqlDocSlots | null,
  head: GqlDocSlots | null,
): Record<string, boolean> {
  const found: Record<string, boolean> = {};
  paths.slice(0, DESIGN_DOC_SLOTS).forEach((p, i) => {
    const slot = SLOTS[i]!;
    found[p] = Boolean(base?.[slot] || head?.[slot]);
  });
  return found;
}

interface PathsAnswer {
  repository: {
    pullRequest: {
      baseRef: { target: GqlDocSlots | null } | null;
    } | null;
    headCommit: GqlDocSlots | null;
  } | null;
}

export async function pathsExist(
  gh: GitHubClient,
  target: { owner: string; repo: string; number: number; headOid: string },
  paths: string[],
): Promise<Record<string, boolean>> {
  const found: Record<string, boolean> = {};
  for (let i = 0; i < paths.length; i += DESIGN_DOC_SLOTS) {
    const chunk = paths.slice(i, i + DESIGN_DOC_SLOTS);
    const answer = await query<PathsAnswer>(gh, "CountersignPathsExist", {
      ...target,
      ...slotVariables(chunk),
    });
    const pr = answer.repository?.pullRequest;
    Object.assign(
      found,
      existingPaths(chunk, pr?.baseRef?.target ?? null, answer.repository?.headCommit ?? null),
    );
  }
  return found;
}
