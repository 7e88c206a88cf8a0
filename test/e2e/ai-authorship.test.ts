/**
 * AI authorship end to end (issue 3, SPEC §3 and §7): the real server
 * process, signed webhooks and the GitHub double. Each test has its own
 * owner, so its own installation and its own write throttle.
 */
import type { GitHubDouble, PullModel, RepoModel } from "../support/github-double.js";
import { startGitHubDouble } from "../support/github-double.js";
import { type RunningServer, startServer, testKeys, WEBHOOK_SECRET } from "../support/server.js";
import { type PayloadExtra, payloadFor, sendWebhook } from "../support/webhooks.js";

const LABEL = "ai-assisted";
const CLAUDE = "Co-Authored-By: Claude <noreply@anthropic.com>";
const DAVE = { name: "Dave Doe", email: "dave@example.com", login: "dave" };

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

function newRepo(owner: string): RepoModel {
  return gh.addRepo({
    owner,
    name: "api",
    branches: { main: { "src/client.ts": "export {};\n", "package.json": "{}\n" } },
  });
}

async function send(
  repo: RepoModel,
  pr: PullModel,
  action: string,
  extra: PayloadExtra = {},
): Promise<void> {
  const payload = payloadFor(gh, "pull_request", action, repo, pr.number, extra);
  const res = await sendWebhook(server.webhookUrl, {
    event: "pull_request",
    payload,
    secret: WEBHOOK_SECRET,
  });
  expect(res.status).toBe(200);
}

function check(repo: RepoModel, pr: PullModel) {
  const runs = gh.appCheckRuns(repo, pr.headOid, "countersign");
  expect(runs).toHaveLength(1);
  return runs[0]!;
}

/** The summary's "AI authorship" section, up to the next heading. */
function aiSection(repo: RepoModel, pr: PullModel): string {
  const summary = check(repo, pr).output.summary ?? "";
  const start = summary.indexOf("### AI authorship");
  expect(start).toBeGreaterThanOrEqual(0);
  const next = summary.indexOf("\n#", start + 1);
  return summary.slice(start, next < 0 ? undefined : next);
}

/** Label writes (create, add, remove) in this repository since the last `clearRequests`. */
function labelWrites(repo: RepoModel): string[] {
  const prefix = `/api/v3/repos/${repo.fullName}/`;
  return gh
    .writes()
    .filter((w) => w.path.startsWith(prefix) && w.path.includes("/labels"))
    .map((w) => `${w.method} ${w.path.slice(prefix.length)}`);
}

/** The PR's latest label event, as its timeline shows it. */
function lastLabelEvent(pr: PullModel): { kind: string; label: string; by: string | undefined } {
  const event = gh
    .timeline(pr)
    .filter((t) => t.kind === "LabeledEvent" || t.kind === "UnlabeledEvent")
    .at(-1);
  if (!event || !("label" in event)) throw new Error("no label event");
  return { kind: event.kind, label: event.label, by: event.actor?.login };
}

const APP_BOT = { login: "countersign[bot]", type: "Bot" as const };

/** A Claude-co-authored commit: the trailer is the message's last paragraph. */
function claudeCommit() {
  return {
    message: `Retry idempotent requests\n\nThe client now retries GETs on 502.\n\n${CLAUDE}\n`,
    author: DAVE,
    files: { "src/client.ts": "export const retries = 3;\n" },
  };
}

function commitUrl(repo: RepoModel, oid: string): string {
  return `${gh.url}/${repo.owner}/${repo.name}/commit/${oid}`;
}

