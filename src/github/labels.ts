/**
 * The `ai-assisted` label (SPEC §3). Written only when it changes: the app
 * adds it, never removes it. Created first (with colour and description) so
 * GitHub does not invent a grey one; a 422 means it already exists.
 */
import type { GitHubClient } from "./client.js";
import { statusOf } from "./errors.js";

const COLOR = "8250df";
const DESCRIPTION = "Written with an AI coding tool (detected by Countersign)";

export async function applyLabel(
  gh: GitHubClient,
  target: { owner: string; repo: string; number: number },
  label: string,
): Promise<void> {
  try {
    await gh.rest.issues.createLabel({
      owner: target.owner,
      repo: target.repo,
      name: label,
      color: COLOR,
      description: DESCRIPTION,
    });
  } catch (err) {
    if (statusOf(err) !== 422) throw err;
  }
  await gh.rest.issues.addLabels({
    owner: target.owner,
    repo: target.repo,
    issue_number: target.number,
    labels: [label],
  });
}
