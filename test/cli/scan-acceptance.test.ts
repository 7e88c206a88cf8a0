/**
 * Issue 12's acceptance, tried as a user would: the built `countersign`
 * command (lib/cli/main.js, made by `npm run build`) in a real git
 * repository with one commit of each newly catalogued kind, negative
 * controls beside them, and discovery of what the catalog does not know.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";

const CLI = fileURLToPath(new URL("../../lib/cli/main.js", import.meta.url));
const WEB = "GitHub <noreply@github.com>";
const ALICE = "Alice Smith <alice@example.com>";

let dir: string;
let counter = 0;

function git(args: string[], env: Record<string, string> = {}): string {
  return execFileSync("git", ["-c", "commit.gpgsign=false", ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", ...env },
  }).trim();
}

/** Commits a new file with `message` verbatim, as `author`; returns the full SHA. */
function commit(message: string, author = ALICE, committer = ALICE): string {
  counter += 1;
  writeFileSync(join(dir, `f${counter}.txt`), `${counter}\n`);
  git(["add", "."]);
  const [, an, ae] = /^(.*) <(.*)>$/.exec(author)!;
  const [, cn, ce] = /^(.*) <(.*)>$/.exec(committer)!;
  git(["commit", "-q", "--cleanup=verbatim", "-m", message], {
    GIT_AUTHOR_NAME: an!,
    GIT_AUTHOR_EMAIL: ae!,
    GIT_COMMITTER_NAME: cn!,
    GIT_COMMITTER_EMAIL: ce!,
  });
  return git(["rev-parse", "HEAD"]);
}

