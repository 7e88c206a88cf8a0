/**
 * `npm run example`: the check run Countersign produces for the README's
 * example PR, through the real code path (the GitHub double → the snapshot
 * query → evaluate → render). `--write-readme` pastes it into README.md.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { ProbotOctokit } from "probot";
import type { GitHubClient } from "../src/github/client.js";
import { MemoryTeamStore } from "../src/github/team-cache.js";
import { judgePull } from "../src/pipeline/judge.js";
import { renderCheck } from "../src/render/check-output.js";
import { startGitHubDouble } from "../test/support/github-double.js";

const gh = await startGitHubDouble({ appId: 4242 });
const repo = gh.addRepo({
  owner: "acme",
  name: "shop",
  branches: {
    main: {
      ".github/countersign.yml":
        'services:\n  - name: payments\n    paths: ["services/pay/**"]\n    tags: [critical]\n',
      CODEOWNERS: "* @acme/platform\n/services/pay/ @acme/payments\n",
      "services/pay/api.ts": "export const fee = 1;\n",
    },
  },
});
gh.addTeam("acme", "payments", ["alice", "bob", "carol"]);
gh.addTeam("acme", "platform", ["pat"]);
for (const login of ["alice", "bob", "carol", "erin", "pat"])
  gh.setPermission(repo, login, "write");
const pr = gh.addPullRequest(repo, {
  author: "dave",
  title: "Charge the new card-network fee",
  body: "Adds the 2027 card-network fee to checkout.\n",
  commits: [
    {
      message: "Charge the card-network fee\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n",
      author: { name: "Dave", email: "dave@acme.test" },
      files: { "services/pay/api.ts": "export const fee = 2;\n" },
    },
  ],
});
gh.addReview(pr, { author: "bob", state: "APPROVED" });
gh.pushCommit(pr, {
  message: "Round the fee",
  author: { name: "Dave", email: "dave@acme.test" },
  files: { "services/pay/api.ts": "export const fee = Math.round(2);\n" },
});
gh.addReview(pr, { author: "alice", state: "APPROVED" });
gh.addReview(pr, { author: "erin", state: "APPROVED" });

const { token } = gh.issueToken(gh.installationFor("acme"));
const octokit = new ProbotOctokit({
  auth: { token },
  baseUrl: `${gh.url}/api/v3`,
  throttle: { enabled: false },
  retry: { enabled: false },
}) as unknown as GitHubClient;
const { decision, loaded } = await judgePull(
  { gh: octokit, installationId: 1, teams: new MemoryTeamStore() },
  { owner: "acme", repo: "shop", number: pr.number, appId: 4242, bodyHint: null },
);
await gh.close();
const out = renderCheck(decision, {
  owner: "acme",
  repo: "shop",
  number: pr.number,
  designDoc: loaded.config.design_doc,
});
const shown = [
  `**\`countersign\`** — ${out.conclusion} — **${out.title}**`,
  "",
  "<details open><summary>Check run summary</summary>",
  "",
  out.summary,
  "",
  "</details>",
].join("\n");

if (process.argv.includes("--write-readme")) {
  const readme = readFileSync("README.md", "utf8");
  const updated = readme.replace(
    /<!-- example:start -->[\s\S]*<!-- example:end -->/,
    `<!-- example:start -->\n${shown}\n<!-- example:end -->`,
  );
  writeFileSync("README.md", updated);
  process.stdout.write("README.md updated\n");
} else {
  process.stdout.write(`${shown}\n`);
}