describe("AI authorship through the server", () => {
  it("labels a PR whose commit ends with a Claude co-author trailer, creating the label, and lists the evidence by short SHA", async () => {
    const repo = newRepo("ai-claude");
    const pr = gh.addPullRequest(repo, { author: "dave", commits: [claudeCommit()] });
    gh.clearRequests();
    await send(repo, pr, "opened");

    expect(gh.labels(pr)).toEqual([LABEL]);
    // Colouring the new label waits until the verdict is written: under the
    // production throttle each write is a second, and the colour decides nothing.
    const prefix = `/api/v3/repos/${repo.fullName}/`;
    expect(gh.writes().map((w) => `${w.method} ${w.path.replace(prefix, "")}`)).toEqual([
      `POST issues/${pr.number}/labels`,
      "POST check-runs",
      `PATCH labels/${LABEL}`,
    ]);
    const label = repo.labels.get(LABEL)!;
    expect(label.color).toBe("8250df");
    expect(label.description).toMatch(/AI coding tool/);
    expect(lastLabelEvent(pr)).toEqual({
      kind: "LabeledEvent",
      label: LABEL,
      by: "countersign[bot]",
    });

    const section = aiSection(repo, pr);
    expect(section).toMatch(/🤖 \*\*AI-assisted\*\*/);
    expect(section).toContain(`\`${CLAUDE}\``);
    const oid = pr.commits[0]!;
    expect(section).toContain(`[${oid.slice(0, 7)}](${commitUrl(repo, oid)})`);
    // The default `ai-assisted` rule now applies: one approval.
    expect(check(repo, pr).output.title).toBe("Needs 1 more approval");

    // Written only when it changes: the next evaluation leaves the label alone.
    gh.clearRequests();
    await send(repo, pr, "edited");
    expect(labelWrites(repo)).toEqual([]);
    expect(gh.writes().map((w) => w.method)).toEqual(["PATCH"]);
    expect(gh.labels(pr)).toEqual([LABEL]);
  });

  it("ignores the same line in a middle paragraph: not the trailer block", async () => {
    const repo = newRepo("ai-middle");
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [
        {
          message: `Document the trailer agents add\n\nClaude Code ends its commits with:\n${CLAUDE}\n\nSigned-off-by: Dave Doe <dave@example.com>\n`,
          author: DAVE,
          files: { "src/client.ts": "// see CONTRIBUTING\n" },
        },
      ],
    });
    gh.clearRequests();
    await send(repo, pr, "opened");

    expect(gh.labels(pr)).toEqual([]);
    expect(labelWrites(repo)).toEqual([]);
    const section = aiSection(repo, pr);
    expect(section).toMatch(/Not AI-assisted/);
    expect(section).not.toContain("Evidence");
    expect(section).not.toContain("noreply@anthropic.com");
    expect(check(repo, pr).output.title).toBe("No rules apply");
  });

  it("labels a PR opened by Copilot (a Bot), reusing the repository's label of another case", async () => {
    const repo = newRepo("ai-copilot");
    gh.ensureLabel(repo, "AI-Assisted", "ededed", "ours");
    const pr = gh.addPullRequest(repo, {
      author: { login: "Copilot", type: "Bot" },
      commits: [
        {
          message: "Add retry to the client",
          author: DAVE,
          files: { "src/client.ts": "export const retries = 2;\n" },
        },
      ],
    });
    gh.clearRequests();
    await send(repo, pr, "opened");

    // Label names are case-insensitive on GitHub: the existing label is applied, untouched.
    expect(gh.labels(pr)).toEqual(["AI-Assisted"]);
    expect([...repo.labels.values()].map((l) => [l.name, l.color, l.description])).toEqual([
      ["AI-Assisted", "ededed", "ours"],
    ]);
    expect(labelWrites(repo)).toContain("POST issues/1/labels");
    const section = aiSection(repo, pr);
    expect(section).toMatch(/🤖 \*\*AI-assisted\*\*/);
    expect(section).toContain("PR author is an AI agent");
    expect(section).toContain("`@Copilot`");
  });

  it("does not label a Dependabot PR bumping @openai/codex", async () => {
    const repo = newRepo("ai-dependabot");
    const pr = gh.addPullRequest(repo, {
      author: "dependabot[bot]",
      title: "Bump @openai/codex from 0.1.2504 to 0.2.0",
      body: "Bumps [@openai/codex](https://github.com/openai/codex) from 0.1.2504 to 0.2.0.\n<details>\n<summary>Release notes</summary>\n<p><em>Sourced from <a href=\"https://github.com/openai/codex/releases\">@openai/codex's releases</a>.</em></p>\n</details>\n\nDependabot will resolve any conflicts with this PR as long as you don't alter it yourself.",
      headRef: "dependabot/npm_and_yarn/openai/codex-0.2.0",
      commits: [
        {
          message:
            'Bump @openai/codex from 0.1.2504 to 0.2.0\n\nBumps [@openai/codex](https://github.com/openai/codex) from 0.1.2504 to 0.2.0.\n- [Release notes](https://github.com/openai/codex/releases)\n- [Commits](https://github.com/openai/codex/commits)\n\n---\nupdated-dependencies:\n- dependency-name: "@openai/codex"\n  dependency-version: 0.2.0\n  dependency-type: direct:development\n...\n\nSigned-off-by: dependabot[bot] <support@github.com>\n',
          author: {
            name: "dependabot[bot]",
            email: "49699333+dependabot[bot]@users.noreply.github.com",
          },
          committer: { name: "GitHub", email: "noreply@github.com" },
          files: { "package.json": '{ "devDependencies": { "@openai/codex": "0.2.0" } }\n' },
        },
      ],
    });
    gh.clearRequests();
    await send(repo, pr, "opened");

    expect(gh.labels(pr)).toEqual([]);
    expect(labelWrites(repo)).toEqual([]);
    const section = aiSection(repo, pr);
    expect(section).toMatch(/Not AI-assisted/);
    expect(section).not.toContain("Evidence");
  });

  it("does not label a PR whose trailers say `Assisted-by: none` and `Generated-by: none`", async () => {
    const repo = newRepo("ai-none");
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [
        {
          message:
            "Tidy the client\n\nAssisted-by: none\nSigned-off-by: Dave Doe <dave@example.com>\n",
          author: DAVE,
          files: { "src/client.ts": "export {}; // tidy\n" },
        },
        {
          message: "Tidy more\n\nGenerated-by: none\n",
          author: DAVE,
          files: { "src/client.ts": "export {}; // tidier\n" },
        },
      ],
    });
    gh.clearRequests();
    await send(repo, pr, "opened");

    expect(gh.labels(pr)).toEqual([]);
    expect(labelWrites(repo)).toEqual([]);
    const section = aiSection(repo, pr);
    expect(section).toMatch(/Not AI-assisted/);
    expect(section).not.toContain("Evidence");
  });

  it("puts the label back when a write-only user removes it while evidence remains, and ignores its own label event", async () => {
    const repo = newRepo("ai-sticky");
    gh.setPermission(repo, "wanda", "write");
    // As the app left it after the PR was opened: labelled by countersign[bot].
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [claudeCommit()],
      labels: [LABEL],
      timeline: [{ type: "labeled", label: LABEL, actor: APP_BOT }],
    });

    gh.removeLabel(pr, LABEL, "wanda");
    gh.clearRequests();
    await send(repo, pr, "unlabeled", { label: LABEL, sender: "wanda" });
    expect(gh.labels(pr)).toEqual([LABEL]);
    expect(lastLabelEvent(pr)).toEqual({
      kind: "LabeledEvent",
      label: LABEL,
      by: "countersign[bot]",
    });
    expect(labelWrites(repo)).toContain("POST issues/1/labels");
    expect(aiSection(repo, pr)).toMatch(/🤖 \*\*AI-assisted\*\*/);
    const before = check(repo, pr);

    // That put-back's own `labeled` delivery (sender countersign[bot]) starts nothing.
    gh.clearRequests();
    await send(repo, pr, "labeled", { label: LABEL, sender: APP_BOT });
    expect(gh.graphqlCalls()).toHaveLength(0);
    expect(gh.writes()).toHaveLength(0);
    expect(check(repo, pr)).toEqual(before);
  });

  it("lets a repository admin clear the label, naming them, until someone labels it again", async () => {
    const repo = newRepo("ai-cleared");
    gh.setPermission(repo, "ada", "admin");
    gh.setPermission(repo, "wanda", "write");
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [claudeCommit()],
      labels: [LABEL],
      timeline: [{ type: "labeled", label: LABEL, actor: APP_BOT }],
    });

    gh.removeLabel(pr, LABEL, "ada");
    gh.clearRequests();
    await send(repo, pr, "unlabeled", { label: LABEL, sender: "ada" });
    expect(gh.labels(pr)).toEqual([]);
    expect(labelWrites(repo)).toEqual([]);
    let section = aiSection(repo, pr);
    expect(section).toMatch(
      /\*\*Not treated as AI-assisted\*\*: @ada removed the `ai-assisted` label/,
    );
    // Not AI-assisted, so the default `ai-assisted` rule no longer applies.
    expect(check(repo, pr).output.title).toBe("No rules apply");
    expect(check(repo, pr).conclusion).toBe("success");

    gh.addLabel(pr, LABEL, "wanda");
    gh.clearRequests();
    await send(repo, pr, "labeled", { label: LABEL, sender: "wanda" });
    expect(gh.labels(pr)).toEqual([LABEL]);
    expect(labelWrites(repo)).toEqual([]);
    section = aiSection(repo, pr);
    expect(section).toMatch(/🤖 \*\*AI-assisted\*\*/);
    expect(section).not.toContain("Not treated");
    expect(section).toContain(CLAUDE);
    expect(check(repo, pr).output.title).toBe("Needs 1 more approval");
  });

  it("keeps a label a human added to a PR with no evidence, as label evidence; removing it again stands", async () => {
    const repo = newRepo("ai-human-label");
    gh.setPermission(repo, "wanda", "write");
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [
        {
          message: "Retry idempotent requests",
          author: DAVE,
          files: { "src/client.ts": "export const retries = 3;\n" },
        },
      ],
    });
    gh.addLabel(pr, LABEL, "wanda");
    gh.clearRequests();
    await send(repo, pr, "labeled", { label: LABEL, sender: "wanda" });
    expect(gh.labels(pr)).toEqual([LABEL]);
    expect(labelWrites(repo)).toEqual([]);
    const section = aiSection(repo, pr);
    expect(section).toMatch(/🤖 \*\*AI-assisted\*\*: the `ai-assisted` label is on the PR/);
    expect(section).toContain("| label on the PR | `ai-assisted (added by @wanda)` |");
    expect(check(repo, pr).output.title).toBe("Needs 1 more approval");

    // With no other evidence, nothing remains to put the label back for.
    gh.removeLabel(pr, LABEL, "wanda");
    gh.clearRequests();
    await send(repo, pr, "unlabeled", { label: LABEL, sender: "wanda" });
    expect(gh.labels(pr)).toEqual([]);
    expect(labelWrites(repo)).toEqual([]);
    expect(aiSection(repo, pr)).toMatch(/Not AI-assisted/);
  });

  it("labels a PR on an agent's codex/ branch from the head ref alone, at no extra API cost, marked PR", async () => {
    // Codex cloud commits as the user and opens the PR as the user: the branch is what remains.
    const repo = newRepo("ai-branch");
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      headRef: "codex/fix-retry-budget",
      commits: [
        {
          message: "Fix the retry budget\n",
          author: DAVE,
          files: { "src/client.ts": "export const budget = 2;\n" },
        },
      ],
    });
    const human = gh.addPullRequest(repo, {
      author: "dave",
      headRef: "cursor-blink",
      commits: [
        {
          message: "Slow the cursor blink\n",
          author: DAVE,
          files: { "src/client.ts": "export const blinkMs = 600;\n" },
        },
      ],
    });
    gh.clearRequests();
    await send(repo, pr, "opened");

    expect(gh.labels(pr)).toEqual([LABEL]);
    // The same read as any evaluation: one query, no look-up of the branch.
    expect(gh.graphqlCalls()).toHaveLength(1);
    const section = aiSection(repo, pr);
    expect(section).toMatch(/🤖 \*\*AI-assisted\*\*/);
    expect(section).toMatch(
      /\| \[OpenAI Codex\]\([^)]+\) \| agent's branch name \| `codex\/fix-retry-budget` \| PR \(branch\) \|/,
    );

    await send(repo, human, "opened");
    expect(gh.labels(human)).toEqual([]);
    expect(aiSection(repo, human)).toMatch(/Not AI-assisted/);
  });

  it("costs 1 GraphQL read and 1 check-run write for an AI PR already labelled", async () => {
    const repo = newRepo("ai-cost");
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      labels: [LABEL],
      commits: [claudeCommit()],
    });
    gh.clearRequests();
    await send(repo, pr, "synchronize");
    expect(gh.graphqlCalls()).toHaveLength(1);
    expect(gh.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      `POST /api/v3/repos/${repo.fullName}/check-runs`,
    ]);
    expect(gh.apiCalls()).toHaveLength(2);
    expect(aiSection(repo, pr)).toContain(CLAUDE);
  });
});
