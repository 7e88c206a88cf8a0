/**
 * Integrity (issue 8): each way a member with write access turned the
 * required `countersign` check green without meeting the policy, replayed
 * through the real server process against the GitHub double — which models
 * GitHub's own gaps (the association look-up misses forks' heads and lists
 * only the merged PR for a default-branch commit; a fast-forward push leaves
 * no timeline item; anyone with write access edits or deletes comments).
 * Each test asserts the final verdict a merge would read.
 */
import type { GitHubDouble, PullModel, RepoModel } from "../support/github-double.js";
import { startGitHubDouble } from "../support/github-double.js";
import {
  checkOn,
  later,
  PAY_SERVICE,
  payPull,
  payRepo,
  webhookSender,
} from "../support/pay-scenario.js";
import { type RunningServer, startServer, testKeys } from "../support/server.js";

let gh: GitHubDouble;
let server: RunningServer;
let send: ReturnType<typeof webhookSender>;

beforeAll(async () => {
  gh = await startGitHubDouble({ appId: 4242, publicKey: testKeys.publicKey });
  server = await startServer({
    gheHost: gh.host,
    appId: 4242,
    env: { COUNTERSIGN_REJUDGE_SPACING_MS: "10" },
  });
  send = webhookSender(gh, () => server);
});

afterAll(async () => {
  await server?.stop();
  await gh?.close();
});

const OVERRIDE = "/countersign override hotfix for outage";

/** dave's PR: a critical change (`services/pay/api.ts`), then a README line on top. */
function criticalThenReadme(repo: RepoModel): PullModel {
  return gh.addPullRequest(repo, {
    author: "dave",
    headRef: "feature",
    commits: [
      { message: "Pay faster", files: { "services/pay/api.ts": "export const version = 2;\n" } },
      { message: "Docs", files: { "README.md": "The API, faster.\n" } },
    ],
  });
}

/** `git branch lax feature~1`, then a PR `<headRef> → lax` on the same head commit as `x`. */
function onSameHead(x: PullModel, extra: { headRef?: string; fromFork?: boolean } = {}) {
  return gh.openPullOnHead(x, {
    author: "dave",
    baseRef: "lax",
    headRef: "feature-copy",
    baseAt: x.commits[0]!,
    ...extra,
  });
}

function runsOn(repo: RepoModel, sha: string) {
  return gh.appCheckRuns(repo, sha, "countersign");
}

describe("1. same head, another PR", () => {
  it("a second PR whose own diff is harmless cannot turn the shared head green", async () => {
    const repo = payRepo(gh, "atk-head");
    const x = criticalThenReadme(repo);
    await send("pull_request", "opened", repo, x.number);
    expect(checkOn(gh, repo, x.headOid).conclusion).toBe("failure");

    // `git branch lax feature~1`, then a PR feature-copy → lax: its diff is one README line.
    const y = onSameHead(x);
    expect(y.headOid).toBe(x.headOid);
    await send("pull_request", "opened", repo, y.number);
    const run = checkOn(gh, repo, x.headOid);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toMatch(new RegExp(`^#${x.number}: Needs`));
    expect(run.output.summary).toContain(`| #${y.number} | \`lax\` | success |`);
    expect(run.output.summary).toContain(`| #${x.number} | \`main\` | failure |`);

    // Closing the failing PR re-judges the one left: now only its verdict stands.
    gh.closePull(x);
    await send("pull_request", "closed", repo, x.number);
    const after = checkOn(gh, repo, x.headOid);
    expect(after.conclusion).toBe("success");
    expect(after.output.title).not.toMatch(/^#/);
  });

  it("two PRs on one head judged at once leave one run, failing", async () => {
    const repo = payRepo(gh, "atk-race");
    const x = criticalThenReadme(repo);
    const y = onSameHead(x);
    await Promise.all([
      send("pull_request", "opened", repo, y.number),
      send("pull_request", "opened", repo, x.number),
      send("pull_request", "synchronize", repo, y.number),
    ]);
    const runs = runsOn(repo, x.headOid);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.conclusion).toBe("failure");
  });

  it("a fork's PR on the same head, invisible to GitHub's association, is still found", async () => {
    const repo = payRepo(gh, "atk-fork");
    const x = criticalThenReadme(repo);
    const y = onSameHead(x, { headRef: "fork-feature", fromFork: true });
    // The harmless fork PR first, then the failing one, then the fork PR again.
    await send("pull_request", "opened", repo, y.number);
    expect(checkOn(gh, repo, x.headOid).conclusion).toBe("failure");
    await send("pull_request", "opened", repo, x.number);
    await send("pull_request", "edited", repo, y.number);
    expect(checkOn(gh, repo, x.headOid).conclusion).toBe("failure");
  });
});

