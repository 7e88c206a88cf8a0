/** `countersign scan` against a real temporary git repository. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { baseOf, runScan, tipOf } from "../../src/cli/scan.js";

let dir: string;
const shas: Record<string, string> = {};

function git(args: string[], env: Record<string, string> = {}): string {
  return execFileSync("git", ["-c", "commit.gpgsign=false", ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", ...env },
  }).trim();
}

function commitAs(name: string, message: string, author = "Alice Smith <alice@example.com>"): void {
  writeFileSync(join(dir, `${name}.txt`), `${name}\n`);
  git(["add", "."]);
  const [, n, e] = /^(.*) <(.*)>$/.exec(author)!;
  git(["commit", "-q", "--cleanup=verbatim", "-m", message], {
    GIT_AUTHOR_NAME: n!,
    GIT_AUTHOR_EMAIL: e!,
    GIT_COMMITTER_NAME: "Alice Smith",
    GIT_COMMITTER_EMAIL: "alice@example.com",
  });
  shas[name] = git(["rev-parse", "HEAD"]);
}

async function scan(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runScan(args, {
    cwd: dir,
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
  });
  return { code, stdout, stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "countersign-scan-"));
  git(["init", "-q", "-b", "main"]);
  mkdirSync(join(dir, ".github"));
  writeFileSync(join(dir, ".github/countersign.yml"), "ai:\n  markers: ['Written by AcmeBot']\n");
  commitAs("base", "Initial commit\n");
  commitAs("human", "Add retries\n\nSigned-off-by: Alice Smith <alice@example.com>\n");
  commitAs(
    "claude",
    "Add rate limiter\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n",
  );
  commitAs(
    "middle",
    "Fix docs\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n\nNot the last paragraph.\n",
  );
  commitAs("acme", "Tune cache\n\nWritten by AcmeBot.\n");
  commitAs("aider", "feat: Add flag\n", "Alice Smith (aider) <alice@example.com>");
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("countersign scan", () => {
  test("lists the evidence of an explicit range", async () => {
    const { code, stdout, stderr } = await scan([`${shas.base}..HEAD`]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const short = (name: string) => shas[name]!.slice(0, 7);
    // Commits read, commits with evidence, each with its subject and its evidence below it.
    expect(stdout).toBe(
      [
        `Read 5 commits of ${shas.base}..HEAD: 3 carry AI evidence.`,
        "",
        `${short("aider")}  feat: Add flag`,
        "    Aider        aider-name  Alice Smith (aider) <alice@example.com>",
        "",
        `${short("acme")}  Tune cache`,
        "    configured   marker      Written by AcmeBot",
        "",
        `${short("claude")}  Add rate limiter`,
        "    Claude Code  co-author   Co-Authored-By: Claude <noreply@anthropic.com>",
        "    Claude Code  marker      Generated with [Claude Code]",
        "",
      ].join("\n"),
    );
    expect(stdout).not.toContain(short("middle"));
    expect(stdout).not.toContain(short("human"));
  });

  test("--json", async () => {
    const { code, stdout } = await scan(["--json", `${shas.human}..${shas.middle}`]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.range).toBe(`${shas.human}..${shas.middle}`);
    expect(out.commits).toBe(2);
    expect(out.branch).toBeNull();
    expect(out.commitsWithEvidence).toBe(1);
    expect(out.flagged).toEqual([
      { commit: shas.claude, shortSha: shas.claude!.slice(0, 7), subject: "Add rate limiter" },
    ]);
    expect(out.evidence).toEqual([
      expect.objectContaining({
        tool: "Claude Code",
        signal: "co-author",
        commit: shas.claude,
        shortSha: shas.claude!.slice(0, 7),
        matched: "Co-Authored-By: Claude <noreply@anthropic.com>",
      }),
      expect.objectContaining({ signal: "marker", commit: shas.claude }),
    ]);
  });

  test("no evidence", async () => {
    const { code, stdout } = await scan([`${shas.base}..${shas.human}`]);
    expect(code).toBe(0);
    expect(stdout).toBe(`No AI evidence in the 1 commit of ${shas.base}..${shas.human}.\n`);
  });

  test("default range without origin/HEAD says so and exits 2", async () => {
    const { code, stdout, stderr } = await scan([]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("origin/HEAD does not exist");
  });

  test("default range origin/HEAD..HEAD", async () => {
    git(["update-ref", "refs/remotes/origin/HEAD", shas.middle!]);
    try {
      const { code, stdout } = await scan([]);
      expect(code).toBe(0);
      expect(stdout).toContain("Read 2 commits of origin/HEAD..HEAD: 2 carry AI evidence.");
    } finally {
      git(["update-ref", "-d", "refs/remotes/origin/HEAD"]);
    }
  });

  test("bad range, bad option, outside a repository", async () => {
    expect((await scan(["nope..HEAD"])).code).toBe(2);
    expect(await scan(["--frobnicate"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("unknown option"),
    });
    expect((await scan(["a..b", "c..d"])).code).toBe(2);
    const outside = mkdtempSync(join(tmpdir(), "countersign-nogit-"));
    try {
      const code = await runScan(["HEAD~1..HEAD"], {
        cwd: outside,
        stdout: () => {},
        stderr: () => {},
      });
      expect(code).toBe(2);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe("scan's arguments", () => {
  test("--help names --unknown and --json", async () => {
    const { code, stdout } = await scan(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("--unknown");
    expect(stdout).toContain("--json");
  });

  test.each([
    ["main..codex/x", "main", "codex/x"],
    ["main...feature", "main", "feature"],
    ["origin/HEAD..", "origin/HEAD", "HEAD"],
    ["..HEAD", "HEAD", "HEAD"],
    ["HEAD~3", "HEAD", "HEAD~3"],
  ])("%s: config from %s, branch from %s", (range, base, tip) => {
    expect([baseOf(range), tipOf(range)]).toEqual([base, tip]);
  });

  test("a range whose tip is a SHA or a remote-tracking branch", async () => {
    git(["update-ref", "refs/remotes/origin/copilot/fix-7", shas.claude!]);
    try {
      const remote = JSON.parse(
        (await scan(["--json", `${shas.human}..origin/copilot/fix-7`])).stdout,
      );
      expect(remote.branch).toBe("copilot/fix-7");
      expect(remote.evidence).toContainEqual(
        expect.objectContaining({
          signal: "branch",
          matched: "copilot/fix-7",
          tool: "Copilot coding agent",
        }),
      );
      const sha = JSON.parse((await scan(["--json", `${shas.human}..${shas.claude}`])).stdout);
      expect(sha.branch).toBeNull();
    } finally {
      git(["update-ref", "-d", "refs/remotes/origin/copilot/fix-7"]);
    }
  });
});
