/**
 * Commands through the real server and the GitHub double (issue 5, SPEC §8):
 * overrides that count and those that do not, revokes, pinning to the head
 * commit, edits and deletions, recheck and help. Each test has its own owner
 * (one installation each: Probot throttles writes per installation).
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
import { type RunningServer, startServer, testKeys } from "../support/server.js";

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

const OVERRIDE = "/countersign override hotfix for outage";

function thumbsUp(commentId: number): boolean {
  return gh
    .reactions(commentId)
    .some((r) => r.content === "+1" && r.user.login === "countersign[bot]");
}

describe("commands", () => {
  it("a repo admin's override passes the head it was given on, with a 👍; revoke and a push each undo it", async () => {
    const repo = payRepo(gh, "cmd-ok");
    const pr = payPull(gh, repo);
    await send("pull_request", "opened", repo, pr.number);
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("failure");

    later(gh);
    const override = gh.addComment(pr, { author: "alice", body: OVERRIDE });
    await send("issue_comment", "created", repo, pr.number, { commentId: override });
    let run = checkOn(gh, repo, pr.headOid);
    expect(run.conclusion).toBe("success");
    expect(run.output.title).toBe("Overridden by @alice: hotfix for outage");
    expect(run.output.summary).toMatch(/@alice .*hotfix for outage/);
    expect(thumbsUp(override)).toBe(true);
    expect(gh.appComments(pr)).toHaveLength(0);

    later(gh);
    const revoke = gh.addComment(pr, { author: "alice", body: "/countersign revoke" });
    await send("issue_comment", "created", repo, pr.number, { commentId: revoke });
    run = checkOn(gh, repo, pr.headOid);
    expect(run.conclusion).toBe("failure");
    expect(run.output.summary).toContain("revoked by a later /countersign revoke");
    expect(thumbsUp(revoke)).toBe(true);

    later(gh);
    const again = gh.addComment(pr, { author: "alice", body: OVERRIDE });
    await send("issue_comment", "created", repo, pr.number, { commentId: again });
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("success");

    const oldHead = pr.headOid;
    later(gh);
    gh.pushCommit(pr, {
      message: "More",
      files: { "services/pay/api.ts": "export const version = 3;\n" },
    });
    await send("pull_request", "synchronize", repo, pr.number);
    run = checkOn(gh, repo, pr.headOid);
    expect(run.conclusion).toBe("failure");
    expect(run.output.summary).toMatch(/written before Countersign reported on/);
    expect(checkOn(gh, repo, oldHead).conclusion).toBe("success");
    expect(gh.appComments(pr)).toHaveLength(0);
  });

  it("refuses overrides that do not count and says why; quotes, code and bots get no answer", async () => {
    const repo = payRepo(gh, "cmd-no");
    const pr = payPull(gh, repo);
    await send("pull_request", "opened", repo, pr.number);
    later(gh);
    const replies = () => gh.appComments(pr).map((c) => c.body);
    const comment = async (author: string, body: string) => {
      const id = gh.addComment(pr, { author, body });
      await send("issue_comment", "created", repo, pr.number, { commentId: id });
      expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("failure");
      expect(thumbsUp(id)).toBe(false);
      return id;
    };

    await comment("dave", OVERRIDE);
    expect(replies()).toHaveLength(1);
    expect(replies()[0]).toMatch(/^@dave .*author of a pull request cannot override/);

    await comment("walt", OVERRIDE);
    expect(replies()).toHaveLength(2);
    expect(replies()[1]).toMatch(/^@walt .*only repository admins can override/);

    await comment("alice", "/countersign override");
    expect(replies()).toHaveLength(3);
    expect(replies()[2]).toMatch(/^@alice .*needs a reason/);

    await comment("alice", `Someone wrote:\n\n> ${OVERRIDE}\n\nNot me.`);
    await comment("alice", `Type this:\n\n\`\`\`\n${OVERRIDE}\n\`\`\`\n`);
    await comment("ops-helper[bot]", OVERRIDE);
    expect(replies()).toHaveLength(3);

    // Edited before the created event arrived: the snapshot shows the edit.
    const edited = gh.addComment(pr, { author: "alice", body: OVERRIDE });
    gh.editComment(edited, `${OVERRIDE}!`);
    await send("issue_comment", "created", repo, pr.number, { commentId: edited });
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("failure");
    expect(thumbsUp(edited)).toBe(false);
    expect(replies()).toHaveLength(4);
    expect(replies()[3]).toMatch(/^@alice .*edited/);

    // A comment turned into a command by an edit: never a command, and edits are not acknowledged.
    const lgtm = await comment("alice", "LGTM");
    gh.editComment(lgtm, OVERRIDE);
    await send("issue_comment", "edited", repo, pr.number, {
      commentId: lgtm,
      changes: { body: { from: "LGTM" } },
    });
    const run = checkOn(gh, repo, pr.headOid);
    expect(run.conclusion).toBe("failure");
    expect(thumbsUp(lgtm)).toBe(false);
    expect(replies()).toHaveLength(4);
    expect(run.output.summary).toContain("the PR author cannot override");
    expect(run.output.summary).toContain("only repository admins may override");
    expect(run.output.summary).toContain("edited after posting");
  });

  it("with approvals_needed: 2, two different people must override", async () => {
    const repo = payRepo(gh, "cmd-two", {
      policy: `${PAY_SERVICE}overrides:\n  approvals_needed: 2\n`,
    });
    const pr = payPull(gh, repo);
    await send("pull_request", "opened", repo, pr.number);
    later(gh);
    const first = gh.addComment(pr, { author: "alice", body: OVERRIDE });
    await send("issue_comment", "created", repo, pr.number, { commentId: first });
    let run = checkOn(gh, repo, pr.headOid);
    expect(run.conclusion).toBe("failure");
    expect(run.output.summary).toContain("1 of 2 overrides given");
    expect(thumbsUp(first)).toBe(true);
    expect(gh.appComments(pr).map((c) => c.body)).toEqual([
      expect.stringMatching(/^@alice override recorded \(1 of 2\)/),
    ]);

    later(gh);
    const second = gh.addComment(pr, { author: "bob", body: "/countersign override confirmed" });
    await send("issue_comment", "created", repo, pr.number, { commentId: second });
    run = checkOn(gh, repo, pr.headOid);
    expect(run.conclusion).toBe("success");
    expect(run.output.title).toMatch(/^Overridden by @alice and @bob/);
    expect(gh.appComments(pr)).toHaveLength(1);
  });

  it("an accepted override edited or deleted stops counting, and is told once", async () => {
    const repo = payRepo(gh, "cmd-edit");
    const pr = payPull(gh, repo);
    await send("pull_request", "opened", repo, pr.number);
    later(gh);
    const first = gh.addComment(pr, { author: "alice", body: OVERRIDE });
    await send("issue_comment", "created", repo, pr.number, { commentId: first });
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("success");

    gh.editComment(first, `${OVERRIDE} (typo)`);
    const edited = { commentId: first, changes: { body: { from: OVERRIDE } } };
    await send("issue_comment", "edited", repo, pr.number, edited);
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("failure");
    expect(gh.appComments(pr)).toHaveLength(1);
    expect(gh.appComments(pr)[0]!.body).toMatch(
      /@alice your override .* no longer counts: its comment was edited/,
    );
    await send("issue_comment", "edited", repo, pr.number, edited);
    expect(gh.appComments(pr)).toHaveLength(1);

    later(gh);
    const second = gh.addComment(pr, {
      author: "bob",
      body: "/countersign override still an outage",
    });
    await send("issue_comment", "created", repo, pr.number, { commentId: second });
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("success");
    gh.deleteComment(second);
    await send("issue_comment", "deleted", repo, pr.number, { commentId: second });
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("failure");
    expect(gh.appComments(pr)).toHaveLength(2);
    expect(gh.appComments(pr)[1]!.body).toMatch(
      /@bob your override .* no longer counts: its comment was deleted/,
    );
    await send("issue_comment", "deleted", repo, pr.number, { commentId: second });
    expect(gh.appComments(pr)).toHaveLength(2);
  });

  it("refuses an override written before the head it would apply to was reported on, asking to repeat it", async () => {
    const repo = payRepo(gh, "cmd-race");
    const pr = payPull(gh, repo);
    await send("pull_request", "opened", repo, pr.number);
    later(gh);
    gh.pushCommit(pr, {
      message: "Race",
      files: { "services/pay/api.ts": "export const version = 3;\n" },
    });
    const override = gh.addComment(pr, { author: "alice", body: OVERRIDE });
    later(gh);
    await send("pull_request", "synchronize", repo, pr.number);
    await send("issue_comment", "created", repo, pr.number, { commentId: override });
    const run = checkOn(gh, repo, pr.headOid);
    expect(run.conclusion).toBe("failure");
    expect(Date.parse(run.started_at!)).toBeGreaterThan(
      Date.parse(gh.comments(pr).find((c) => c.databaseId === override)!.createdAt),
    );
    expect(thumbsUp(override)).toBe(false);
    expect(gh.appComments(pr).map((c) => c.body)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^@alice .*written before Countersign reported on the current head, \`${pr.headOid.slice(0, 7)}\`.*repeat it`,
        ),
      ),
    ]);
  });

  it("recheck re-evaluates; help replies with usage; an unknown sub-command lists the valid ones", async () => {
    const repo = payRepo(gh, "cmd-misc");
    const pr = payPull(gh, repo);
    await send("pull_request", "opened", repo, pr.number);
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("failure");

    // Met without any event telling the app.
    gh.addReview(pr, { author: "erin", state: "APPROVED" });
    gh.addReview(pr, { author: "frank", state: "APPROVED" });
    gh.setBody(pr, DESIGN_DOC_BODY);
    const recheck = gh.addComment(pr, { author: "dave", body: "/countersign recheck" });
    await send("issue_comment", "created", repo, pr.number, { commentId: recheck });
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("success");
    expect(thumbsUp(recheck)).toBe(true);
    expect(gh.appComments(pr)).toHaveLength(0);

    const help = gh.addComment(pr, { author: "dave", body: "/countersign help" });
    await send("issue_comment", "created", repo, pr.number, { commentId: help });
    expect(gh.appComments(pr)).toHaveLength(1);
    const usage = gh.appComments(pr)[0]!.body;
    expect(usage).toMatch(/^@dave Countersign commands/);
    for (const word of ["override <reason>", "revoke", "recheck", "help"]) {
      expect(usage).toContain(`/countersign ${word}`);
    }

    const unknown = gh.addComment(pr, { author: "dave", body: "/countersign frobnicate" });
    await send("issue_comment", "created", repo, pr.number, { commentId: unknown });
    expect(gh.appComments(pr)).toHaveLength(2);
    expect(gh.appComments(pr)[1]!.body).toMatch(
      /^@dave `\/countersign frobnicate` is not a command\. Use `\/countersign override <reason>`, `revoke`, `recheck` or `help`\./,
    );
    expect(thumbsUp(unknown)).toBe(false);
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("success");
  });

  it("a recheck whose evaluation fails leaves no stale success: the check says `Could not evaluate`", async () => {
    const repo = payRepo(gh, "cmd-fail");
    const pr = payPull(gh, repo, {
      title: "Docs",
      commits: [{ message: "Docs", files: { "README.md": "The payments API.\n" } }],
    });
    await send("pull_request", "opened", repo, pr.number);
    expect(checkOn(gh, repo, pr.headOid).conclusion).toBe("success");

    const recheck = gh.addComment(pr, { author: "dave", body: "/countersign recheck" });
    gh.failNext({ operationName: "CountersignSnapshot" }, 200, {
      data: null,
      errors: [{ type: "FORBIDDEN", message: "Resource not accessible by integration" }],
    });
    await send("issue_comment", "created", repo, pr.number, { commentId: recheck });
    const run = checkOn(gh, repo, pr.headOid);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("Could not evaluate");
  });
});
