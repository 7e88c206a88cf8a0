/**
 * Evaluation off the event loop, within a CPU budget (SPEC §10; issue 10,
 * item 2), through the real server process against the GitHub double. One
 * PR's CODEOWNERS makes matching its 3,000 files take far longer than the
 * budget (20,000 rules of the form `**\/x*N/**`, each tried on every path):
 * that evaluation is cancelled and concludes `Could not evaluate`, naming
 * the sizes, while `/healthz` keeps answering and another PR is judged.
 */

import type { RepoRef } from "../support/double/types.js";
import { type GitHubDouble, startGitHubDouble } from "../support/github-double.js";
import { type RunningServer, startServer, testKeys, WEBHOOK_SECRET } from "../support/server.js";
import { payloadFor, sendWebhook } from "../support/webhooks.js";

const BUDGET_MS = 2000;
const OWNERS_CONFIG =
  "rules:\n  - name: owners\n    require: { approvals: 1, from: code_owners }\n";

let gh: GitHubDouble;
let server: RunningServer;

beforeAll(async () => {
  gh = await startGitHubDouble({ appId: 4242, publicKey: testKeys.publicKey });
  server = await startServer({
    gheHost: gh.host,
    appId: 4242,
    env: { COUNTERSIGN_EVAL_BUDGET_MS: String(BUDGET_MS) },
  });
});

afterAll(async () => {
  await server?.stop();
  await gh?.close();
});

function send(repo: RepoRef, number: number) {
  return sendWebhook(server.webhookUrl, {
    event: "pull_request",
    payload: payloadFor(gh, "pull_request", "opened", repo, number),
    secret: WEBHOOK_SECRET,
  });
}

it("cancels an evaluation past COUNTERSIGN_EVAL_BUDGET_MS, naming the sizes, while /healthz answers and another PR is judged", async () => {
  const rules = Array.from({ length: 20_000 }, (_, i) => `**/x*${i}/** @budget/t${i % 5}`);
  const slowRepo = gh.addRepo({
    owner: "budget",
    name: "huge",
    branches: {
      main: {
        ".github/countersign.yml": OWNERS_CONFIG,
        CODEOWNERS: `* @budget/core\n${rules.join("\n")}\n`,
      },
    },
  });
  const slow = gh.addPullRequest(slowRepo, {
    author: "dave",
    body: "b".repeat(60_000),
    commits: [{ message: "Generate", files: { "services/a/b.ts": "1\n" } }],
    files: Array.from({ length: 3000 }, (_, i) => ({ path: `services/s${i}/y/z.ts` })),
  });
  const quickRepo = gh.addRepo({
    // Another installation: Probot's throttle spaces GraphQL calls per installation.
    owner: "budget-other",
    name: "small",
    branches: { main: { ".github/countersign.yml": OWNERS_CONFIG, CODEOWNERS: "* @carol\n" } },
  });
  const quick = gh.addPullRequest(quickRepo, {
    author: "dave",
    commits: [{ message: "Small", files: { "a.txt": "b\n" } }],
    reviews: [{ author: "carol", state: "APPROVED" }],
  });

  const slowDone = send(slowRepo, slow.number);
  // Wait until the slow PR's snapshot has been read: its evaluation is under way.
  while (!gh.graphqlCalls().some((c) => JSON.stringify(c).includes('"huge"'))) {
    await new Promise((r) => setTimeout(r, 20));
  }
  let healthChecks = 0;
  let slowestHealth = 0;
  let polling = true;
  const health = (async () => {
    while (polling) {
      const started = performance.now();
      const res = await fetch(`${server.url}/healthz`);
      await res.text();
      expect(res.status).toBe(200);
      slowestHealth = Math.max(slowestHealth, performance.now() - started);
      healthChecks++;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();

  expect((await send(quickRepo, quick.number)).status).toBe(200);
  const quickRun = gh.appCheckRuns(quickRepo, quick.headOid, "countersign")[0]!;
  expect(quickRun.conclusion).toBe("success");
  // Judged while the other evaluation was still running.
  expect(gh.appCheckRuns(slowRepo, slow.headOid, "countersign")).toHaveLength(0);

  // The server answers 202 to a webhook whose evaluation outlasts GitHub's patience.
  expect([200, 202]).toContain((await slowDone).status);
  const deadline = Date.now() + 40_000;
  while (gh.appCheckRuns(slowRepo, slow.headOid, "countersign").length === 0) {
    if (Date.now() > deadline) throw new Error("no check on the slow PR");
    await new Promise((r) => setTimeout(r, 100));
  }
  polling = false;
  await health;
  const run = gh.appCheckRuns(slowRepo, slow.headOid, "countersign")[0]!;
  expect(run.conclusion).toBe("failure");
  expect(run.output.title).toBe("Could not evaluate");
  // The renderer breaks `#1` with a zero-width joiner so GitHub does not link it.
  expect(run.output.summary).toMatch(
    new RegExp(`evaluating #\u200d?${slow.number} took more than 2,000 ms of CPU: `),
  );
  expect(run.output.summary).toContain(
    "the PR body is 60,000 characters, CODEOWNERS 20,001 lines, 3,000 files, 1 commit (the longest message 8 characters)",
  );
  // An event loop blocked by the evaluation would have held a /healthz for the whole budget.
  expect(healthChecks).toBeGreaterThan(5);
  expect(slowestHealth).toBeLessThan(BUDGET_MS / 2);
}, 60_000);

describe("a PR's own policy file of 320 KB", () => {
  it("is read off the event loop: past a 50 ms budget the read is cancelled and the check names the size", async () => {
    // Read in the server's thread it could not be cancelled: the check would say
    // `Invalid configuration` after holding the event loop (and /healthz) ~0.3 s.
    const own = await startGitHubDouble({ appId: 4249, publicKey: testKeys.publicKey });
    const tight = await startServer({
      gheHost: own.host,
      appId: 4249,
      env: { COUNTERSIGN_EVAL_BUDGET_MS: "50" },
    });
    try {
      const repo = own.addRepo({
        owner: "budget-config",
        name: "api",
        branches: { main: { ".github/countersign.yml": OWNERS_CONFIG } },
      });
      const keys = Array.from({ length: 32_000 }, (_, i) => `k${i}: 1`).join("\n");
      const pr = own.addPullRequest(repo, {
        author: "dave",
        commits: [{ message: "Policy", files: { ".github/countersign.yml": `${keys}\n` } }],
      });
      const answer = await sendWebhook(tight.webhookUrl, {
        event: "pull_request",
        payload: payloadFor(own, "pull_request", "opened", repo, pr.number),
        secret: WEBHOOK_SECRET,
      });
      expect(answer.status).toBe(200);
      const run = own.appCheckRuns(repo, pr.headOid, "countersign")[0]!;
      expect(run.conclusion).toBe("failure");
      expect(run.output.title).toBe("Could not evaluate");
      expect(run.output.summary).toContain(
        "reading the policy files took more than 50 ms of CPU: they are 308,963 characters in all.",
      );
    } finally {
      await tight.stop();
      await own.close();
    }
  }, 30_000);
});
