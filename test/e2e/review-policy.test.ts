/**
 * The review policy end to end (issue 4): `services/pay/**` tagged critical,
 * owned by `@<org>/pay` (alice, bob, carol), and a PR by dave — through the
 * real server process and the GitHub double, asserting what a developer sees
 * (conclusion, title, summary) and what it cost in API calls.
 *
 * Each test has its own owner: the double gives each owner one installation,
 * and Probot spaces writes of one installation a second apart.
 */
import type { GitHubDouble, PullModel, RepoModel } from "../support/github-double.js";
import { startGitHubDouble } from "../support/github-double.js";
import { type RunningServer, startServer, testKeys, WEBHOOK_SECRET } from "../support/server.js";
import { type PayloadExtra, payloadFor, sendWebhook } from "../support/webhooks.js";

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

const PAY_SERVICE =
  'services:\n  - name: pay\n    paths: ["services/pay/**"]\n    tags: [critical]\n';
const DESIGN_DOC = "docs/design/pay-v2.md";
const WITH_DOC = `Reworks the pay API.\n\nDesign-Doc: ${DESIGN_DOC}\n`;

/** Markdown as GitHub shows it: backslash escapes, entities and the mention-breaking ZWJ gone. */
function shown(markdown: string | null): string {
  return (markdown ?? "")
    .replace(/\\([\\`*_[\]~|!])/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replaceAll("\u200D", "");
}

interface PaySetup {
  /** The whole `.github/countersign.yml` on main (default: the pay service; null: none). */
  config?: string | null;
  codeowners?: string;
  customProperties?: Record<string, string>;
}

/** A repository of `owner` with the pay service, its CODEOWNERS and team, and a design doc on main. */
function payRepo(owner: string, setup: PaySetup = {}): RepoModel {
  const config = setup.config === undefined ? PAY_SERVICE : setup.config;
  const repo = gh.addRepo({
    owner,
    name: "api",
    branches: {
      main: {
        ...(config === null ? {} : { ".github/countersign.yml": config }),
        CODEOWNERS: setup.codeowners ?? `/services/pay/ @${owner}/pay\n`,
        "services/pay/api.ts": "export const pay = 1;\n",
        [DESIGN_DOC]: "# Pay v2\n",
        "README.md": "# api\n",
      },
    },
    ...(setup.customProperties ? { customProperties: setup.customProperties } : {}),
  });
  gh.addTeam(owner, "pay", ["alice", "bob", "carol"]);
  for (const login of ["alice", "bob", "carol", "dave", "erin"])
    gh.setPermission(repo, login, "write");
  return repo;
}

/** dave's PR changing `services/pay/api.ts`. */
function payPull(repo: RepoModel, body = ""): PullModel {
  return gh.addPullRequest(repo, {
    author: "dave",
    body,
    commits: [
      { message: "Charge in cents", files: { "services/pay/api.ts": "export const pay = 2;\n" } },
    ],
  });
}

function approve(pr: PullModel, ...logins: string[]): void {
  for (const author of logins) gh.addReview(pr, { author, state: "APPROVED" });
}

/** Delivers `event.action` for the PR and returns the app's `countersign` run on its head. */
async function deliver(
  repo: RepoModel,
  pr: PullModel,
  event = "pull_request",
  action = "opened",
  extra: PayloadExtra = {},
) {
  const res = await sendWebhook(server.webhookUrl, {
    event,
    payload: payloadFor(gh, event, action, repo, pr.number, extra),
    secret: WEBHOOK_SECRET,
  });
  expect(res.status).toBe(200);
  // The webhook is answered once its evaluation is reported.
  return gh.waitFor(() => gh.appCheckRuns(repo, pr.headOid).find((r) => r.status === "completed"));
}

describe("critical service pay: two code-owner approvals and a design doc", () => {
  it("no approvals: fails, asking for 2 approvals from @org/pay and a design doc", async () => {
    const repo = payRepo("rp-none");
    const pr = payPull(repo);
    const run = await deliver(repo, pr);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe(
      "Needs 2 more approvals from @rp-none/pay (/services/pay/) and a design doc",
    );
    const summary = shown(run.output.summary);
    expect(summary).toContain("changes critical service pay: services/pay/api.ts");
    expect(summary).toContain(
      "1. Ask @rp-none/pay for 2 more approvals (they own `/services/pay/`).",
    );
  });

  it("alice approves: fails, 1 more approval and a design doc", async () => {
    const repo = payRepo("rp-alice");
    const pr = payPull(repo);
    approve(pr, "alice");
    const run = await deliver(repo, pr, "pull_request_review", "submitted");
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe(
      "Needs 1 more approval from @rp-alice/pay (/services/pay/) and a design doc",
    );
    expect(run.output.summary).toContain(
      "| 2 approvals from code owners | ❌ 1 of 2 | @alice | — |",
    );
    expect(run.output.summary).toContain(
      "| a linked design doc | ❌ | — | no design doc linked in the PR description |",
    );
    // Markup meant as code renders as code: no escaped backtick shows literally.
    expect(run.output.summary).not.toContain("\\`");
    // PRINT_SUMMARY=1 shows the summary as GitHub receives it (the README's example).
    if (process.env["PRINT_SUMMARY"] === "1") console.log(run.output.summary);
  });

  it("alice + bob and a Design-Doc on main: success", async () => {
    const repo = payRepo("rp-ok");
    const pr = payPull(repo, WITH_DOC);
    approve(pr, "alice", "bob");
    gh.clearRequests();
    const run = await deliver(repo, pr, "pull_request_review", "submitted");
    expect(run.conclusion).toBe("success");
    expect(run.output.title).toBe("All review rules met");
    expect(run.output.summary).toContain(`\`${DESIGN_DOC}\``);
    // The design doc's existence came with the snapshot: no extra call for it.
    expect(gh.graphqlCalls()).toHaveLength(1);
  });

  it("alice + bob without a design doc: fails naming the design doc", async () => {
    const repo = payRepo("rp-nodoc");
    const pr = payPull(repo);
    approve(pr, "alice", "bob");
    const run = await deliver(repo, pr, "pull_request_review", "submitted");
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("Needs a design doc");
    const summary = shown(run.output.summary);
    expect(summary).toContain("no design doc linked in the PR description");
    expect(summary).toContain("1. Link a design doc: add a line `Design-Doc: <link>`");
  });
});