describe("2. an override does not follow the head back", () => {
  async function overriddenClean(owner: string) {
    const repo = payRepo(gh, owner);
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [{ message: "evil", files: { "services/pay/api.ts": "export const evil = 1;\n" } }],
    });
    const evil = pr.headOid;
    await send("pull_request", "opened", repo, pr.number);
    expect(checkOn(gh, repo, evil).conclusion).toBe("failure");
    return { repo, pr, evil };
  }

  it("by force-push: an override given on clean does not pass evil again", async () => {
    const { repo, pr, evil } = await overriddenClean("atk-back-force");
    later(gh);
    gh.pushCommit(pr, {
      message: "clean",
      files: { "services/pay/api.ts": "export const v = 1;\n" },
    });
    await send("pull_request", "synchronize", repo, pr.number);
    later(gh);
    const override = gh.addComment(pr, { author: "alice", body: OVERRIDE });
    await send("issue_comment", "created", repo, pr.number, { commentId: override });
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("success");

    later(gh);
    const clean = pr.headOid;
    gh.moveHead(pr, evil, { forced: true, actor: "dave" });
    await send("pull_request", "synchronize", repo, pr.number, { before: clean });
    const run = checkOn(gh, repo, evil);
    expect(run.conclusion).toBe("failure");
    expect(run.output.summary).toContain("written before the pull request's head returned to");
  });

  it("by fast-forward, which GitHub's timeline does not record", async () => {
    const { repo, pr, evil } = await overriddenClean("atk-back-ff");
    // evil's parent is the base tip here; give it a real parent: clean, then evil on top.
    later(gh);
    const cleanCommit = gh.pushCommit(pr, {
      message: "clean",
      files: { "services/pay/api.ts": "export const v = 1;\n" },
    });
    later(gh);
    const evil2 = gh.pushCommit(pr, {
      message: "evil again",
      files: { "services/pay/api.ts": "export const evil = 2;\n" },
    });
    await send("pull_request", "synchronize", repo, pr.number);
    expect(checkOn(gh, repo, evil2.oid).conclusion).toBe("failure");
    expect(evil).not.toBe(evil2.oid);

    // Force-push back to clean = evil~1, get the override there…
    later(gh);
    gh.moveHead(pr, cleanCommit.oid, { forced: true, actor: "dave" });
    await send("pull_request", "synchronize", repo, pr.number, { before: evil2.oid });
    later(gh);
    const override = gh.addComment(pr, { author: "alice", body: OVERRIDE });
    await send("issue_comment", "created", repo, pr.number, { commentId: override });
    expect(checkOn(gh, repo, cleanCommit.oid).conclusion).toBe("success");

    // …then push evil again as a fast-forward: no timeline item, only the delivery says so.
    later(gh);
    gh.moveHead(pr, evil2.oid, { forced: false });
    expect(gh.timeline(pr).filter((t) => t.kind === "HeadRefForcePushedEvent")).toHaveLength(1);
    await send("pull_request", "synchronize", repo, pr.number, { before: cleanCommit.oid });
    expect(checkOn(gh, repo, evil2.oid).conclusion).toBe("failure");
  });
});

