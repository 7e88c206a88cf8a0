/**
 * CODEOWNERS email owners end to end (SPEC §4): an address resolves to the
 * account whose public profile shows it (user search, then `GET
 * /users/{login}`); an address kept private resolves to nobody and the
 * check names it. Each test has its own owner (one installation each).
 */
import type { GitHubDouble } from "../support/github-double.js";
import { startGitHubDouble } from "../support/github-double.js";
import { type RunningServer, startServer, testKeys, WEBHOOK_SECRET } from "../support/server.js";
import { payloadFor, sendWebhook } from "../support/webhooks.js";

let gh: GitHubDouble;
let server: RunningServer;

beforeAll(async () => {
  gh = await startGitHubDouble({ appId: 4242, publicKey: testKeys.publicKey });
  server = await startServer({ gheHost: gh.host, appId: 4242 });
});

afterAll(async () => {
  await server?.stop();
  await gh?.close();
});

const POLICY = "rules:\n  - name: owners\n    require: { approvals: 1, from: code_owners }\n";

/** dave's PR on `owner/api`, owned by `address`, approved by `approver`; the finished check. */
async function approvedBy(owner: string, address: string, approver: string) {
  const repo = gh.addRepo({
    owner,
    name: "api",
    branches: {
      main: { ".github/countersign.yml": POLICY, CODEOWNERS: `* ${address}\n`, "a.ts": "1\n" },
    },
  });
  for (const login of ["dave", approver]) gh.setPermission(repo, login, "write");
  const pr = gh.addPullRequest(repo, {
    author: "dave",
    commits: [{ message: "Change a", files: { "a.ts": "2\n" } }],
    reviews: [{ author: approver, state: "APPROVED" }],
  });
  const res = await sendWebhook(server.webhookUrl, {
    event: "pull_request",
    payload: payloadFor(gh, "pull_request", "opened", repo, pr.number),
    secret: WEBHOOK_SECRET,
  });
  expect(res.status).toBe(200);
  return gh.waitFor(() => gh.appCheckRuns(repo, pr.headOid).find((r) => r.status === "completed"));
}

describe("CODEOWNERS email owners", () => {
  it("an address shown on the approver's public profile makes them an owner", async () => {
    gh.addUser("ann-eo", { email: "Ann@EO-A.test" });
    const run = await approvedBy("eo-a", "ann@eo-a.test", "ann-eo");
    expect(run.conclusion).toBe("success");
    expect(gh.restCalls("GET", /\/api\/v3\/users\/ann-eo$/)).toHaveLength(1);
  });

  it("an address the user keeps private resolves to nobody, and the check names it", async () => {
    gh.addUser("bob-eo", { email: "bob@eo-b.test", emailPublic: false });
    const run = await approvedBy("eo-b", "bob@eo-b.test", "bob-eo");
    expect(run.conclusion).toBe("failure");
    // GitHub shows the summary without the zero-width joiner that keeps `@` from mentioning.
    expect(run.output.summary?.replaceAll("\u200D", "")).toContain("bob@eo-b.test");
  });
});