describe("approvals that do not count, and why", () => {
  it("bob approved an older head: after a push his approval does not count", async () => {
    const repo = payRepo("rp-stale");
    const pr = payPull(repo, WITH_DOC);
    approve(pr, "alice", "bob");
    const older = pr.headOid;
    gh.pushCommit(pr, {
      message: "Round",
      files: { "services/pay/api.ts": "export const pay = 3;\n" },
    });
    gh.addReview(pr, { author: "alice", state: "APPROVED" });
    const run = await deliver(repo, pr, "pull_request", "synchronize");
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("Needs 1 more approval from @rp-stale/pay (/services/pay/)");
    expect(shown(run.output.summary)).toContain(
      `| @alice | @bob: approved an older commit (${older.slice(0, 7)}) |`,
    );
  });

  it("erin (write access, not an owner) approves: does not count", async () => {
    const repo = payRepo("rp-erin");
    const pr = payPull(repo, WITH_DOC);
    approve(pr, "alice", "erin");
    const run = await deliver(repo, pr, "pull_request_review", "submitted");
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("Needs 1 more approval from @rp-erin/pay (/services/pay/)");
    expect(shown(run.output.summary)).toContain(
      "| @alice | @erin: not a code owner of services/pay/api.ts |",
    );
  });

  it("carol co-authored a commit (by her registered email): her approval does not count", async () => {
    const repo = payRepo("rp-carol");
    gh.addUser("carol", { email: "carol@acme.test" });
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      body: WITH_DOC,
      commits: [
        {
          message: "Charge in cents\n\nCo-authored-by: Carol <carol@acme.test>",
          files: { "services/pay/api.ts": "export const pay = 2;\n" },
        },
      ],
    });
    approve(pr, "alice", "carol");
    const run = await deliver(repo, pr, "pull_request_review", "submitted");
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("Needs 1 more approval from @rp-carol/pay (/services/pay/)");
    expect(shown(run.output.summary)).toContain(
      `| @alice | @carol: co-author of ${pr.headOid.slice(0, 7)} |`,
    );
  });
});

