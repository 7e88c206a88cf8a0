/**
 * The server end to end (issue: foundation): the real `probot run` process,
 * signed webhooks from @octokit/webhooks-examples, and the GitHub double.
 */
import { type GitHubDouble, startGitHubDouble } from "../support/github-double.js";
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

function send(event: string, payload: unknown, signature?: string) {
  return sendWebhook(server.webhookUrl, {
    event,
    payload,
    secret: WEBHOOK_SECRET,
    ...(signature ? { signature } : {}),
  });
}

describe("the countersign server", () => {
  it("posts the countersign check on the head of an opened PR, for 1 GraphQL read and 1 check-run write", async () => {
    const repo = gh.addRepo({
      owner: "found-a",
      name: "api",
      branches: { main: { "README.md": "hi\n" } },
    });
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [{ message: "Update the README", files: { "README.md": "hello\n" } }],
    });
    gh.clearRequests();
    const res = await send(
      "pull_request",
      payloadFor(gh, "pull_request", "opened", repo, pr.number),
    );
    expect(res.status).toBe(200);
    const runs = gh.appCheckRuns(repo, pr.headOid, "countersign");
    expect(runs).toHaveLength(1);
    expect(runs[0]!.conclusion).toBe("success");
    expect(runs[0]!.output.title).toMatch(/no rules apply|all review rules met/i);
    expect(gh.graphqlCalls()).toHaveLength(1);
    expect(gh.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      "POST /api/v3/repos/found-a/api/check-runs",
    ]);
    expect(gh.apiCalls()).toHaveLength(2);
  });

  it("updates the same check run in place on the next event, keeping started_at", async () => {
    const repo = gh.addRepo({
      owner: "found-b",
      name: "api",
      branches: { main: { "a.txt": "a\n" } },
    });
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [{ message: "A", files: { "a.txt": "b\n" } }],
    });
    await send("pull_request", payloadFor(gh, "pull_request", "opened", repo, pr.number));
    const first = gh.appCheckRuns(repo, pr.headOid, "countersign")[0]!;
    gh.advanceTime(5000);
    gh.clearRequests();
    await send("pull_request", payloadFor(gh, "pull_request", "edited", repo, pr.number));
    const runs = gh.appCheckRuns(repo, pr.headOid, "countersign");
    expect(runs).toHaveLength(1);
    expect(runs[0]!.started_at).toBe(first.started_at);
    expect(gh.writes().map((w) => w.method)).toEqual(["PATCH"]);
  });

  it("refuses a wrongly signed webhook with 400 and calls no API", async () => {
    const repo = gh.addRepo({
      owner: "found-c",
      name: "api",
      branches: { main: { "a.txt": "a\n" } },
    });
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [{ message: "A", files: { "a.txt": "b\n" } }],
    });
    gh.clearRequests();
    const res = await send(
      "pull_request",
      payloadFor(gh, "pull_request", "opened", repo, pr.number),
      "sha256=0000000000000000000000000000000000000000000000000000000000000000",
    );
    expect(res.status).toBe(400);
    expect(gh.requests).toHaveLength(0);
    expect(gh.appCheckRuns(repo)).toHaveLength(0);
  });

  it("fails an invalid base-branch config with `Invalid configuration` naming the key path, and keeps serving", async () => {
    const repo = gh.addRepo({
      owner: "found-d",
      name: "api",
      branches: {
        main: {
          ".github/countersign.yml":
            'mode: report\nai:\n  labell: robots\nrules:\n  - name: x\n    require: { approvals: "2" }\n',
          "a.txt": "a\n",
        },
      },
    });
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [{ message: "A", files: { "a.txt": "b\n" } }],
    });
    const res = await send(
      "pull_request",
      payloadFor(gh, "pull_request", "opened", repo, pr.number),
    );
    expect(res.status).toBe(200);
    const run = gh.appCheckRuns(repo, pr.headOid, "countersign")[0]!;
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("Invalid configuration");
    expect(run.output.summary).toContain("ai.labell");
    expect(run.output.summary).toContain("rules.0.require.approvals");
    expect(run.output.summary).toContain(".github/countersign.yml");
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("fails closed with `Could not evaluate` and GitHub's request id when GitHub errors", async () => {
    const repo = gh.addRepo({
      owner: "found-e",
      name: "api",
      branches: { main: { "a.txt": "a\n" } },
    });
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [{ message: "A", files: { "a.txt": "b\n" } }],
    });
    gh.clearRequests();
    // A permanent GraphQL-level failure (HTTP 200 with `errors`; Octokit retries
    // only GitHub's transient "Something went wrong" ones).
    gh.failNext({ operationName: "CountersignSnapshot" }, 200, {
      data: null,
      errors: [{ type: "FORBIDDEN", message: "Resource not accessible by integration" }],
    });
    await send("pull_request", payloadFor(gh, "pull_request", "opened", repo, pr.number));
    const run = gh.appCheckRuns(repo, pr.headOid, "countersign")[0]!;
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("Could not evaluate");
    const failed = gh.requests.find((r) => r.operationName === "CountersignSnapshot")!;
    expect(run.output.summary).toContain(failed.requestId);
    expect(run.output.summary).toContain("Resource not accessible by integration");
  });
  it("answers /healthz, and counts evaluations and API calls in /metrics", async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    // Earlier tests in this file evaluated PRs: the counters saw them.
    expect(metrics).toMatch(
      /countersign_evaluations_total\{conclusion="success",status="evaluated"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /countersign_evaluations_total\{conclusion="failure",status="invalid-config"\} [1-9]/,
    );
    expect(metrics).toMatch(/countersign_github_api_calls_total\{kind="graphql"\} [1-9]/);
    expect(metrics).toMatch(/countersign_github_api_calls_total\{kind="rest-write"\} [1-9]/);
    expect(metrics).toMatch(/countersign_evaluation_duration_seconds_count [1-9]/);
    expect(metrics).toContain("countersign_queue_depth");
  });
});

describe("starting in production", () => {
  it("refuses to start with the default webhook secret, saying why", async () => {
    await expect(
      startServer({
        gheHost: gh.host,
        env: { NODE_ENV: "production", WEBHOOK_SECRET: "development" },
      }),
    ).rejects.toThrow(/default webhook secret/);
  });
});