describe("3. a revoke stands once seen", () => {
  it.each([["edited"], ["deleted"]])(
    "an admin's revoke %s by someone else does not bring the override back",
    async (how) => {
      const repo = payRepo(gh, `atk-revoke-${how}`);
      const pr = payPull(gh, repo);
      await send("pull_request", "opened", repo, pr.number);
      later(gh);
      const override = gh.addComment(pr, { author: "alice", body: OVERRIDE });
      await send("issue_comment", "created", repo, pr.number, { commentId: override });
      expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("success");
      later(gh);
      const revoke = gh.addComment(pr, { author: "alice", body: "/countersign revoke" });
      await send("issue_comment", "created", repo, pr.number, { commentId: revoke });
      expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("failure");

      // walt (write access) edits or deletes alice's revoke.
      if (how === "edited") {
        gh.editComment(revoke, "thanks");
        await send("issue_comment", "edited", repo, pr.number, {
          commentId: revoke,
          sender: "walt",
          changes: { body: { from: "/countersign revoke" } },
        });
      } else {
        gh.deleteComment(revoke);
        await send("issue_comment", "deleted", repo, pr.number, {
          commentId: revoke,
          sender: "walt",
        });
      }
      const run = checkOn(gh, repo, pr.headOid);
      expect(run.conclusion).toBe("failure");
      await send("issue_comment", "created", repo, pr.number, { commentId: override });
      expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("failure");
    },
  );

  it("an admin may revoke someone else's override with /countersign revoke @user; a writer may not", async () => {
    const repo = payRepo(gh, "atk-revoke-other");
    const pr = payPull(gh, repo);
    await send("pull_request", "opened", repo, pr.number);
    later(gh);
    const override = gh.addComment(pr, { author: "alice", body: OVERRIDE });
    await send("issue_comment", "created", repo, pr.number, { commentId: override });
    later(gh);
    const byWriter = gh.addComment(pr, { author: "walt", body: "/countersign revoke @alice" });
    await send("issue_comment", "created", repo, pr.number, { commentId: byWriter });
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("success");
    later(gh);
    const byAdmin = gh.addComment(pr, { author: "bob", body: "/countersign revoke @alice" });
    await send("issue_comment", "created", repo, pr.number, { commentId: byAdmin });
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("failure");
  });
});

describe("4. the PR's own people cannot clear the AI label", () => {
  const AI_COMMIT = {
    message: "Refactor\n\nCo-Authored-By: Claude <noreply@anthropic.com>",
    files: { "src/app.ts": "export const app = 2;\n" },
  };

  it("an author who is an admin removes ai-assisted from their own PR: it comes back and the rule applies", async () => {
    const repo = payRepo(gh, "atk-label-author");
    gh.setPermission(repo, "dave", "admin");
    const pr = gh.addPullRequest(repo, { author: "dave", commits: [AI_COMMIT] });
    await send("pull_request", "opened", repo, pr.number);
    expect(gh.labels(pr)).toContain("ai-assisted");
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("failure");

    later(gh);
    gh.removeLabel(pr, "ai-assisted", "dave");
    await send("pull_request", "unlabeled", repo, pr.number, { label: "ai-assisted" });
    expect(gh.labels(pr)).toContain("ai-assisted");
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("failure");
  });

  it("a label a reviewer added by hand, removed by the (admin) author, comes back", async () => {
    const repo = payRepo(gh, "atk-label-hand");
    gh.setPermission(repo, "dave", "admin");
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [{ message: "Plain", files: { "src/app.ts": "export const app = 3;\n" } }],
    });
    await send("pull_request", "opened", repo, pr.number);
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("success");
    later(gh);
    gh.addLabel(pr, "ai-assisted", "erin");
    await send("pull_request", "labeled", repo, pr.number, { label: "ai-assisted" });
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("failure");
    later(gh);
    gh.removeLabel(pr, "ai-assisted", "dave");
    await send("pull_request", "unlabeled", repo, pr.number, { label: "ai-assisted" });
    expect(gh.labels(pr)).toContain("ai-assisted");
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("failure");
  });
});

