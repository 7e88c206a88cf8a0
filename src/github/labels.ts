/**
 * The `ai-assisted` label (SPEC §3). Written only when it changes: the app
 * adds it, never removes it. Adding a label the repository lacks makes
 * GitHub create it grey (`ededed`, no description): only then is it given
 * Countersign's colour and description, so putting a label back costs one
 * write and a label someone styled is left alone. The styling is handed
 * back to be done after the check run is written: it changes no verdict,
 * and under Probot's throttle (writes a second apart) it would hold the
 * first AI PR's verdict back a second.
 */
import type { Logger } from "probot";
import type { GitHubClient } from "./client.js";

const COLOR = "8250df";
const DESCRIPTION = "Written with an AI coding tool (detected by Countersign)";
/** The colour GitHub gives a label it creates implicitly when one is added to an issue. */
const GITHUB_DEFAULT_COLOR = "ededed";

export async function applyLabel(
  gh: GitHubClient,
  target: { owner: string; repo: string; number: number },
  label: string,
): Promise<(() => Promise<void>) | null> {
  const { data } = await gh.rest.issues.addLabels({
    owner: target.owner,
    repo: target.repo,
    issue_number: target.number,
    labels: [label],
  });
  const added = data.find((l) => l.name.toLowerCase() === label.toLowerCase());
  if (!added || added.color.toLowerCase() !== GITHUB_DEFAULT_COLOR || added.description) {
    return null;
  }
  return async () => {
    await gh.rest.issues.updateLabel({
      owner: target.owner,
      repo: target.repo,
      name: added.name,
      color: COLOR,
      description: DESCRIPTION,
    });
  };
}

/** What is left once the verdict is written: colouring the labels GitHub just created. */
export type ColourLabels = (log: Logger) => Promise<void>;

/**
 * Adds each PR's AI label; returns what is left to do once the verdict is
 * written — colouring labels GitHub just created. A label left grey is
 * logged, never turned into a failing check.
 */
export async function applyLabels(
  gh: GitHubClient,
  repo: { owner: string; repo: string },
  pulls: { number: number; label: string }[],
): Promise<ColourLabels> {
  // By name: several PRs on one head may each add a label GitHub just created grey.
  const styling = new Map<string, () => Promise<void>>();
  for (const { number, label } of pulls) {
    const style = await applyLabel(gh, { ...repo, number }, label);
    if (style && !styling.has(label.toLowerCase())) styling.set(label.toLowerCase(), style);
  }
  return async (log) => {
    for (const style of styling.values()) {
      await style().catch((err: unknown) =>
        log.warn({ err }, "countersign: could not colour the AI label"),
      );
    }
  };
}
