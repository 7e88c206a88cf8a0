/**
 * `countersign explain OWNER/REPO#N` prints the verdict the check run would
 * show, through the same snapshot, evaluation and renderer, writing nothing.
 */
import { runExplain } from "../../src/cli/explain.js";
import { type GitHubDouble, startGitHubDouble } from "../support/github-double.js";

let gh: GitHubDouble;
let out: string[];
let err: string[];
const io = () => ({
  cwd: process.cwd(),
  stdout: (s: string) => out.push(s),
  stderr: (s: string) => err.push(s),
});

beforeAll(async () => {
  gh = await startGitHubDouble({ appId: 4242 });
});
afterAll(() => gh.close());
beforeEach(() => {
  out = [];
  err = [];
});

function env(owner: string): NodeJS.ProcessEnv {
  return {
    GITHUB_TOKEN: gh.issueToken(gh.installationFor(owner)).token,
    GHE_HOST: gh.host,
    GHE_PROTOCOL: "http",
  };
}

describe("countersign explain", () => {
  it("prints the failing verdict of a critical PR and writes nothing to GitHub", async () => {
    const repo = gh.addRepo({
      owner: "explain-a",
      name: "api",
      branches: {
        main: {
          ".github/countersign.yml":
            'services:\n  - name: pay\n    paths: ["services/pay/**"]\n    tags: [critical]\n',
          CODEOWNERS: "/services/pay/ @explain-a/pay\n",
        },
      },
    });
    gh.addTeam("explain-a", "pay", ["alice", "bob"]);
    gh.setPermission(repo, "alice", "write");
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [{ message: "Fee", files: { "services/pay/api.ts": "export {};\n" } }],
      reviews: [{ author: "alice", state: "APPROVED" }],
    });
    gh.clearRequests();
    const code = await runExplain([`explain-a/api#${pr.number}`], io(), env("explain-a"));
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const text = out.join("\n");
    expect(text).toMatch(/^FAILURE: Needs 1 more approval from @explain-a\/pay .*and a design doc/);
    expect(text).toContain("| `critical-services` |");
    expect(gh.writes()).toEqual([]);
  });

  it("prints JSON with the decision for machines", async () => {
    const repo = gh.addRepo({
      owner: "explain-b",
      name: "api",
      branches: { main: { "a.md": "a\n" } },
    });
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [{ message: "A", files: { "a.md": "b\n" } }],
    });
    const code = await runExplain([`explain-b/api#${pr.number}`, "--json"], io(), env("explain-b"));
    expect(code).toBe(0);
    const json = JSON.parse(out.join("\n"));
    expect(json.conclusion).toBe("success");
    expect(json.decision.rules.every((r: { applies: boolean }) => !r.applies)).toBe(true);
  });

  it("explains what is wrong with its arguments or its token", async () => {
    expect(await runExplain(["not-a-pr"], io(), {})).toBe(2);
    expect(err.join("\n")).toContain("usage: countersign explain OWNER/REPO#N");
    err = [];
    expect(await runExplain(["acme/api#1"], io(), {})).toBe(2);
    expect(err.join("\n")).toContain("GITHUB_TOKEN");
  });

  it("says what GitHub answered when the PR cannot be read, with its request id", async () => {
    gh.addRepo({ owner: "explain-c", name: "api", branches: { main: { "a.md": "a\n" } } });
    const code = await runExplain(["explain-c/api#99"], io(), env("explain-c"));
    expect(code).toBe(1);
    const said = err.join("\n");
    expect(said).toContain("Could not resolve to a PullRequest with the number of 99.");
    expect(said).toMatch(/request id [0-9A-F:]+/);
    // The org's missing .github repository is expected, and not worth a word.
    expect(said).not.toContain(".github");
  });
});