describe("what the policy covers", () => {
  it("a PR touching only README.md, with no AI evidence: success", async () => {
    const repo = payRepo("rp-readme");
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [{ message: "Docs", files: { "README.md": "# api\n\nHow to pay.\n" } }],
    });
    const run = await deliver(repo, pr);
    expect(run.conclusion).toBe("success");
    expect(run.output.title).toBe("No rules apply");
    expect(gh.labels(pr)).toEqual([]);
  });

  it("a PR touching .github/countersign.yml needs the critical review (default config)", async () => {
    const repo = payRepo("rp-policy", {
      config: null,
      codeowners: "/services/pay/ @rp-policy/pay\n/.github/ @rp-policy/pay\n",
    });
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [
        { message: "Say enforce", files: { ".github/countersign.yml": "mode: enforce\n" } },
      ],
    });
    const run = await deliver(repo, pr);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe(
      "Needs 2 more approvals from @rp-policy/pay (/.github/) and a design doc",
    );
    expect(shown(run.output.summary)).toContain(
      "changes critical service review-policy: .github/countersign.yml",
    );

    approve(pr, "alice", "bob");
    gh.setBody(pr, WITH_DOC);
    const after = await deliver(repo, pr, "pull_request", "edited");
    expect(after.conclusion).toBe("success");
  });

  it("a repository whose custom property says critical is critical as a whole", async () => {
    const repo = payRepo("rp-prop", {
      config: null,
      codeowners: "* @rp-prop/pay\n",
      customProperties: { criticality: "critical" },
    });
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [{ message: "Docs", files: { "README.md": "# api\n\nHow to pay.\n" } }],
    });
    const payload = payloadFor(gh, "pull_request", "opened", repo, pr.number);
    expect(payload["repository"]).toMatchObject({ custom_properties: { criticality: "critical" } });
    const run = await deliver(repo, pr);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("Needs 2 more approvals from @rp-prop/pay (*) and a design doc");
    expect(shown(run.output.summary)).toContain("changes critical service api: README.md");
  });

  it("a file renamed out of services/pay/ counts on both sides, for one REST pulls/{n}/files call", async () => {
    const repo = payRepo("rp-rename");
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [
        {
          message: "Move the API",
          files: { "services/pay/api.ts": null, "lib/api.ts": "export const pay = 1;\n" },
        },
      ],
      files: [{ path: "lib/api.ts", previousPath: "services/pay/api.ts" }],
    });
    gh.clearRequests();
    const run = await deliver(repo, pr);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe(
      "Needs 2 more approvals from @rp-rename/pay (/services/pay/) and a design doc",
    );
    expect(shown(run.output.summary)).toContain(
      "changes critical service pay: services/pay/api.ts",
    );
    expect(gh.restCalls("GET", /\/pulls\/\d+\/files$/)).toHaveLength(1);
    expect(gh.graphqlCalls()).toHaveLength(1);
  });
});

