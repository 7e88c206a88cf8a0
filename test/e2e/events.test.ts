/**
 * Every event that can change a verdict, through the real server and the
 * GitHub double (issue 5, SPEC §7): reviews, PR edits, re-runs, policy
 * pushes, the merge queue, the app's own events, bursts. Each test has its
 * own owner (one installation each: Probot throttles writes per installation).
 */
import { type GitHubDouble, startGitHubDouble } from "../support/github-double.js";
import {
  checkOn,
  DESIGN_DOC_BODY,
  later,
  PAY_SERVICE,
  payPull,
  payRepo,
  webhookSender,
} from "../support/pay-scenario.js";
import { type RunningServer, startServer, testKeys, WEBHOOK_SECRET } from "../support/server.js";
import { payloadFor, sendWebhook } from "../support/webhooks.js";

let gh: GitHubDouble;
let server: RunningServer;
let send: ReturnType<typeof webhookSender>;

beforeAll(async () => {
  gh = await startGitHubDouble({ appId: 4242, publicKey: testKeys.publicKey });
  server = await startServer({ gheHost: gh.host, appId: 4242 });
  send = webhookSender(gh, () => server);
});

afterAll(async () => {
  await server?.stop();
  await gh?.close();
});

const snapshots = () => gh.graphqlCalls("CountersignSnapshot").length;

