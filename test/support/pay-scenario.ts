/**
 * The e2e scenario of the commands and events tests (issue 5): a repository
 * whose `services/pay/**` is tagged critical and owned by `@<owner>/pay`
 * (erin, frank), and a pull request by dave touching `services/pay/api.ts`
 * with no approvals and no design doc, so the `countersign` check fails.
 *
 * People: alice and bob are repository admins, walt and dave can write.
 */
import type { GitHubDouble, PullModel, PullSpec, RepoModel } from "./github-double.js";
import { type RunningServer, WEBHOOK_SECRET } from "./server.js";
import { type PayloadExtra, payloadFor, sendWebhook } from "./webhooks.js";

export const PAY_SERVICE =
  'services:\n  - name: pay\n    paths: ["services/pay/**"]\n    tags: [critical]\n';

export const DESIGN_DOC_BODY = "Faster payments.\n\nDesign-Doc: docs/design/pay.md\n";

export function payRepo(
  gh: GitHubDouble,
  owner: string,
  opts: { policy?: string; name?: string } = {},
): RepoModel {
  const repo = gh.addRepo({
    owner,
    name: opts.name ?? "api",
    branches: {
      main: {
        ".github/countersign.yml": opts.policy ?? PAY_SERVICE,
        CODEOWNERS: `/services/pay/ @${owner}/pay\n`,
        "services/pay/api.ts": "export const version = 1;\n",
        "docs/design/pay.md": "# Paying faster\n",
        "README.md": "The API.\n",
      },
    },
  });
  if (!gh.team(owner, "pay")) gh.addTeam(owner, "pay", ["erin", "frank"]);
  for (const login of ["erin", "frank", "walt", "dave"]) gh.setPermission(repo, login, "write");
  for (const login of ["alice", "bob"]) gh.setPermission(repo, login, "admin");
  return repo;
}

/** dave's PR touching `services/pay/api.ts` (critical): fails until approved and documented. */
export function payPull(
  gh: GitHubDouble,
  repo: RepoModel,
  spec: Partial<PullSpec> = {},
): PullModel {
  return gh.addPullRequest(repo, {
    author: "dave",
    title: "Pay faster",
    commits: [
      { message: "Pay faster", files: { "services/pay/api.ts": "export const version = 2;\n" } },
    ],
    ...spec,
  });
}

/** Sends a webhook built from the model and expects it answered (200: its evaluation finished). */
export function webhookSender(gh: GitHubDouble, server: () => RunningServer) {
  return async (
    event: string,
    action: string | undefined,
    repo: RepoModel,
    number: number | null,
    extra: PayloadExtra = {},
  ): Promise<void> => {
    const payload = payloadFor(gh, event, action, repo, number, extra);
    const res = await sendWebhook(server().webhookUrl, { event, payload, secret: WEBHOOK_SECRET });
    if (res.status !== 200) {
      throw new Error(`${event}.${action ?? ""} answered ${res.status}: ${res.body}`);
    }
  };
}

/** The app's `countersign` run on `sha` (there must be exactly one). */
export function checkOn(gh: GitHubDouble, repo: RepoModel, sha: string) {
  const runs = gh.appCheckRuns(repo, sha, "countersign");
  if (runs.length !== 1) throw new Error(`${runs.length} countersign runs on ${sha.slice(0, 7)}`);
  return runs[0]!;
}

/** Moves the double's clock past the second of the last report, so a new comment is strictly after it. */
export function later(gh: GitHubDouble): void {
  gh.advanceTime(2000);
}
