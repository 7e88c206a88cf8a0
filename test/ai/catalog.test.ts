/** The catalog as data: sourced, non-empty, and covering every row of reference/ai-signals.md. */
import {
  AGENT_BRANCHES,
  ASSISTED_BY,
  CATALOG,
  type CatalogEntry,
  DISCLOSURE_TRAILERS,
  NOT_EVIDENCE,
} from "../../src/ai/catalog.js";
import { detectEvidence } from "../../src/ai/detect.js";
import { ALICE, aiConfig, commit } from "./build.js";

function entries(name: string): CatalogEntry[] {
  const found = CATALOG.filter((e) => e.name === name);
  expect(found.length).toBeGreaterThan(0);
  return found;
}

const all = <K extends keyof CatalogEntry>(name: string, key: K) =>
  entries(name).flatMap((e) => (e[key] ?? []) as unknown[]);

describe("catalog", () => {
  test.each(CATALOG.map((e) => [e.name, e] as const))("%s has a source and a signal", (_n, e) => {
    expect(e.source).toMatch(/^https:\/\/\S+$/);
    const signals =
      e.logins.length +
      e.emails.length +
      e.toolTrailers.length +
      e.markers.length +
      (e.models?.length ?? 0) +
      (e.nameSuffixes?.length ?? 0) +
      (e.subjectPrefixes?.length ?? 0);
    expect(signals).toBeGreaterThan(0);
    expect(["high", "medium", "weak"]).toContain(e.confidence);
  });

  test("markers are stateless (no g or y flag)", () => {
    for (const m of CATALOG.flatMap((e) => e.markers)) {
      if (m instanceof RegExp) expect(m.flags).not.toMatch(/[gy]/);
    }
  });

  test("emails are exact addresses, never a bare domain", () => {
    for (const email of CATALOG.flatMap((e) => e.emails)) {
      expect(email).toMatch(/^[^@\s*]+@[^@\s*]+\.[a-z]+$/i);
      expect(email.toLowerCase()).not.toMatch(/^@/);
    }
  });

  test("no login or address is claimed by two tools", () => {
    const seen = new Map<string, string>();
    for (const e of CATALOG) {
      for (const v of [...e.logins, ...e.emails].map((x) => x.toLowerCase())) {
        expect([v, seen.get(v) ?? e.name]).toEqual([v, e.name]);
        seen.set(v, e.name);
      }
    }
  });

  // One assertion per row of the reference's identity table.
  test.each([
    ["Copilot coding agent", "logins", "Copilot"],
    ["Copilot coding agent", "logins", "copilot-swe-agent[bot]"],
    ["Copilot coding agent", "emails", "198982749+Copilot@users.noreply.github.com"],
    ["Copilot CLI / VS Code", "emails", "223556219+Copilot@users.noreply.github.com"],
    ["Copilot CLI / VS Code", "emails", "copilot@github.com"],
    ["Copilot code review / Autofix", "emails", "175728472+Copilot@users.noreply.github.com"],
    [
      "Copilot code review / Autofix",
      "emails",
      "62310815+github-advanced-security[bot]@users.noreply.github.com",
    ],
    ["Claude Code", "emails", "noreply@anthropic.com"],
    ["Claude GitHub App", "logins", "claude[bot]"],
    ["Claude GitHub App", "emails", "209825114+claude[bot]@users.noreply.github.com"],
    ["OpenAI Codex", "logins", "chatgpt-codex-connector[bot]"],
    ["OpenAI Codex", "logins", "openai-codex[bot]"],
    ["OpenAI Codex", "emails", "noreply@openai.com"],
    ["OpenAI Codex", "emails", "codex@openai.com"],
    ["Cursor", "logins", "cursoragent"],
    ["Cursor", "emails", "cursoragent@cursor.com"],
    ["Devin", "logins", "devin-ai-integration[bot]"],
    ["Devin", "emails", "158243242+devin-ai-integration[bot]@users.noreply.github.com"],
    ["Google Jules", "logins", "google-labs-jules[bot]"],
    ["Google Jules", "emails", "161369871+google-labs-jules[bot]@users.noreply.github.com"],
    ["Amazon Q Developer", "logins", "amazon-q-developer[bot]"],
    ["Kiro", "logins", "kiro-agent[bot]"],
    ["Kiro", "emails", "noreply@kiro.dev"],
    ["Aider", "nameSuffixes", " (aider)"],
    ["Aider", "emails", "aider@aider.chat"],
    ["Aider", "emails", "noreply@aider.chat"],
    ["Aider", "subjectPrefixes", "aider: "],
    ["OpenHands", "logins", "openhands-agent"],
    ["OpenHands", "logins", "openhands-ai[bot]"],
    ["OpenHands", "emails", "openhands@all-hands.dev"],
    ["Amp", "emails", "amp@ampcode.com"],
    ["Factory", "logins", "factory-droid[bot]"],
    ["Factory", "emails", "138933559+factory-droid[bot]@users.noreply.github.com"],
    ["Sweep", "logins", "sweep-ai[bot]"],
    ["Codegen", "logins", "codegen-sh[bot]"],
    ["OpenCode", "logins", "opencode-agent[bot]"],
    ["OpenCode", "emails", "noreply@opencode.ai"],
    ["Tembo", "logins", "tembo[bot]"],
    ["Mentat", "logins", "mentatbot[bot]"],
    ["Lovable", "logins", "gpt-engineer-app[bot]"],
    ["Lovable", "logins", "lovable-dev[bot]"],
    // Observed in public histories since (December 2026).
    ["Vercel Open Agents", "logins", "openharness[bot]"],
    ["Vercel Open Agents", "logins", "open-agents-bot[bot]"],
    ["Gemini CLI bot", "logins", "gemini-cli[bot]"],
    ["PostHog Code", "logins", "posthog[bot]"],
    ["Vercel Agent", "logins", "vercel[bot]"],
    ["Aider", "emails", "noreply@aider.dev"],
    ["Gemini Code Assist", "logins", "gemini-code-assist[bot]"],
    ["CodeRabbit", "logins", "coderabbitai[bot]"],
    ["Graphite", "logins", "graphite-app[bot]"],
  ] as const)("%s: %s has %s", (tool, key, value) => {
    expect(all(tool, key)).toContain(value);
  });

  test("numeric ids from the reference", () => {
    expect(all("Copilot coding agent", "noreplyIds")).toContain(198982749);
    expect(all("OpenAI Codex", "noreplyIds")).toEqual(
      expect.arrayContaining([199175422, 215057067]),
    );
    expect(all("Amazon Q Developer", "noreplyIds")).toContain(208079219);
    expect(all("Vercel Open Agents", "noreplyIds")).toContain(260704009);
    expect(all("Gemini CLI bot", "noreplyIds")).toContain(218312386);
    expect(all("PostHog Code", "noreplyIds")).toContain(206114724);
    expect(all("Vercel Agent", "noreplyIds")).toContain(35613825);
    expect(all("Gemini Code Assist", "noreplyIds")).toContain(176961590);
  });

  // The reference says in which role each of these is authorship; nothing else counts.
  test.each([
    ["PostHog Code", ["commit-author"]],
    ["Vercel Agent", ["commit-author"]],
    ["Gemini Code Assist", ["co-author"]],
    ["CodeRabbit", ["co-author"]],
    ["Graphite", ["co-author"]],
  ] as const)("%s counts only as %j", (tool, roles) => {
    expect(entries(tool).map((e) => e.roles)).toEqual([roles]);
  });

  // One assertion per row of the reference's trailers-and-markers table.
  test.each([
    ["Copilot coding agent", "Agent-Logs-Url", "https://github.com/o/r/sessions/1b2c"],
    ["Copilot CLI / VS Code", "Copilot-Session", "3f1c2a9e"],
    ["Claude Code", "Claude-Session", "https://claude.ai/code/session_01X"],
    ["Cursor", "Made-with", "Cursor"],
    ["Amp", "Amp-Thread-ID", "https://ampcode.com/threads/T-1"],
    ["Replit Agent", "Replit-Commit-Author", "Agent"],
    ["Replit Agent", "Replit-Commit-Author", "Assistant"],
    ["Claude Code", "Claude-Generated-By", "Claude Code (cli/claude-opus-4-5=100%)"],
    ["Claude Code", "Claude-Steers", "2"],
    ["Claude Code", "Claude-Permission-Prompts", "0"],
    ["Claude Code", "Claude-Escapes", "1"],
    ["Claude Code", "Claude-Plan", ""],
  ] as const)("%s writes %s: %s", (tool, key, value) => {
    const trailers = entries(tool).flatMap((e) => e.toolTrailers);
    const t = trailers.find((x) => x.key === key);
    expect(t).toBeDefined();
    expect(!t!.valuePattern || t!.valuePattern.test(value)).toBe(true);
  });

  test.each([
    ["Claude Code", "🤖 Generated with [Claude Code](https://claude.com/claude-code)"],
    ["Cursor", "Made with [Cursor](https://cursor.com)"],
    ["Cursor", "https://cursor.com/agents/bc-1a2b3c4d"],
    ["OpenAI Codex", "https://chatgpt.com/codex/tasks/task_e_68b2f1c9"],
    ["OpenAI Codex", "https://chatgpt.com/codex/cloud/tasks/task_e_68b2f1c9"],
    ["Devin", "Link to Devin run: https://app.devin.ai/sessions/4f2e"],
    ["Google Jules", "PR created automatically by Jules for task 123"],
    ["OpenCode", "🤖 Generated with [OpenCode](https://opencode.ai)"],
    ["Aider", "Add flag\n\n# Aider chat conversation:\n\nUSER: add a flag"],
    ["Amp", "See https://ampcode.com/threads/T-5f0c2a1b-77d4-4e8b-9a1c-3d2e1f0a9b8c"],
  ] as const)("%s marker matches %s", (tool, text) => {
    const markers = entries(tool).flatMap((e) => e.markers);
    expect(
      markers.some((m) =>
        typeof m === "string" ? text.toLowerCase().includes(m.toLowerCase()) : m.test(text),
      ),
    ).toBe(true);
  });

  test("Claude Code owns the Claude- trailer key space", () => {
    expect(all("Claude Code", "toolTrailerPrefixes")).toEqual(["Claude-"]);
  });

  test("Aider's co-author name form aider (<model>)", () => {
    const names = all("Aider", "coAuthorNames") as RegExp[];
    const fits = (n: string) => names.some((re) => re.test(n));
    expect(fits("aider (gpt-4o)")).toBe(true);
    expect(fits("aider (anthropic/claude-3-7-sonnet-20250219)")).toBe(true);
    expect(fits("aider")).toBe(false);
    expect(fits("Paul Gauthier (aider)")).toBe(false);
    expect(fits("raider (gpt-4o)")).toBe(false);
  });

  test("agent branch prefixes: each a catalog tool's name and a slash", () => {
    expect(AGENT_BRANCHES.map((b) => b.prefix)).toEqual([
      "codex/",
      "copilot/",
      "claude/",
      "devin/",
      "cursor/",
      "jules/",
      "openhands/",
    ]);
    const names = new Set(CATALOG.map((e) => e.name));
    for (const b of AGENT_BRANCHES) {
      expect(b.prefix).toMatch(/^[a-z]+\/$/);
      expect(names).toContain(b.tool);
      expect(b.source).toMatch(/^https:\/\/\S+$/);
    }
  });

  test("disclosure trailers", () => {
    expect(DISCLOSURE_TRAILERS.map((d) => d.key)).toEqual([
      "Generated-by",
      "Co-authored-by-AI",
      "AI-assisted",
    ]);
    expect(ASSISTED_BY.key).toBe("Assisted-by");
    for (const d of [...DISCLOSURE_TRAILERS, ASSISTED_BY]) expect(d.source).toMatch(/^https:\/\//);
  });

  test("nothing in the NOT-evidence list is in the catalog, but in its one exceptional role", () => {
    for (const n of NOT_EVIDENCE) {
      const claims = CATALOG.filter((e) =>
        [...e.logins, ...e.emails].some((x) => x.toLowerCase() === n.value.toLowerCase()),
      );
      expect([n.value, claims.map((e) => e.roles)]).toEqual([
        n.value,
        n.except ? [[n.except]] : [],
      ]);
    }
  });

  const asIdentity = (n: (typeof NOT_EVIDENCE)[number]) =>
    n.kind === "email"
      ? { name: "X", email: n.value }
      : { name: n.value, email: `12345+${n.value}@users.noreply.github.com`, login: n.value };

  test.each(NOT_EVIDENCE.map((n) => [n.value, n] as const))("%s is no evidence", (_v, n) => {
    const ai = aiConfig();
    const identity = asIdentity(n);
    const asAuthor = n.except === "commit-author" ? ALICE : identity;
    const commits = [commit({ message: "Update\n", author: asAuthor, committer: identity })];
    if (n.except !== "co-author") {
      commits.push(commit(`Fix\n\nCo-authored-by: ${identity.name} <${identity.email}>\n`));
    }
    const author = n.kind === "login" ? { login: n.value, type: "Bot" as const } : null;
    expect(detectEvidence({ author, body: "" }, commits, ai)).toEqual([]);
  });

  test.each(NOT_EVIDENCE.filter((n) => n.except).map((n) => [n.value, n.except, n] as const))(
    "%s counts as %s",
    (_v, role, n) => {
      const identity = asIdentity(n);
      const c =
        role === "co-author"
          ? commit(
              `Apply suggestions from code review\n\nCo-authored-by: ${identity.name} <${identity.email}>\n`,
            )
          : commit({ message: "Update\n", author: identity, committer: ALICE });
      const evidence = detectEvidence({ author: null, body: "" }, [c], aiConfig());
      expect(evidence.map((e) => e.signal)).toEqual([role]);
    },
  );
});
