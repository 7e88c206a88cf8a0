/**
 * `countersign explain OWNER/REPO#N | PR-URL` prints the verdict the check
 * run would show, through the same snapshot, evaluation and renderer, writing
 * nothing; exit 0 success/neutral, 1 failure, 2 usage or access errors.
 */
import { createServer } from "node:net";
import { parseTarget, runExplain } from "../../src/cli/explain.js";
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
    expect(code).toBe(1);
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
    err = [];
    expect(await runExplain(["acme/api#1", "--jsn"], io(), {})).toBe(2);
    expect(err[0]).toBe("countersign explain: unknown option --jsn");
    err = [];
    expect(await runExplain(["https://github.com/acme/api/issues/1"], io(), {})).toBe(2);
    expect(err[0]).toContain("is not a pull request URL");
  });

  it("answers --help and -h with its usage, exit 0", async () => {
    for (const flag of ["--help", "-h"]) {
      out = [];
      expect(await runExplain([flag], io(), {})).toBe(0);
      expect(out[0]).toMatch(/^usage: countersign explain OWNER\/REPO#N \| PR-URL/);
    }
  });

  it("takes a pull request URL, reaching the API of the URL's host", async () => {
    const repo = gh.addRepo({
      owner: "explain-d",
      name: "api",
      branches: { main: { "a.md": "a\n" } },
    });
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [{ message: "A", files: { "a.md": "b\n" } }],
    });
    const url = `http://${gh.host}/explain-d/api/pull/${pr.number}/files`;
    const token = gh.issueToken(gh.installationFor("explain-d")).token;
    const code = await runExplain([url], io(), { GITHUB_TOKEN: token });
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out.join("\n")).toMatch(/^SUCCESS: /);
  });

  it("exits 0 on a neutral verdict (report mode)", async () => {
    const repo = gh.addRepo({
      owner: "explain-e",
      name: "api",
      branches: {
        main: {
          ".github/countersign.yml":
            'mode: report\nservices:\n  - name: pay\n    paths: ["services/pay/**"]\n    tags: [critical]\n',
        },
      },
    });
    const pr = gh.addPullRequest(repo, {
      author: "dave",
      commits: [{ message: "Fee", files: { "services/pay/api.ts": "export {};\n" } }],
    });
    const code = await runExplain([`explain-e/api#${pr.number}`], io(), env("explain-e"));
    expect(out.join("\n")).toMatch(/^NEUTRAL: /);
    expect(code).toBe(0);
  });

  it("names a network failure as such, exit 2", async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const code = await runExplain(["acme/api#1"], io(), {
      GITHUB_TOKEN: "t",
      GHE_HOST: `127.0.0.1:${port}`,
      GHE_PROTOCOL: "http",
    });
    expect(code).toBe(2);
    expect(err[0]).toMatch(
      new RegExp(`^countersign explain: could not reach 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    );
    expect(err[0]).not.toContain("GitHub answered");
  });

  it("says what GitHub answered when the PR cannot be read, with its request id", async () => {
    gh.addRepo({ owner: "explain-c", name: "api", branches: { main: { "a.md": "a\n" } } });
    const code = await runExplain(["explain-c/api#99"], io(), env("explain-c"));
    expect(code).toBe(2);
    const said = err.join("\n");
    expect(said).toContain("Could not resolve to a PullRequest with the number of 99.");
    expect(said).toMatch(/request id [0-9A-F:]+/);
    // The org's missing .github repository is expected, and not worth a word.
    expect(said).not.toContain(".github");
  });
});

describe("explain's targets", () => {
  it("reads OWNER/REPO#N against github.com, GITHUB_API_URL or GHE_HOST", () => {
    expect(parseTarget("acme/api#7", {})).toEqual({
      owner: "acme",
      repo: "api",
      number: 7,
      apiUrl: "https://api.github.com",
      webUrl: "https://github.com",
    });
    expect(
      parseTarget("acme/api#7", { GITHUB_API_URL: "https://ghe.acme.io/api/v3/" }),
    ).toMatchObject({
      apiUrl: "https://ghe.acme.io/api/v3",
      webUrl: "https://ghe.acme.io",
    });
    expect(parseTarget("acme/api#7", { GHE_HOST: "ghe.acme.io" })).toMatchObject({
      apiUrl: "https://ghe.acme.io/api/v3",
      webUrl: "https://ghe.acme.io",
    });
  });

  it("reads PR URLs of github.com and of an Enterprise Server host", () => {
    expect(parseTarget("https://github.com/acme/api/pull/12", { GHE_HOST: "x" })).toEqual({
      owner: "acme",
      repo: "api",
      number: 12,
      apiUrl: "https://api.github.com",
      webUrl: "https://github.com",
    });
    expect(parseTarget("https://ghe.acme.io/acme/api.js/pull/3/commits/", {})).toMatchObject({
      repo: "api.js",
      number: 3,
      apiUrl: "https://ghe.acme.io/api/v3",
    });
    expect(
      parseTarget("https://ghe.acme.io/acme/api/pull/3", {
        GITHUB_API_URL: "https://ghe.acme.io/proxy/api/v3",
      }),
    ).toMatchObject({ apiUrl: "https://ghe.acme.io/proxy/api/v3" });
    expect(typeof parseTarget("https://github.com/acme/api", {})).toBe("string");
    expect(typeof parseTarget("acme/api#x", {})).toBe("string");
    expect(typeof parseTarget("ftp://github.com/acme/api/pull/1", {})).toBe("string");
  });
});