function countersign(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const short = (sha: string) => sha.slice(0, 7);

/** Each newly listed kind (issue 12), as the reference gives its form: subject → [message, author]. */
const POSITIVES: [string, string?, string?][] = [
  [
    "Add feed pagination\n",
    "open-agents-bot[bot] <260704009+open-agents-bot[bot]@users.noreply.github.com>",
  ],
  [
    "Fix dark mode toggle\n\nCo-Authored-By: openharness[bot] <260704009+openharness[bot]@users.noreply.github.com>\n",
  ],
  [
    "fix(cli): handle an empty prompt\n",
    "gemini-cli[bot] <218312386+gemini-cli[bot]@users.noreply.github.com>",
  ],
  [
    "Fix funnel breakdown query\n\nGenerated-By: PostHog Code\n",
    "posthog[bot] <206114724+posthog[bot]@users.noreply.github.com>",
  ],
  ["Fix hydration mismatch\n", "vercel[bot] <35613825+vercel[bot]@users.noreply.github.com>"],
  [
    "Add a retry budget\n\nClaude-Generated-By: Claude Code (cli/claude-opus-4-5=92%)\nClaude-Steers: 2\nClaude-Permission-Prompts: 1\nClaude-Escapes: 0\nClaude-Plan: https://claude.ai/code/plan_01\n",
  ],
  ["Refactor the repo map\n\nCo-authored-by: aider (gpt-4o) <noreply@aider.dev>\n"],
  [
    "Add a --watch flag\n\nCo-authored-by: aider (anthropic/claude-3-7-sonnet) <alice@example.com>\n",
  ],
  ["Added a --dry-run flag\n\n# Aider chat conversation:\n\nUSER: add a dry run flag\n"],
  ["Fix scrollback reflow\n\nThread: https://ampcode.com/threads/T-5f0c2a1b-77d4-4e8b\n"],
  ["Tidy imports\n\nAmp-Thread-ID:\nhttps://ampcode.com/threads/T-0a1b2c3d\n"],
  ["Rework the parser\n\nAI-assisted: Claude Code\n"],
  [
    "Apply suggestions from code review\n\nCo-authored-by: gemini-code-assist[bot] <176961590+gemini-code-assist[bot]@users.noreply.github.com>\n",
  ],
  [
    "Update src/cache.ts\n\nCo-authored-by: coderabbitai[bot] <136622811+coderabbitai[bot]@users.noreply.github.com>\n",
  ],
  [
    "Apply suggestion\n\nCo-authored-by: graphite-app[bot] <96075541+graphite-app[bot]@users.noreply.github.com>\n",
  ],
];

const NEGATIVES: [string, string?, string?][] = [
  [
    "Paint the landing page\n\nCo-authored-by: Claude Monet <claude@example.com>\n",
    "Claude Monet <claude@example.com>",
  ],
  ["Fix a typo\n\nAI-assisted: no\nSigned-off-by: Alice Smith <alice@example.com>\n"],
  [
    'Bump @anthropic-ai/claude-code from 1.0.1 to 2.0.0\n\nBumps [@anthropic-ai/claude-code](https://github.com/anthropics/claude-code) from 1.0.1 to 2.0.0.\n\n---\nupdated-dependencies:\n- dependency-name: "@anthropic-ai/claude-code"\n...\n\nSigned-off-by: dependabot[bot] <support@github.com>\n',
    "dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>",
    WEB,
  ],
];

const positives: string[] = [];
const negatives: string[] = [];

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  dir = mkdtempSync(join(tmpdir(), "countersign-accept-"));
  git(["init", "-q", "-b", "main"]);
  commit("Initial commit\n");
  git(["checkout", "-q", "-b", "codex/agent-work"]);
  for (const [message, author, committer] of POSITIVES) {
    positives.push(commit(message, author, committer));
  }
  git(["checkout", "-q", "-b", "cursor-blink", "main"]);
  for (const [message, author, committer] of NEGATIVES) {
    negatives.push(commit(message, author, committer));
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("countersign scan (built command): the newly catalogued kinds", () => {
  test("flags every commit of each new kind, with its subject, and the agent's branch", () => {
    const { code, stdout, stderr } = countersign(["scan", "main..codex/agent-work"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const n = POSITIVES.length;
    expect(stdout).toContain(
      `Read ${n} commits of main..codex/agent-work: ${n} carry AI evidence.`,
    );
    POSITIVES.forEach(([message], i) => {
      const subject = message.split("\n", 1)[0]!;
      expect(stdout).toContain(`\n${short(positives[i]!)}  ${subject}\n`);
    });
    expect(stdout).toMatch(
      /\nPR {7}branch codex\/agent-work, the pull request's head branch\n {4}OpenAI Codex +branch +codex\/agent-work\n/,
    );
  });

  test("names the tool of each kind in --json", () => {
    const { code, stdout } = countersign(["scan", "--json", "main..codex/agent-work"]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as {
      branch: string;
      commitsWithEvidence: number;
      evidence: { tool: string; commit?: string; signal: string }[];
    };
    expect(out.branch).toBe("codex/agent-work");
    expect(out.commitsWithEvidence).toBe(POSITIVES.length);
    const toolOf = (i: number) =>
      out.evidence.filter((e) => e.commit === positives[i]).map((e) => `${e.tool}/${e.signal}`);
    expect(toolOf(0)).toEqual(["Vercel Open Agents/commit-author"]);
    expect(toolOf(1)).toEqual(["Vercel Open Agents/co-author"]);
    expect(toolOf(2)).toEqual(["Gemini CLI bot/commit-author"]);
    expect(toolOf(3)).toEqual(["PostHog Code/commit-author", "PostHog Code/disclosure-trailer"]);
    expect(toolOf(4)).toEqual(["Vercel Agent/commit-author"]);
    expect(toolOf(5)).toEqual(Array(5).fill("Claude Code/tool-trailer"));
    expect(toolOf(6)).toEqual(["Aider/co-author", "Aider/aider-name"]);
    expect(toolOf(7)).toEqual(["Aider/aider-name"]);
    expect(toolOf(8)).toEqual(["Aider/marker"]);
    expect(toolOf(9)).toEqual(["Amp/marker"]);
    expect(toolOf(10)).toEqual(["Amp/tool-trailer", "Amp/marker"]);
    expect(toolOf(11)).toEqual(["Claude Code/disclosure-trailer"]);
    expect(toolOf(12)).toEqual(["Gemini Code Assist/co-author"]);
    expect(toolOf(13)).toEqual(["CodeRabbit/co-author"]);
    expect(toolOf(14)).toEqual(["Graphite/co-author"]);
  });

  test("flags none of the negative controls, on a branch named cursor-blink, checked out", () => {
    for (const range of ["main..cursor-blink", "main..HEAD", "main.."]) {
      const { code, stdout } = countersign(["scan", range]);
      expect(code).toBe(0);
      expect(stdout).toBe(`No AI evidence in the ${NEGATIVES.length} commits of ${range}.\n`);
    }
    expect(negatives).toHaveLength(NEGATIVES.length);
  });

  test("the checked-out branch counts for the default-style range main..HEAD", () => {
    git(["checkout", "-q", "codex/agent-work"]);
    try {
      const { stdout } = countersign(["scan", "--json", "main..HEAD"]);
      expect(JSON.parse(stdout).branch).toBe("codex/agent-work");
    } finally {
      git(["checkout", "-q", "cursor-blink"]);
    }
  });
});

describe("countersign scan --unknown (built command)", () => {
  let unknown: string[] = [];

  beforeAll(() => {
    git(["checkout", "-q", "-b", "unknown-demo", "main"]);
    unknown = [
      commit(
        "Generate the client\n",
        "acme-coder[bot] <4242+acme-coder[bot]@users.noreply.github.com>",
      ),
      commit(
        "Regenerate the client\n",
        "acme-coder[bot] <4242+acme-coder[bot]@users.noreply.github.com>",
      ),
      commit("Fix the pager\n\nFoo-Session: 7c9e6679-7425-40de-944b-e07fc1f90ae7\n"),
      commit("Tune the cache\n\nCo-authored-by: Jane Doe (qwen2.5-coder) <jane@example.com>\n"),
      // Known things are not listed: a catalogued tool, a non-AI bot, a known tool key.
      commit("Add a test\n\nCo-Authored-By: Claude <noreply@anthropic.com>\nAmp-Thread-ID: T-1\n"),
      commit(
        "Bump yaml\n",
        "dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>",
        WEB,
      ),
      commit("Fix a typo\n\nSession: 12\nReviewed-by: Bob Jones <bob@example.com>\n"),
    ];
  });

  test("lists an uncatalogued bot, a tool-form trailer key and a model name, with counts, an example and the config", () => {
    const { code, stdout, stderr } = countersign(["scan", "--unknown", "main..unknown-demo"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain(
      "Read 7 commits of main..unknown-demo: 3 things that look like an AI tool but are neither catalogued nor configured:",
    );
    const row = (cells: string[]) => new RegExp(`\\n  ${cells.join("\\s+")}\\n`);
    // git lists newest first: the example is the newest commit carrying it.
    expect(stdout).toMatch(
      row(["bot", "acme-coder\\[bot\\]", "commit author", "2", short(unknown[1]!)]),
    );
    expect(stdout).toMatch(row(["trailer key", "Foo-Session", "trailer", "1", short(unknown[2]!)]));
    expect(stdout).toMatch(
      row(["model in a name", "\\(qwen2\\.5-coder\\)", "co-author", "1", short(unknown[3]!)]),
    );
    for (const known of ["dependabot", "Claude", "Amp-Thread-ID", "Session:", "Reviewed-by"]) {
      expect(stdout).not.toContain(known);
    }
    const yaml = stdout.slice(stdout.indexOf("\nai:\n") + 1);
    expect(parseYaml(yaml)).toEqual({
      ai: {
        bots: ["acme-coder[bot]"],
        co_authors: ["* (qwen2.5-coder) <*@*>"],
        trailers: ["Foo-Session"],
      },
    });
  });

  test("the printed config, committed at the base, makes scan count them and --unknown list nothing", () => {
    const printed = countersign(["scan", "--unknown", "main..unknown-demo"]).stdout;
    const yaml = printed.slice(printed.indexOf("\nai:\n") + 1);
    git(["checkout", "-q", "-b", "configured-base", "main"]);
    mkdirSync(join(dir, ".github"), { recursive: true });
    writeFileSync(join(dir, ".github/countersign.yml"), yaml);
    git(["add", "."]);
    git(["commit", "-q", "-m", "Count the tools we use"]);
    git(["checkout", "-q", "-b", "configured", "configured-base"]);
    git(["cherry-pick", "--allow-empty", "--keep-redundant-commits", ...unknown.slice(0, 4)]);

    const scan = countersign(["scan", "--json", "configured-base..configured"]);
    const out = JSON.parse(scan.stdout) as {
      commitsWithEvidence: number;
      evidence: { tool: string }[];
    };
    expect(out.commitsWithEvidence).toBe(4);
    expect(new Set(out.evidence.map((e) => e.tool))).toEqual(new Set(["configured"]));

    const again = countersign(["scan", "--unknown", "configured-base..configured"]);
    expect(again.stdout).toBe(
      "Read 4 commits of configured-base..configured: nothing that looks like an AI tool is missing from the catalog or .github/countersign.yml.\n",
    );
  });

  test("--unknown --json", () => {
    const { stdout } = countersign(["scan", "--unknown", "--json", "main..unknown-demo"]);
    const out = JSON.parse(stdout) as {
      commits: number;
      unknown: { kind: string; value: string; commits: number; example: string; config: unknown }[];
      config: string;
    };
    expect(out.commits).toBe(7);
    expect(out.unknown.map((f) => [f.kind, f.value, f.commits])).toEqual([
      ["bot", "acme-coder[bot]", 2],
      ["trailer", "Foo-Session", 1],
      ["model", "(qwen2.5-coder)", 1],
    ]);
    expect(out.unknown[0]!.config).toEqual({ key: "bots", value: "acme-coder[bot]" });
    expect(parseYaml(out.config)).toEqual(expect.objectContaining({ ai: expect.any(Object) }));
  });
});