describe("5. the PR's own _extends prints nothing it read", () => {
  it("a token file of the same owner and another owner's policy are named, never quoted", async () => {
    const TOKEN = "ghp_R3alLookingT0kenValue0000000000000";
    gh.addRepo({
      owner: "atk-extends",
      name: "secrets",
      branches: { main: { "token.yml": `${TOKEN}\n` } },
    });
    gh.addRepo({
      owner: "atk-other-org",
      name: "policy",
      branches: { main: { ".github/countersign.yml": "stripe_live_key: sk_live_abc\n" } },
    });
    for (const target of ["secrets:token.yml", "atk-other-org/policy"]) {
      const repo = payRepo(gh, "atk-extends", { name: `api-${target.length}` });
      const pr = gh.addPullRequest(repo, {
        author: "dave",
        commits: [
          { message: "policy", files: { ".github/countersign.yml": `_extends: ${target}\n` } },
        ],
      });
      await send("pull_request", "opened", repo, pr.number);
      const run = checkOn(gh, repo, pr.headOid);
      expect(run.conclusion).toBe("failure");
      expect(run.output.title).toBe("Invalid configuration");
      const shown = [run.output.title, run.output.summary, run.output.text ?? ""].join("\n");
      for (const secret of [TOKEN, "ghp_", "stripe_live_key", "sk_live_abc"]) {
        expect(shown).not.toContain(secret);
      }
    }
  });
});

describe("6. commands GitHub does not show do not count", () => {
  it.each([
    ["inside an HTML comment", `Thanks!\n<!--\n${OVERRIDE}\n-->`],
    ["on a lazy continuation line of a quote", `> Do we need this?\n${OVERRIDE}`],
  ])("an override %s is no override", async (_how, body) => {
    const repo = payRepo(gh, `atk-hidden-${body.length}`);
    const pr = payPull(gh, repo);
    await send("pull_request", "opened", repo, pr.number);
    later(gh);
    const hidden = gh.addComment(pr, { author: "alice", body });
    await send("issue_comment", "created", repo, pr.number, { commentId: hidden });
    const run = checkOn(gh, repo, pr.headOid);
    expect(run.conclusion).toBe("failure");
    expect(run.output.summary).not.toContain("Overridden");
    expect(gh.reactions(hidden)).toHaveLength(0);
  });
});

describe("7. org policy that cannot be read is said, not silent", () => {
  it("names the unreadable organisation .github repository in the summary", async () => {
    gh.addRepo({
      owner: "atk-orgloss",
      name: ".github",
      installationId: 987_654,
      branches: { main: { ".github/countersign.yml": PAY_SERVICE } },
    });
    const repo = gh.addRepo({
      owner: "atk-orgloss",
      name: "api",
      branches: { main: { "services/pay/api.ts": "export const v = 1;\n" } },
    });
    gh.setPermission(repo, "dave", "write");
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [{ message: "x", files: { "services/pay/api.ts": "export const v = 2;\n" } }],
    });
    await send("pull_request", "opened", repo, pr.number);
    const run = checkOn(gh, repo, pr.headOid);
    expect(run.output.summary).toContain(
      "No organisation policy found at atk-orgloss/.github (absent, or not in this installation)",
    );
  });
});

describe("8. a tightened organisation policy re-judges passing PRs", () => {
  it("a push to the org .github policy file turns a stale success into failure", async () => {
    const org = gh.addRepo({
      owner: "atk-orgpush",
      name: ".github",
      branches: { main: { ".github/countersign.yml": "mode: enforce\n" } },
    });
    const repo = gh.addRepo({
      owner: "atk-orgpush",
      name: "api",
      branches: {
        main: {
          "services/pay/api.ts": "export const v = 1;\n",
          CODEOWNERS: "/services/pay/ @atk-orgpush/pay\n",
        },
      },
    });
    gh.addTeam("atk-orgpush", "pay", ["erin", "frank"]);
    gh.setPermission(repo, "dave", "write");
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [{ message: "x", files: { "services/pay/api.ts": "export const v = 2;\n" } }],
    });
    await send("pull_request", "opened", repo, pr.number);
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("success");

    gh.setFile(org, "main", ".github/countersign.yml", PAY_SERVICE, "Tighten");
    await send("push", undefined, org, null);
    await waitFor(() => checkOn(gh, repo, pr.headOid).conclusion === "failure");
    expect(checkOn(gh, repo, pr.headOid).output.title).toMatch(/^Needs 2 more approvals/);
  });
});