describe("events that change a verdict", () => {
  it("a submitted approval flips the verdict by itself", async () => {
    const repo = payRepo(gh, "ev-review");
    const pr = payPull(gh, repo, {
      body: DESIGN_DOC_BODY,
      reviews: [{ author: "erin", state: "APPROVED" }],
    });
    await send("pull_request", "opened", repo, pr.number);
    expect(checkOn(gh, repo, pr.headOid).output.title).toMatch(/^Needs 1 more approval from/);

    gh.addReview(pr, { author: "frank", state: "APPROVED" });
    await send("pull_request_review", "submitted", repo, pr.number);
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("success");
  });

  it("an edited body that links the design doc flips the verdict by itself", async () => {
    const repo = payRepo(gh, "ev-body");
    const pr = payPull(gh, repo, {
      reviews: [
        { author: "erin", state: "APPROVED" },
        { author: "frank", state: "APPROVED" },
      ],
    });
    await send("pull_request", "opened", repo, pr.number);
    const run = checkOn(gh, repo, pr.headOid);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toMatch(/design doc/);

    gh.setBody(pr, DESIGN_DOC_BODY);
    await send("pull_request", "edited", repo, pr.number, { changes: { body: { from: "" } } });
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("success");
  });

  it("re-runs of the app's own check run or suite re-evaluate; another app's re-run does nothing", async () => {
    const repo = payRepo(gh, "ev-rerun");
    const pr = payPull(gh, repo);
    await send("pull_request", "opened", repo, pr.number);
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("failure");

    // Met without any event telling the app.
    const erin = gh.addReview(pr, { author: "erin", state: "APPROVED" });
    gh.addReview(pr, { author: "frank", state: "APPROVED" });
    gh.setBody(pr, DESIGN_DOC_BODY);

    const other = gh.addCheckRun(repo, {
      name: "countersign",
      head_sha: pr.headOid,
      app: { id: 999 },
      status: "completed",
      conclusion: "failure",
    });
    gh.clearRequests();
    await send("check_run", "rerequested", repo, pr.number, { checkRunId: other.id });
    expect(gh.graphqlCalls()).toHaveLength(0);
    expect(gh.writes()).toHaveLength(0);
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("failure");

    await send("check_run", "rerequested", repo, pr.number);
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("success");

    gh.dismissReview(pr, erin.databaseId);
    await send("check_suite", "rerequested", repo, pr.number);
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("failure");
    expect(gh.appCheckRuns(repo, pr.headOid)).toHaveLength(1);
  });

  it("a push to main changing the policy or CODEOWNERS re-judges every open PR on main; other pushes do nothing", async () => {
    const repo = payRepo(gh, "ev-push", { policy: "mode: enforce\n" });
    const pay = payPull(gh, repo);
    const readme = payPull(gh, repo, {
      title: "Docs",
      commits: [{ message: "Docs", files: { "README.md": "The payments API.\n" } }],
    });
    await send("pull_request", "opened", repo, pay.number);
    await send("pull_request", "opened", repo, readme.number);
    expect(checkOn(gh, repo, pay.headOid).conclusion).toBe("success");
    expect(checkOn(gh, repo, readme.headOid).conclusion).toBe("success");

    gh.setFile(repo, "main", "docs/notes.md", "Notes.\n");
    gh.clearRequests();
    await send("push", undefined, repo, null);
    expect(gh.graphqlCalls()).toHaveLength(0);
    expect(gh.writes()).toHaveLength(0);

    // Tightened: services/pay is critical now. The stale success must go.
    gh.setFile(repo, "main", ".github/countersign.yml", PAY_SERVICE);
    gh.clearRequests();
    await send("push", undefined, repo, null);
    expect(snapshots()).toBe(2);
    expect(checkOn(gh, repo, pay.headOid).conclusion).toBe("failure");
    expect(checkOn(gh, repo, readme.headOid).conclusion).toBe("success");

    gh.addReview(pay, { author: "erin", state: "APPROVED" });
    gh.addReview(pay, { author: "frank", state: "APPROVED" });
    gh.setBody(pay, DESIGN_DOC_BODY);
    await send("pull_request", "edited", repo, pay.number);
    expect(checkOn(gh, repo, pay.headOid).conclusion).toBe("success");

    // New owners who have not approved.
    gh.addTeam("ev-push", "payments", ["gina"]);
    const owned = gh.branchOid(repo, "main");
    const tightened = gh.setFile(repo, "main", "CODEOWNERS", "/services/pay/ @ev-push/payments\n");
    await send("push", undefined, repo, null);
    const run = checkOn(gh, repo, pay.headOid);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toContain("@ev-push/payments");

    // A forced push back: GitHub lists no commit, yet CODEOWNERS changed again.
    repo.branches.set("main", owned);
    await send("push", undefined, repo, null, {
      before: tightened,
      override: { forced: true, commits: [] },
    });
    expect(checkOn(gh, repo, pay.headOid).conclusion).toBe("success");
  });

  it("a merge group passes when PR 7 passes, fails naming it and what it lacks when not; destroyed does nothing", async () => {
    const good = payRepo(gh, "ev-queue", { name: "good" });
    const bad = payRepo(gh, "ev-queue", { name: "bad" });
    const passing = payPull(gh, good, { number: 7 });
    const failing = payPull(gh, bad, { number: 7 });
    await send("pull_request", "opened", good, 7);
    later(gh);
    const override = gh.addComment(passing, {
      author: "alice",
      body: "/countersign override hotfix for outage",
    });
    await send("issue_comment", "created", good, 7, { commentId: override });
    expect(checkOn(gh, good, passing.headOid).conclusion).toBe("success");

    gh.setMergeQueue(good, "main", [{ number: 7 }]);
    const goodGroup = gh.mergeGroup(good, 7);
    expect(goodGroup.headRef).toBe(`refs/heads/gh-readonly-queue/main/pr-7-${passing.headOid}`);
    await send("merge_group", "checks_requested", good, 7);
    expect(checkOn(gh, good, goodGroup.headSha).conclusion).toBe("success");

    gh.setMergeQueue(bad, "main", [{ number: 7 }]);
    const badGroup = gh.mergeGroup(bad, 7);
    await send("merge_group", "checks_requested", bad, 7);
    const run = checkOn(gh, bad, badGroup.headSha);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toMatch(
      /^#7: Needs 2 more approvals from @ev-queue\/pay .*and a design doc/,
    );
    expect(gh.appCheckRuns(bad, failing.headOid)).toHaveLength(0);

    gh.clearRequests();
    await send("merge_group", "destroyed", bad, 7);
    expect(gh.apiCalls()).toHaveLength(0);
  });

  it("a failing PR ahead in the queue fails the group of the PR behind it", async () => {
    const repo = payRepo(gh, "ev-queue2");
    payPull(gh, repo, { number: 6 });
    payPull(gh, repo, {
      number: 7,
      title: "Docs",
      commits: [{ message: "Docs", files: { "README.md": "The payments API.\n" } }],
    });
    gh.setMergeQueue(repo, "main", [{ number: 6 }, { number: 7 }]);
    const group = gh.mergeGroup(repo, 7);
    await send("merge_group", "checks_requested", repo, 7);
    const run = checkOn(gh, repo, group.headSha);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toMatch(/^#6: Needs 2 more approvals/);
    expect(run.output.summary).toMatch(/\| #7 \| ✅ \|/);
  });

  it("a merge group delivered again keeps one check run on its head, updated in place", async () => {
    const repo = payRepo(gh, "ev-queue3");
    const pr = payPull(gh, repo, { number: 7 });
    gh.setMergeQueue(repo, "main", [{ number: 7 }]);
    const group = gh.mergeGroup(repo, 7);
    await send("merge_group", "checks_requested", repo, 7);
    const first = checkOn(gh, repo, group.headSha);
    expect(first.conclusion).toBe("failure");

    gh.addReview(pr, { author: "erin", state: "APPROVED" });
    gh.addReview(pr, { author: "frank", state: "APPROVED" });
    gh.setBody(pr, DESIGN_DOC_BODY);
    gh.advanceTime(5000);
    await send("merge_group", "checks_requested", repo, 7);
    const run = checkOn(gh, repo, group.headSha);
    expect(run.id).toBe(first.id);
    expect(run.started_at).toBe(first.started_at);
    expect(run.conclusion).toBe("success");
  });

  it("Re-run on a merge group's own check re-judges the group", async () => {
    const repo = payRepo(gh, "ev-queue5");
    const pr = payPull(gh, repo, { number: 7 });
    gh.setMergeQueue(repo, "main", [{ number: 7 }]);
    const group = gh.mergeGroup(repo, 7);
    await send("merge_group", "checks_requested", repo, 7);
    const first = checkOn(gh, repo, group.headSha);
    expect(first.conclusion).toBe("failure");

    gh.addReview(pr, { author: "erin", state: "APPROVED" });
    gh.addReview(pr, { author: "frank", state: "APPROVED" });
    gh.setBody(pr, DESIGN_DOC_BODY);
    await send("check_run", "rerequested", repo, 7, { checkRunId: first.id });
    const run = checkOn(gh, repo, group.headSha);
    expect(run.id).toBe(first.id);
    expect(run.conclusion).toBe("success");
  });

  it("a merge group whose queue cannot be read, or does not list the PR, fails closed", async () => {
    const repo = payRepo(gh, "ev-queue4");
    payPull(gh, repo, { number: 6 });
    payPull(gh, repo, {
      number: 7,
      title: "Docs",
      commits: [{ message: "Docs", files: { "README.md": "The payments API.\n" } }],
    });
    gh.setMergeQueue(repo, "main", [{ number: 6 }, { number: 7 }]);
    const group = gh.mergeGroup(repo, 7);
    gh.failNext({ operationName: "CountersignMergeQueue" }, 200, {
      data: null,
      errors: [{ type: "FORBIDDEN", message: "Resource not accessible by integration" }],
    });
    await send("merge_group", "checks_requested", repo, 7);
    let run = checkOn(gh, repo, group.headSha);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toMatch(/^#7: Could not evaluate: .*merge queue/);

    gh.setMergeQueue(repo, "main", []);
    await send("merge_group", "checks_requested", repo, 7);
    run = checkOn(gh, repo, group.headSha);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toMatch(/^#7: Could not evaluate: .*not in the merge queue/);
  });

  it("an event the app caused starts nothing", async () => {
    const repo = payRepo(gh, "ev-self");
    const pr = payPull(gh, repo);
    const own = gh.addComment(pr, { author: "countersign[bot]", body: "/countersign recheck" });
    gh.clearRequests();
    await send("issue_comment", "created", repo, pr.number, { commentId: own });
    expect(gh.graphqlCalls()).toHaveLength(0);
    expect(gh.writes()).toHaveLength(0);
  });

  it("coalesces a burst of events into fewer evaluations of the latest state, acknowledging each command", async () => {
    const repo = payRepo(gh, "ev-burst");
    const pr = payPull(gh, repo, { reviews: [{ author: "erin", state: "APPROVED" }] });
    await send("pull_request", "opened", repo, pr.number);
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("failure");

    gh.addLabel(pr, "payments", "dave");
    gh.addReview(pr, { author: "frank", state: "APPROVED" });
    gh.setBody(pr, DESIGN_DOC_BODY);
    const recheck = gh.addComment(pr, { author: "dave", body: "/countersign recheck" });
    // The comment first: a later event's evaluation must still acknowledge it.
    const deliveries = [
      ["issue_comment", payloadFor(gh, "issue_comment", "created", repo, pr.number)],
      ["pull_request", payloadFor(gh, "pull_request", "labeled", repo, pr.number)],
      ["pull_request_review", payloadFor(gh, "pull_request_review", "submitted", repo, pr.number)],
      ["pull_request", payloadFor(gh, "pull_request", "edited", repo, pr.number)],
    ] as const;
    gh.clearRequests();
    const answers = await Promise.all(
      deliveries.map(([event, payload]) =>
        sendWebhook(server.webhookUrl, { event, payload, secret: WEBHOOK_SECRET }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(snapshots()).toBeLessThan(deliveries.length);
    const run = checkOn(gh, repo, pr.headOid);
    expect(run.conclusion).toBe("success");
    expect(gh.reactions(recheck).map((r) => r.content)).toEqual(["+1"]);
  });
});
