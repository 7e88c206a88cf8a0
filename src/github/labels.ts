/**
 * The `ai-assisted` label (SPEC §3). Written only when it changes: the app
 * adds it, never removes it. Adding a label the repository lacks makes
 * GitHub create it grey (`ededed`, no description): only then is it given
 * Countersign's colour and description, so putting a label back costs one
 * write and a label someone styled is left alone.
 */
import type { GitHubClient } from "./client.js";

const COLOR = "8250df";
const DESCRIPTION = "Written with an AI coding tool (detected by Countersign)";
/** The colour GitHub gives a label it creates implicitly when one is added to an issue. */
const GITHUB_DEFAULT_COLOR = "ededed";

export async function applyLabel(
  gh: GitHubClient,
  target: { owner: string; repo: string; number: number },
  label: string,
): Promise<void> {
  const { data } = await gh.rest.issues.addLabels({
    owner: target.owner,
    repo: target.repo,
    issue_number: target.number,
    labels: [label],
  });
  const added = data.find((l) => l.name.toLowerCase() === label.toLowerCase());
  if (added && added.color.toLowerCase() === GITHUB_DEFAULT_COLOR && !added.description) {
    await gh.rest.issues.updateLabel({
      owner: target.owner,
      repo: target.repo,
      name: added.name,
      color: COLOR,
      description: DESCRIPTION,
    });
  }
}