describe("design-doc links", () => {
  const URLS = `${PAY_SERVICE}design_doc:\n  urls: ["https://docs.acme.test/design/**"]\n`;

  it("a path that does not exist fails, saying so", async () => {
    const repo = payRepo("rp-dangling");
    const pr = payPull(repo, "Design-Doc: docs/design/pay-v3.md\n");
    approve(pr, "alice", "bob");
    const run = await deliver(repo, pr);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("Needs a design doc");
    expect(shown(run.output.summary)).toContain(
      "| `docs/design/pay-v3.md`: does not exist on main or in this PR |",
    );
  });

  it("a URL not under design_doc.urls fails, saying so; one under it passes", async () => {
    const repo = payRepo("rp-url", { config: URLS });
    const pr = payPull(repo, "Design-Doc: https://wiki.example.com/pay-v2\n");
    approve(pr, "alice", "bob");
    const run = await deliver(repo, pr);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("Needs a design doc");
    expect(shown(run.output.summary)).toContain(
      "| `https://wiki.example.com/pay-v2`: not under design_doc.urls (https://docs.acme.test/design/**) |",
    );

    gh.setBody(pr, "Design-Doc: https://docs.acme.test/design/pay-v2?tab=1\n");
    const after = await deliver(repo, pr, "pull_request", "edited");
    expect(after.conclusion).toBe("success");
  });
});

describe("modes and cost", () => {
  it("report mode concludes neutral, with the title prefixed", async () => {
    const repo = payRepo("rp-report", { config: `mode: report\n${PAY_SERVICE}` });
    const pr = payPull(repo);
    const run = await deliver(repo, pr);
    expect(run.conclusion).toBe("neutral");
    expect(run.output.title).toBe(
      "Report mode: Needs 2 more approvals from @rp-report/pay (/services/pay/) and a design doc",
    );
    expect(run.output.summary).toContain("**Report mode**");
  });

  it("installations do not wait for one another's writes", async () => {
    const repos = ["rp-par-a", "rp-par-b", "rp-par-c"].map((owner) => payRepo(owner));
    const started = Date.now();
    const runs = await Promise.all(repos.map((repo) => deliver(repo, payPull(repo))));
    expect(runs.map((r) => r.conclusion)).toEqual(["failure", "failure", "failure"]);
    // Probot spaces an installation's writes (the GraphQL read counts as one) a second
    // apart: ~1 s each side by side; one limiter shared by every installation takes 5 s.
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("caches team members across evaluations until a membership webhook; an ordinary evaluation is 1 GraphQL read + 1 write", async () => {
    const repo = payRepo("rp-cache");
    const pr = payPull(repo, WITH_DOC);
    const members = /\/orgs\/rp-cache\/teams\/pay\/members/;
    gh.clearRequests();
    await deliver(repo, pr);
    expect(gh.restCalls("GET", members)).toHaveLength(1);

    approve(pr, "alice");
    gh.clearRequests();
    const second = await deliver(repo, pr, "pull_request_review", "submitted");
    expect(second.output.title).toBe("Needs 1 more approval from @rp-cache/pay (/services/pay/)");
    expect(gh.restCalls("GET", members)).toHaveLength(0);
    expect(gh.graphqlCalls()).toHaveLength(1);
    expect(gh.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      `PATCH /api/v3/repos/rp-cache/api/check-runs/${second.id}`,
    ]);
    expect(gh.apiCalls()).toHaveLength(2);

    // erin joins the team: the membership webhook drops the cached members.
    gh.addTeam("rp-cache", "pay", ["alice", "bob", "carol", "erin"]);
    const res = await sendWebhook(server.webhookUrl, {
      event: "membership",
      payload: payloadFor(gh, "membership", "added", repo, null, { team: "pay", member: "erin" }),
      secret: WEBHOOK_SECRET,
    });
    expect(res.status).toBe(200);
    approve(pr, "erin");
    gh.clearRequests();
    const third = await deliver(repo, pr, "pull_request_review", "submitted");
    expect(gh.restCalls("GET", members)).toHaveLength(1);
    expect(third.conclusion).toBe("success");
  });
});
