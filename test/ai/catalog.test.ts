/** The catalog as data: sourced, non-empty, and covering every row of reference/ai-signals.md. */
import {
  ASSISTED_BY,
  CATALOG,
  type CatalogEntry,
  DISCLOSURE_TRAILERS,
  NOT_EVIDENCE,
} from "../../src/ai/catalog.js";
import { detectEvidence } from "../../src/ai/detect.js";
import { aiConfig, commit } from "./build.js";

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
  ] as const)("%s: %s has %s", (tool, key, value) => {
    expect(all(tool, key)).toContain(value);
  });

  test("numeric ids from the reference", () => {
    expect(all("Copilot coding agent", "noreplyIds")).toContain(198982749);
    expect(all("OpenAI Codex", "noreplyIds")).toEqual(
      expect.arrayContaining([199175422, 215057067]),
    );
    expect(all("Amazon Q Developer", "noreplyIds")).toContain(208079219);
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
  ] as const)("%s marker matches %s", (tool, text) => {
    const markers = entries(tool).flatMap((e) => e.markers);
    expect(
      markers.some((m) =>
        typeof m === "string" ? text.toLowerCase().includes(m.toLowerCase()) : m.test(text),
      ),
    ).toBe(true);
  });

  test("disclosure trailers", () => {
    expect(DISCLOSURE_TRAILERS.map((d) => d.key)).toEqual(["Generated-by", "Co-authored-by-AI"]);
    expect(ASSISTED_BY.key).toBe("Assisted-by");
    for (const d of [...DISCLOSURE_TRAILERS, ASSISTED_BY]) expect(d.source).toMatch(/^https:\/\//);
  });

  test("nothing in the NOT-evidence list is in the catalog", () => {
    const claimed = new Set(
      CATALOG.flatMap((e) => [...e.logins, ...e.emails]).map((x) => x.toLowerCase()),
    );
    for (const n of NOT_EVIDENCE) expect(claimed.has(n.value.toLowerCase())).toBe(false);
  });

  test.each(NOT_EVIDENCE.map((n) => [n.value, n] as const))("%s is no evidence", (_v, n) => {
    const ai = aiConfig();
    const identity =
      n.kind === "email"
        ? { name: "X", email: n.value }
        : { name: n.value, email: `12345+${n.value}@users.noreply.github.com`, login: n.value };
    const commits = [commit({ message: "Update\n", author: identity, committer: identity })];
    const trailer = commit(`Fix\n\nCo-authored-by: ${identity.name} <${identity.email}>\n`);
    const author = n.kind === "login" ? { login: n.value, type: "Bot" as const } : null;
    expect(detectEvidence({ author, body: "" }, [...commits, trailer], ai)).toEqual([]);
  });
});
