/**
 * The largest PRs GitHub serves are judged completely (SPEC §9): 3,000
 * files, more than 250 commits and a CODEOWNERS past GraphQL's 512,000-byte
 * cut; past GitHub's own caps the evaluation fails closed, saying why.
 */
import { ProbotOctokit } from "probot";
import type { GitHubClient } from "../../src/github/client.js";
import { MemoryTeamStore } from "../../src/github/team-cache.js";
import { judgePull } from "../../src/pipeline/judge.js";
import { type GitHubDouble, startGitHubDouble } from "../support/github-double.js";
import { evaluated } from "../support/snapshot-builder.js";

let gh: GitHubDouble;
beforeAll(async () => {
  gh = await startGitHubDouble({ appId: 4242 });
});
afterAll(() => gh.close());

function client(owner: string): GitHubClient {
  return new ProbotOctokit({
    auth: { token: gh.issueToken(gh.installationFor(owner)).token },
    baseUrl: `${gh.url}/api/v3`,
    throttle: { enabled: false },
    retry: { enabled: false },
  }) as unknown as GitHubClient;
}

/** ~2.3 MB: every generated service has its own team; pay is owned by @<owner>/pay. */
function codeowners(owner: string): string {
  const lines = [`* @${owner}/core`];
  for (let i = 0; i < 30_000; i++)
    lines.push(`/services/svc-${i}/component/generated/ @${owner}/team-${i % 40}`);
  lines.push(`/services/pay/ @${owner}/pay`);
  return `${lines.join("\n")}\n`;
}

function largeRepo(owner: string, fileCount: number) {
  const repo = gh.addRepo({
    owner,
    name: "mono",
    branches: {
      main: {
        ".github/countersign.yml":
          'services:\n  - name: pay\n    paths: ["services/pay/**"]\n    tags: [critical]\n',
        CODEOWNERS: codeowners(owner),
        "docs/design/pay.md": "# Pay\n",
      },
    },
  });
  gh.addTeam(owner, "pay", ["alice", "bob"]);
  for (const login of ["alice", "bob"]) gh.setPermission(repo, login, "write");
  const pr = gh.addPullRequest(repo, {
    author: "dave",
    body: "Design-Doc: docs/design/pay.md\n",
    commits: Array.from({ length: 300 }, (_, i) => ({
      message: `Step ${i}${i === 299 ? "\n\nCo-authored-by: Claude <noreply@anthropic.com>" : ""}`,
      files: { [`services/pay/p${i}.ts`]: `export const p = ${i};\n` },
    })),
    files: Array.from({ length: fileCount }, (_, i) => ({
      path: i < 10 ? `services/pay/p${i}.ts` : `services/svc-${i}/component/generated/f.ts`,
      changeType: "MODIFIED" as const,
    })),
    reviews: [
      { author: "alice", state: "APPROVED" },
      { author: "bob", state: "APPROVED" },
    ],
  });
  return { repo, pr };
}