describe("a repository flipped to critical re-judges its open PRs (custom_property_values)", () => {
  it("a passing PR fails once its repository's criticality property says critical", async () => {
    const repo = gh.addRepo({
      owner: "atk-props",
      ownerType: "Organization",
      name: "api",
      branches: {
        main: { "src/app.ts": "export const v = 1;\n", CODEOWNERS: "* @atk-props/core\n" },
      },
    });
    gh.addTeam("atk-props", "core", ["erin", "frank"]);
    gh.setPermission(repo, "dave", "write");
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [{ message: "x", files: { "src/app.ts": "export const v = 2;\n" } }],
    });
    await send("pull_request", "opened", repo, pr.number);
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("success");
    gh.setCustomProperties(repo, { criticality: "critical" });
    await send("custom_property_values", "updated", repo, null);
    await waitFor(() => checkOn(gh, repo, pr.headOid).conclusion === "failure");
    expect(checkOn(gh, repo, pr.headOid).output.title).toMatch(/^Needs 2 more approvals/);
  });
});

describe("9. pushers are contributors; the author cannot lift a block", () => {
  it("a code owner who pushed under a made-up identity cannot approve", async () => {
    const repo = payRepo(gh, "atk-pusher");
    const pr = gh.addPullRequest(repo, {
      author: "walt",
      commits: [{ message: "x", files: { "services/pay/api.ts": "export const x = 1;\n" } }],
    });
    await send("pull_request", "opened", repo, pr.number);
    later(gh);
    const before = pr.headOid;
    gh.pushCommit(pr, {
      message: "More",
      author: { name: "temp", email: "temp@nowhere.invalid", login: null },
      committer: { name: "temp", email: "temp@nowhere.invalid", login: null },
      files: { "services/pay/api.ts": "export const x = 2;\n" },
    });
    await send("pull_request", "synchronize", repo, pr.number, { before, sender: "erin" });
    later(gh);
    gh.addReview(pr, { author: "erin", state: "APPROVED" });
    gh.addReview(pr, { author: "frank", state: "APPROVED" });
    await send("pull_request_review", "submitted", repo, pr.number);
    const run = checkOn(gh, repo, pr.headOid);
    expect(run.conclusion).toBe("failure");
    expect(run.output.summary).toContain("pushed to the PR");

    // The pusher stays a contributor on the next head too (carried forward from the run on `before`).
    later(gh);
    const second = pr.headOid;
    gh.pushCommit(pr, { message: "More", files: { "README.md": "x\n" } });
    await send("pull_request", "synchronize", repo, pr.number, { before: second, sender: "walt" });
    gh.addReview(pr, { author: "erin", state: "APPROVED" });
    gh.addReview(pr, { author: "frank", state: "APPROVED" });
    await send("pull_request_review", "submitted", repo, pr.number);
    expect(checkOn(gh, repo, pr.headOid).output.summary).toContain("pushed to the PR");
  });

  it("the PR author dismissing an owner's changes-requested review does not lift the block", async () => {
    const repo = payRepo(gh, "atk-dismiss");
    gh.team("atk-dismiss", "pay")!.members.push("gina");
    gh.setPermission(repo, "gina", "write");
    const pr = payPull(gh, repo, { body: "Design-Doc: docs/design/pay.md\n" });
    await send("pull_request", "opened", repo, pr.number);
    later(gh);
    const blocker = gh.addReview(pr, { author: "erin", state: "CHANGES_REQUESTED" });
    gh.addReview(pr, { author: "frank", state: "APPROVED" });
    gh.addReview(pr, { author: "gina", state: "APPROVED" });
    gh.dismissReview(pr, blocker.databaseId, "dave");
    await send("pull_request_review", "dismissed", repo, pr.number, {
      reviewId: blocker.databaseId,
    });
    const run = checkOn(gh, repo, pr.headOid);
    expect(run.conclusion).toBe("failure");
    expect(run.output.summary).toMatch(/erin/);

    // Dismissed by an admin who did not write it, the block lifts: two owners approved.
    const again = gh.addReview(pr, { author: "erin", state: "CHANGES_REQUESTED" });
    gh.dismissReview(pr, again.databaseId, "alice");
    await send("pull_request_review", "dismissed", repo, pr.number, { reviewId: again.databaseId });
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("success");
  });
});

async function waitFor(done: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if (done()) return;
    } catch {
      // not there yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(done()).toBe(true);
}
