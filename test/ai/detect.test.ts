/** Detection rules of SPEC §3, one at a time. */
import { detectEvidence } from "../../src/ai/detect.js";
import type { Actor, CommitInfo } from "../../src/model/snapshot.js";
import { ALICE, aiConfig, commit, WEB_FLOW } from "./build.js";

const CLAUDE = "Co-Authored-By: Claude <noreply@anthropic.com>";

function detect(
  commits: CommitInfo[],
  opts: {
    author?: Actor | null;
    body?: string;
    headRef?: string;
    ai?: Parameters<typeof aiConfig>[0];
  } = {},
) {
  return detectEvidence(
    { author: opts.author ?? null, body: opts.body ?? "", headRef: opts.headRef },
    commits,
    aiConfig(opts.ai),
  );
}

const id = (name: string, email: string, login: string | null = null) => ({ name, email, login });

describe("identities", () => {
  test("PR author login matches case-insensitively", () => {
    const [e] = detect([], { author: { login: "COPILOT", type: "Bot" } });
    expect(e).toEqual(
      expect.objectContaining({
        tool: "Copilot coding agent",
        signal: "pr-author",
        matched: "@COPILOT",
        where: "PR author",
      }),
    );
    expect(e!.commit).toBeUndefined();
    expect(e!.source).toMatch(/^https:\/\//);
  });

  test("a noreply address names its login; its numeric id survives a rename", () => {
    const byLogin = commit({
      message: "x\n",
      author: id("bot", "999+claude[bot]@users.noreply.github.com"),
      committer: ALICE,
    });
    const byId = commit({
      message: "x\n",
      author: id("bot", "209825114+renamed[bot]@users.noreply.github.com"),
      committer: ALICE,
    });
    const legacy = commit({
      message: "x\n",
      author: id("bot", "claude[bot]@users.noreply.github.com"),
      committer: ALICE,
    });
    for (const c of [byLogin, byId, legacy]) {
      expect(detect([c]).map((e) => [e.tool, e.signal])).toEqual([
        ["Claude GitHub App", "commit-author"],
      ]);
    }
  });

  test("never a bare noreply domain, a vendor domain or a first name", () => {
    const commits = [
      commit({ message: "x\n", author: id("Claude", "@users.noreply.github.com") }),
      commit({ message: "x\n", author: id("Claude", "users.noreply.github.com") }),
      commit({ message: "x\n", author: id("Claude", "claude@anthropic.com") }),
      commit({ message: "x\n", author: id("Copilot", "copilot@example.com") }),
      commit("x\n\nCo-authored-by: Devin <devin@example.com>\n"),
    ];
    expect(detect(commits)).toEqual([]);
  });

  test("GraphQL's user login on a commit identity counts", () => {
    const c = commit({
      message: "x\n",
      author: id("Acme", "agent@acme.com", "acme-agent"),
      committer: ALICE,
    });
    expect(detect([c], { ai: { bots: ["Acme-Agent"] } })).toEqual([
      expect.objectContaining({
        tool: "configured",
        signal: "commit-author",
        matched: "Acme <agent@acme.com> (@acme-agent)",
      }),
    ]);
  });

  test("committer identity and the aider name suffix", () => {
    const c = commit({
      message: "x\n",
      author: ALICE,
      committer: id("Alice Smith (aider)", "alice@example.com"),
    });
    expect(detect([c])).toEqual([
      expect.objectContaining({
        tool: "Aider",
        signal: "aider-name",
        where: "commit committer",
        commit: c.oid,
      }),
    ]);
  });

  test("web-flow is no evidence", () => {
    expect(detect([commit({ message: "Update README.md\n", committer: WEB_FLOW })])).toEqual([]);
  });
});

describe("co-authors are exactly the git-parsed trailer block's Co-authored-by", () => {
  test("last paragraph counts, with the trailer line as matched text", () => {
    const c = commit(`Fix\n\nSome body.\n\n${CLAUDE}\n`);
    expect(detect([c])).toEqual([
      {
        tool: "Claude Code",
        signal: "co-author",
        matched: CLAUDE,
        commit: c.oid,
        where: "commit trailers",
        confidence: "high",
        source: expect.stringMatching(/^https:\/\//),
      },
    ]);
  });

  test("a middle paragraph, the subject, or past the patch divider does not", () => {
    expect(
      detect([
        commit(`Fix\n\n${CLAUDE}\n\nMore text.\n`),
        commit(`${CLAUDE}\n`),
        commit(`Fix\n\n---\n${CLAUDE}\n`),
      ]),
    ).toEqual([]);
  });

  test("a catalog address inside another trailer is not evidence", () => {
    expect(
      detect([
        commit("Docs\n\nExample: Claude <noreply@anthropic.com>\nSee-also: noreply@openai.com\n"),
      ]),
    ).toEqual([]);
  });

  test("a bare address as co-author value", () => {
    expect(detect([commit("x\n\nCo-authored-by: codex@openai.com\n")]).map((e) => e.tool)).toEqual([
      "OpenAI Codex",
    ]);
  });
});

describe("trailers", () => {
  test.each([
    ["Claude-Session: https://claude.ai/code/session_01", "Claude Code"],
    ["Agent-Logs-Url: https://github.com/a/b/sessions/1", "Copilot coding agent"],
    ["made-with: cursor", "Cursor"],
    ["Amp-Thread-ID: T-1", "Amp"],
    ["Replit-Commit-Author: Agent", "Replit Agent"],
    ["Copilot-Session: 1234", "Copilot CLI / VS Code"],
  ])("tool trailer %s", (line, tool) => {
    expect(detect([commit(`x\n\n${line}\n`)])).toEqual([
      expect.objectContaining({ tool, signal: "tool-trailer", matched: line }),
    ]);
  });

  test("tool trailers with another value are not the tool", () => {
    expect(detect([commit("x\n\nMade-with: Vim\nReplit-Commit-Author: Deployment\n")])).toEqual([]);
  });

  test.each(["no", "None", " n/a ", "FALSE", ""])("Generated-by: %j is a negation", (value) => {
    expect(
      detect([
        commit(
          `x\n\nGenerated-by: ${value}\nCo-authored-by-AI: ${value}\nSigned-off-by: A <a@b.c>\n`,
        ),
      ]),
    ).toEqual([]);
  });

  test("Generated-by names the tool its value names", () => {
    expect(detect([commit("x\n\nGenerated-by: Claude Code\n")])).toEqual([
      expect.objectContaining({
        tool: "Claude Code",
        signal: "disclosure-trailer",
        confidence: "medium",
      }),
    ]);
    expect(detect([commit("x\n\nCo-authored-by-AI: some model\n")])).toEqual([
      expect.objectContaining({ tool: "AI tool (disclosed)", signal: "disclosure-trailer" }),
    ]);
  });

  test.each([
    ["claude-code:claude-opus-4-5 coccinelle", "Claude Code"],
    ["Copilot:gpt-5 [sparse]", "Copilot CLI / VS Code"],
    ["acme:coder-7b", "AI tool (disclosed)"],
    ["ChatGPT", "OpenAI Codex"],
    ["gpt-5.1", "OpenAI Codex"],
    ["Cursor Agent", "Cursor"],
    ["Claude <noreply@anthropic.com>", "Claude Code"],
    ["Devin AI", "Devin"],
  ])("Assisted-by: %s counts (%s)", (value, tool) => {
    expect(detect([commit(`x\n\nAssisted-by: ${value}\n`)]).map((e) => e.tool)).toEqual([tool]);
  });

  test.each([
    "Jay Satiro",
    "Claude Monet",
    "Jules Verne",
    "Claude Monet <claude@monet.fr>",
    "none",
    "https://example.com/x",
    "Claudette",
  ])("Assisted-by: %s is a human or nothing", (value) => {
    expect(detect([commit(`x\n\nAssisted-by: ${value}\n`)])).toEqual([]);
  });

  test("ai.trailers keys count unless negated", () => {
    const ai = { trailers: ["AI-Tool"] };
    expect(detect([commit("x\n\nai-tool: acme\n")], { ai })).toEqual([
      expect.objectContaining({
        tool: "configured",
        signal: "disclosure-trailer",
        matched: "ai-tool: acme",
      }),
    ]);
    expect(detect([commit("x\n\nAI-Tool: none\n")], { ai })).toEqual([]);
  });
});

describe("markers", () => {
  test("catalog markers in the PR body and commit messages, case-insensitive", () => {
    const c = commit("Add x\n\n🤖 generated with [claude code](https://claude.ai/code)\n");
    const ev = detect([c], { body: "Link to Devin run: https://app.devin.ai/sessions/1" });
    expect(ev.map((e) => [e.tool, e.where, e.commit])).toEqual([
      ["Devin", "PR body", undefined],
      ["Claude Code", "commit message", c.oid],
    ]);
  });

  test("mere mentions are not markers", () => {
    const ev = detect([commit("Copilot suggested this\n\nClaude helped.\n")], {
      body: "Generated with Claude Code. Copilot suggested it. See .codex/config.",
    });
    expect(ev).toEqual([]);
  });

  test("aider: subject prefix, not raider:", () => {
    expect(detect([commit("aider: fix\n")]).map((e) => e.signal)).toEqual(["marker"]);
    expect(detect([commit("raider: fix\n"), commit("Fix\n\naider: fix\n")])).toEqual([]);
  });

  test("ai.markers phrases are literal and case-insensitive", () => {
    const ai = { markers: ["Made by (Acme)*"] };
    expect(detect([], { body: "made BY (acme)* today", ai })).toHaveLength(1);
    expect(detect([], { body: "Made by Acme", ai })).toEqual([]);
  });

  test("long matches are shortened", () => {
    const ai = { markers: ["x".repeat(300)] };
    const [e] = detect([], { body: "x".repeat(300), ai });
    expect(e!.matched.length).toBeLessThanOrEqual(120);
  });
});

describe("config", () => {
  test("ai.builtin: false switches the catalog off; config entries still apply", () => {
    const commits = [commit(`x\n\n${CLAUDE}\nCo-authored-by: Bot <bot@agents.acme.com>\n`)];
    const ai = { builtin: false, co_authors: ["*@agents.acme.com"] };
    expect(
      detect(commits, { ai, author: { login: "Copilot", type: "Bot" } }).map((e) => e.tool),
    ).toEqual(["configured"]);
  });

  test("ai.co_authors: exact email, Name <email>, and globs", () => {
    const ai = {
      co_authors: ["bot@acme.com", "Acme Helper <helper@acme.com>", "*@agents.acme.com"],
    };
    const hits = (line: string) =>
      detect([commit(`x\n\nCo-authored-by: ${line}\n`)], { ai }).length;
    expect(hits("Anyone <BOT@acme.com>")).toBe(1);
    expect(hits("Acme Helper <helper@acme.com>")).toBe(1);
    expect(hits("Someone Else <helper@acme.com>")).toBe(0);
    expect(hits("R <run-1@agents.acme.com>")).toBe(1);
    expect(hits("R <run-1@evil.agents.acme.com.example>")).toBe(0);
    expect(hits("R <a@b@agents.acme.com>")).toBe(0);
  });
});

describe("merges and dedupe", () => {
  const bot = id("Copilot", "198982749+Copilot@users.noreply.github.com");

  test("a web merge bringing the base in gives no identity evidence", () => {
    const merge = commit({
      message: "Merge branch 'main' into fix\n\nCo-authored-by: Copilot <copilot@github.com>\n",
      author: bot,
      committer: WEB_FLOW,
      parents: ["1".repeat(40), "2".repeat(40)],
      committedViaWeb: true,
    });
    expect(detect([merge])).toEqual([]);
  });

  test("a local merge's identities still count", () => {
    const merge = commit({
      message: "Merge branch 'main'\n",
      author: bot,
      parents: ["1".repeat(40), "2".repeat(40)],
    });
    expect(detect([merge]).map((e) => e.signal)).toEqual(["commit-author", "commit-committer"]);
  });

  test("same tool, signal, text and commit once; other commits separately", () => {
    const a = commit(`x\n\n${CLAUDE}\n${CLAUDE}\n`);
    const b = commit(`y\n\n${CLAUDE}\n`);
    expect(detect([a, b]).map((e) => e.commit)).toEqual([a.oid, b.oid]);
  });
});

/** Signals observed in public histories since the catalog was first written (reference, December 2026). */
describe("signals observed since", () => {
  const sig = (ev: ReturnType<typeof detect>) => ev.map((e) => [e.tool, e.signal]);
  const bot = (login: string, id: number) => ({
    name: login,
    email: `${id}+${login}@users.noreply.github.com`,
    login: null,
  });

  test.each([
    "Claude-Generated-By: Claude Code (cli/claude-opus-4-5=100%)",
    "Claude-Steers: 3",
    "Claude-Permission-Prompts: 0",
    "Claude-Escapes: 1",
    "Claude-Plan: https://claude.ai/code/plan_01",
    "claude-session-kind: cli",
  ])("Claude Code's %s without a co-author", (line) => {
    expect(detect([commit(`Add flag\n\n${line}\nSigned-off-by: A <a@b.c>\n`)])).toEqual([
      expect.objectContaining({ tool: "Claude Code", signal: "tool-trailer", matched: line }),
    ]);
  });

  test("Claude- keys outside the trailer block, or no Claude- key at all, are not evidence", () => {
    expect(
      detect([
        commit("Add flag\n\nClaude-Steers: 3\n\nThis paragraph ends the message.\n"),
        commit("Add flag\n\nClaude: wrote the parser\nClaudette-Steers: 2\n"),
        commit("Add flag\n\nReviewed-by: Claude Monet <claude@example.com>\n"),
      ]),
    ).toEqual([]);
  });

  test.each([
    ["Amp-Thread-ID:\nhttps://ampcode.com/threads/T-0a1b", "Amp", "Amp-Thread-ID:"],
    ["Claude-Session:\nhttps://claude.ai/code/session_01", "Claude Code", "Claude-Session:"],
    [
      "Agent-Logs-Url:\nhttps://github.com/o/r/sessions/1b2c",
      "Copilot coding agent",
      "Agent-Logs-Url:",
    ],
    [
      // Not a trailer line, the wrapped value needs a Signed-off-by for the block to qualify.
      "Copilot-Session:\n3f1c2a9e-0000\nSigned-off-by: A <a@b.c>",
      "Copilot CLI / VS Code",
      "Copilot-Session:",
    ],
  ])("a tool trailer whose value wrapped (%j) still counts", (block, tool, matched) => {
    const evidence = detect([commit(`Fix\n\n${block}\n`)]);
    expect(evidence).toContainEqual(
      expect.objectContaining({ tool, signal: "tool-trailer", matched }),
    );
  });

  test("a wrapped key that needs a value does not count: Made-with alone is not Cursor", () => {
    expect(detect([commit("Fix\n\nMade-with:\nReplit-Commit-Author:\n")])).toEqual([]);
  });

  test.each([
    ["Claude Code", "Claude Code"],
    ["Copilot", "Copilot CLI / VS Code"],
    ["yes", "AI tool (disclosed)"],
  ])("AI-assisted: %s counts (%s)", (value, tool) => {
    expect(sig(detect([commit(`Fix\n\nAI-assisted: ${value}\n`)]))).toEqual([
      [tool, "disclosure-trailer"],
    ]);
  });

  test.each(["no", "No.", "none", "false", "n/a", ""])("AI-assisted: %j is a negation", (v) => {
    expect(detect([commit(`Fix\n\nAI-assisted: ${v}\nSigned-off-by: A <a@b.c>\n`)])).toEqual([]);
  });

  test("AI: no and an AI-assisted line in prose are not evidence", () => {
    expect(
      detect([
        commit("Fix\n\nAI: no\n"),
        commit("Fix\n\nAI-assisted: Claude Code\n\nThat line above is prose, not trailers.\n"),
      ]),
    ).toEqual([]);
  });

  test("Aider's noreply@aider.dev co-author and its aider (<model>) name", () => {
    const both = detect([commit("Fix\n\nCo-authored-by: aider (gpt-4o) <noreply@aider.dev>\n")]);
    expect(sig(both)).toEqual([
      ["Aider", "co-author"],
      ["Aider", "aider-name"],
    ]);
    const name = detect([commit("Fix\n\nCo-authored-by: aider (o3-mini) <alice@example.com>\n")]);
    expect(sig(name)).toEqual([["Aider", "aider-name"]]);
    const address = detect([commit("Fix\n\nCo-authored-by: Bot <noreply@aider.dev>\n")]);
    expect(sig(address)).toEqual([["Aider", "co-author"]]);
  });

  test("names that are not Aider's co-author form", () => {
    expect(
      detect([
        commit("Fix\n\nCo-authored-by: Paul Gauthier (aider) <paul@example.com>\n"),
        commit("Fix\n\nCo-authored-by: raider (gpt-4o) <r@example.com>\n"),
        commit("Fix\n\nCo-authored-by: aider <a@example.com>\n"),
      ]),
    ).toEqual([]);
  });

  test("Aider's 2023 transcript heading at the start of a line, not in prose", () => {
    const transcript = commit(
      "Add --dry-run\n\n# Aider chat conversation:\n\nUSER: add a dry-run flag\n\nASSISTANT: Here is the change.\n",
    );
    expect(sig(detect([transcript]))).toEqual([["Aider", "marker"]]);
    expect(
      detect([commit("Docs\n\nAider used to write '# Aider chat conversation:' here.\n")]),
    ).toEqual([]);
  });

  test("an Amp thread link in a commit body or the PR body", () => {
    const body = commit("Fix scrollback\n\nThread: https://ampcode.com/threads/T-5f0c2a1b-77d4\n");
    expect(detect([body])).toEqual([
      expect.objectContaining({
        tool: "Amp",
        signal: "marker",
        matched: "https://ampcode.com/threads/T-5f0c2a1b-77d4",
      }),
    ]);
    expect(sig(detect([], { body: "Done in https://ampcode.com/threads/T-9e8d" }))).toEqual([
      ["Amp", "marker"],
    ]);
    expect(
      detect([commit("Docs\n\nSee https://ampcode.com/manual and https://ampcode.com/threads/\n")]),
    ).toEqual([]);
  });

  test.each([
    ["gemini-code-assist[bot]", 176961590, "Gemini Code Assist"],
    ["coderabbitai[bot]", 136622811, "CodeRabbit"],
    ["graphite-app[bot]", 96075541, "Graphite"],
  ])("an applied suggestion of %s counts; its reviews and PRs do not", (login, id, tool) => {
    const b = bot(login, id);
    const applied = commit(
      `Apply suggestions from code review\n\nCo-authored-by: ${b.name} <${b.email}>\n`,
    );
    expect(sig(detect([applied]))).toEqual([[tool, "co-author"]]);
    const authored = commit({ message: "Add docstrings\n", author: b, committer: b });
    expect(detect([authored], { author: { login, type: "Bot" } })).toEqual([]);
  });

  test("Vercel Open Agents as PR author, commit author and co-author, across its rename", () => {
    const renamed = bot("open-agents-bot[bot]", 260704009);
    const old = {
      ...bot("openharness[bot]", 1),
      email: "openharness[bot]@users.noreply.github.com",
    };
    expect(sig(detect([], { author: { login: "open-agents-bot[bot]", type: "Bot" } }))).toEqual([
      ["Vercel Open Agents", "pr-author"],
    ]);
    expect(sig(detect([commit({ message: "x\n", author: renamed, committer: ALICE })]))).toEqual([
      ["Vercel Open Agents", "commit-author"],
    ]);
    expect(sig(detect([commit({ message: "x\n", author: old, committer: ALICE })]))).toEqual([
      ["Vercel Open Agents", "commit-author"],
    ]);
    const co = commit(`x\n\nCo-Authored-By: ${renamed.name} <${renamed.email}>\n`);
    expect(sig(detect([co]))).toEqual([["Vercel Open Agents", "co-author"]]);
  });

  test("gemini-cli[bot]'s co-author form; Gemini CLI's checkpoint identity stays no evidence", () => {
    const co = commit(
      "Fix\n\nCo-authored-by: gemini-cli[bot] <gemini-cli[bot]@users.noreply.github.com>\n",
    );
    expect(sig(detect([co]))).toEqual([["Gemini CLI bot", "co-author"]]);
    const checkpoint = { name: "Gemini CLI", email: "gemini-cli@google.com", login: null };
    expect(detect([commit({ message: "x\n", author: checkpoint, committer: checkpoint })])).toEqual(
      [],
    );
  });

  test("posthog[bot] and vercel[bot] count as commit authors only", () => {
    const posthog = bot("posthog[bot]", 206114724);
    const vercel = bot("vercel[bot]", 35613825);
    const ph = commit({
      message: "Fix funnel query\n\nGenerated-By: PostHog Code\n",
      author: posthog,
      committer: WEB_FLOW,
    });
    expect(sig(detect([ph]))).toEqual([
      ["PostHog Code", "commit-author"],
      ["PostHog Code", "disclosure-trailer"],
    ]);
    expect(sig(detect([commit({ message: "x\n", author: vercel, committer: ALICE })]))).toEqual([
      ["Vercel Agent", "commit-author"],
    ]);
    // Deployment bot: opening a PR, committing someone's change or a co-author line is not authorship.
    expect(
      detect(
        [
          commit({ message: "x\n", author: ALICE, committer: vercel }),
          commit(`x\n\nCo-authored-by: vercel[bot] <${vercel.email}>\n`),
        ],
        { author: { login: "vercel[bot]", type: "Bot" } },
      ),
    ).toEqual([]);
    expect(detect([], { author: { login: "posthog[bot]", type: "Bot" } })).toEqual([]);
  });
});

describe("head branch", () => {
  const branch = (headRef: string) =>
    detectEvidence({ author: null, body: "", headRef }, [], aiConfig());

  test.each([
    ["codex/fix-parser", "OpenAI Codex"],
    ["copilot/fix-42", "Copilot coding agent"],
    ["claude/issue-12-20261203", "Claude GitHub App"],
    ["devin/1733212345-retry", "Devin"],
    ["cursor/add-retries-1a2b", "Cursor"],
    ["jules/readme", "Google Jules"],
    ["openhands/fix-issue-7", "OpenHands"],
  ])("%s is %s's branch, marked as PR evidence", (ref, tool) => {
    const [e, ...rest] = branch(ref);
    expect(rest).toEqual([]);
    expect(e).toEqual(
      expect.objectContaining({ tool, signal: "branch", matched: ref, where: "PR head branch" }),
    );
    expect(e!.commit).toBeUndefined();
    expect(e!.source).toMatch(/^https:\/\//);
  });

  test.each([
    "cursor-blink",
    "cursor-style",
    "codex-cleanup",
    "codex/",
    "feature/codex/x",
    "my-claude/x",
    "Claude/x",
    "main",
  ])("%s is not an agent's branch", (ref) => {
    expect(branch(ref)).toEqual([]);
  });

  test("switched off with the built-in catalog", () => {
    expect(
      detectEvidence(
        { author: null, body: "", headRef: "codex/x" },
        [],
        aiConfig({ builtin: false }),
      ),
    ).toEqual([]);
  });
});

describe("hostile input to the new rules stays linear", () => {
  test("near-miss markers, names and keys, a megabyte each, in well under a second", () => {
    const n = 40_000;
    const body = `${"https://ampcode.com/threads/T".repeat(n)}\n${"x # Aider chat conversation:".repeat(n)}`;
    const names = `Fix\n\n${Array.from({ length: 2_000 }, () => `Co-authored-by: aider (${"(".repeat(500)} <a@b.c>`).join("\n")}\n`;
    const keys = `Fix\n\n${Array.from({ length: 20_000 }, (_, i) => `Claude-${"-".repeat(40)}${i}:`).join("\n")}\n`;
    const start = performance.now();
    const evidence = detect([commit(body), commit(names)], {
      body,
      headRef: `${"codex".repeat(n)}/`,
    });
    const keyed = detect([commit(keys)]);
    const ms = performance.now() - start;
    expect(evidence).toEqual([]);
    expect(keyed).toHaveLength(20_000);
    expect(ms).toBeLessThan(1_000);
  });
});