describe("the largest pull requests", () => {
  it("judges 3,000 files, 300 commits and a 2 MB+ CODEOWNERS without truncating", async () => {
    const { pr } = largeRepo("large-a", 3000);
    gh.clearRequests();
    const { snapshot, decision } = await judgePull(
      { gh: client("large-a"), installationId: 1, teams: new MemoryTeamStore() },
      {
        owner: "large-a",
        repo: "mono",
        number: pr.number,
        appId: 4242,
        bodyHint: "Design-Doc: docs/design/pay.md",
      },
    );
    expect(snapshot.files).toHaveLength(3000);
    expect(snapshot.commits).toHaveLength(300);
    expect(Buffer.byteLength(snapshot.codeowners!.text)).toBeGreaterThan(512_000);
    // The evidence is in the last commit: only a complete commit list finds it.
    expect(evaluated(decision).ai.assisted).toBe(true);
    const critical = evaluated(decision).rules.find((r) => r.name === "critical-services")!;
    expect(critical.files).toHaveLength(10);
    expect(critical.met).toBe(true);
    // The ai-assisted rule covers every file: 2,990 owned by 40 generated teams nobody approved.
    const ai = evaluated(decision).rules.find((r) => r.name === "ai-assisted")!;
    expect(ai.files).toHaveLength(3000);
    expect(ai.met).toBe(false);
    // GraphQL: the snapshot and 2 more pages of commits. The files past GraphQL's first page
    // come from 30 numbered REST pages, read at once (Probot's throttle spaces GraphQL calls
    // a second apart, not REST GETs); one REST blob read.
    expect(gh.graphqlCalls()).toHaveLength(3);
    const pages = gh.restCalls("GET", /\/pulls\/\d+\/files/).map((r) => Number(r.query.page));
    expect(pages.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(gh.restCalls("GET", /\/git\/blobs\//)).toHaveLength(1);
  });

  it("takes renames' old paths from the same REST pages, reading no listing twice", async () => {
    const repo = gh.addRepo({
      owner: "large-c",
      name: "mono",
      branches: { main: { "a.txt": "a\n" } },
    });
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [{ message: "Move", files: { "a.txt": "b\n" } }],
      files: Array.from({ length: 150 }, (_, i) =>
        i === 120
          ? { path: "new/name.ts", previousPath: "old/name.ts" }
          : { path: `f${i}.ts`, changeType: "ADDED" as const },
      ),
    });
    gh.clearRequests();
    const { snapshot } = await judgePull(
      { gh: client("large-c"), installationId: 1, teams: new MemoryTeamStore() },
      { owner: "large-c", repo: "mono", number: pr.number, appId: 4242, bodyHint: null },
    );
    expect(snapshot.files).toHaveLength(150);
    expect(snapshot.files[120]).toEqual({
      path: "new/name.ts",
      changeType: "RENAMED",
      previousPath: "old/name.ts",
    });
    expect(snapshot.files[0]).toEqual({ path: "f0.ts", changeType: "ADDED" });
    expect(gh.restCalls("GET", /\/pulls\/\d+\/files/)).toHaveLength(2);
    expect(gh.graphqlCalls()).toHaveLength(1);
  });

  describe("a push between the query and the REST pages", () => {
    function filesPr(owner: string, count: number) {
      const repo = gh.addRepo({ owner, name: "mono", branches: { main: { "a.txt": "a\n" } } });
      const pr = gh.addPullRequest(repo, {
        author: "dave",
        commits: [{ message: "Many", files: { "a.txt": "b\n" } }],
        files: Array.from({ length: count }, (_, i) => ({ path: `f${i}.ts` })),
      });
      return pr;
    }
    const judge = (owner: string, number: number) =>
      judgePull(
        { gh: client(owner), installationId: 1, teams: new MemoryTeamStore() },
        { owner, repo: "mono", number, appId: 4242, bodyHint: null },
      );

    it("follows the last page's next link when files were added", async () => {
      const pr = filesPr("large-d", 250);
      const files = Array.from({ length: 350 }, (_, i) => ({ path: `f${i}.ts` }));
      const held = gh.delayNext({ method: "GET", pathRegex: /\/files$/ }, 200, { times: 3 });
      const judged = judge("large-d", pr.number);
      await held;
      gh.setChangedFiles(pr, files);
      const { snapshot } = await judged;
      expect(snapshot.files.map((f) => f.path)).toEqual(files.map((f) => f.path));
    });

    it("fails closed when the pages list fewer files than GitHub counted", async () => {
      const pr = filesPr("large-e", 250);
      const held = gh.delayNext({ method: "GET", pathRegex: /\/files$/ }, 200, { times: 3 });
      const judged = judge("large-e", pr.number);
      await held;
      gh.setChangedFiles(
        pr,
        Array.from({ length: 120 }, (_, i) => ({ path: `f${i}.ts` })),
      );
      await expect(judged).rejects.toThrow(/GitHub listed 120 of the 250 changed files/);
    });
  });

  it("fails closed, saying why, past GitHub's 3,000-file cap", async () => {
    const { pr } = largeRepo("large-b", 3001);
    await expect(
      judgePull(
        { gh: client("large-b"), installationId: 1, teams: new MemoryTeamStore() },
        { owner: "large-b", repo: "mono", number: pr.number, appId: 4242, bodyHint: null },
      ),
    ).rejects.toThrow(/changes 3001 files; GitHub lists at most 3000/);
  });
});
