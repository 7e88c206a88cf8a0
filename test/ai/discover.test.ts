/** Discovery for `countersign scan --unknown` (issue 12): what looks like a tool but is not known. */
import { configLines, discoverUnknown, modelInName } from "../../src/ai/discover.js";
import { ALICE, aiConfig, commit, WEB_FLOW } from "./build.js";

const bot = (login: string, id = 4242) => ({
  name: login,
  email: `${id}+${login}@users.noreply.github.com`,
});

function found(commits: Parameters<typeof commit>[0][], ai = aiConfig()) {
  return discoverUnknown(commits.map(commit), ai).map((f) => [f.kind, f.value, f.commits]);
}

describe("discoverUnknown", () => {
  test("an uncatalogued bot authoring, committing or co-authoring", () => {
    const c = [
      { message: "a\n", author: bot("acme-coder[bot]"), committer: WEB_FLOW },
      { message: "b\n", author: ALICE, committer: bot("acme-coder[bot]") },
      "c\n\nCo-authored-by: helper[bot] <helper[bot]@users.noreply.github.com>\n",
      { message: "d\n", author: { name: "ci[bot]", email: "ci@acme.dev" }, committer: ALICE },
    ];
    const findings = discoverUnknown(c.map(commit), aiConfig());
    expect(findings.map((f) => [f.kind, f.value, f.commits, f.seenAs, f.config])).toEqual([
      [
        "bot",
        "acme-coder[bot]",
        2,
        ["commit author", "committer"],
        { key: "bots", value: "acme-coder[bot]" },
      ],
      ["bot", "ci[bot]", 1, ["commit author"], { key: "co_authors", value: "ci@acme.dev" }],
      ["bot", "helper[bot]", 1, ["co-author"], { key: "bots", value: "helper[bot]" }],
    ]);
  });

  test("catalogued, configured and not-AI bots are not listed, whatever the role", () => {
    const c = [
      { message: "a\n", author: bot("dependabot[bot]", 49699333), committer: WEB_FLOW },
      { message: "b\n", author: bot("claude[bot]", 209825114) },
      { message: "c\n", author: ALICE, committer: bot("vercel[bot]", 35613825) },
      { message: "d\n", author: bot("acme-agent[bot]") },
      "e\n\nCo-authored-by: coderabbitai[bot] <136622811+coderabbitai[bot]@users.noreply.github.com>\n",
    ];
    expect(found(c, aiConfig({ bots: ["acme-agent[bot]"] }))).toEqual([]);
    // With the catalog switched off, a catalogued tool is still not "unknown".
    expect(found(c, aiConfig({ builtin: false, bots: ["acme-agent[bot]"] }))).toEqual([]);
  });

  test("trailer keys of the forms tools use, unless catalogued or configured", () => {
    const c = [
      "a\n\nFoo-Session: 1\nBar-Thread-ID: T-2\nBaz-Generated-By: Baz 1.0\nQux-Logs-Url: https://q\n",
      "b\n\nfoo-session: 3\n",
      "c\n\nAmp-Thread-ID: T-1\nCopilot-Session: 2\nClaude-Generated-By: x\nAgent-Logs-Url: y\n",
      "d\n\nSession: 1\nGenerated-By: none\nReviewed-by: Bob <bob@example.com>\n",
      "e\n\nAcme-Session: 1\n",
      "f\n\nFoo-Session: in a middle paragraph\n\nprose\n",
    ];
    expect(found(c, aiConfig({ trailers: ["Acme-Session"] }))).toEqual([
      ["trailer", "Foo-Session", 2],
      ["trailer", "Bar-Thread-ID", 1],
      ["trailer", "Baz-Generated-By", 1],
      ["trailer", "Qux-Logs-Url", 1],
    ]);
  });

  test("model names in parentheses after a name", () => {
    const c = [
      "a\n\nCo-authored-by: Jane Doe (gpt-4o) <jane@example.com>\n",
      { message: "b\n", author: { name: "Bob (claude-sonnet-4)", email: "bob@example.com" } },
      { message: "c\n", author: { name: "aider (gpt-4o)", email: "alice@example.com" } },
      // Catalogued: Aider's own forms.
      "d\n\nCo-authored-by: aider (o3-mini) <alice@example.com>\n",
      { message: "e\n", author: { name: "Alice Smith (aider)", email: "alice@example.com" } },
      // Not model names.
      "f\n\nCo-authored-by: John Smith (Acme Corp) <john@example.com>\n",
      "g\n\nCo-authored-by: Jo (she/her) <jo@example.com>\n",
      "h\n\nCo-authored-by: Robert (Bob) <bob@example.com>\n",
    ];
    expect(found(c, aiConfig({ co_authors: ["* (claude-sonnet-4) <*@*>"] }))).toEqual([
      ["model", "(gpt-4o)", 2],
    ]);
  });

  test.each([
    ["Jane Doe (gpt-4o)", "gpt-4o"],
    ["x (anthropic/claude-3-7-sonnet)", "anthropic/claude-3-7-sonnet"],
    ["Bot (codex)", "codex"],
    ["Jane Doe", null],
    ["(gpt-4)", null],
    ["Jane (Doe)", null],
    ["Jane (two words 4)", null],
    [`${"(".repeat(50000)}x`, null],
  ])("modelInName(%j) is %j", (name, model) => {
    expect(modelInName(name)).toBe(model);
  });

  test("the config lines are YAML that the schema accepts and that counts them", async () => {
    const { parse } = await import("yaml");
    const { aiSchema } = await import("../../src/model/config-schema.js");
    const { detectEvidence } = await import("../../src/ai/detect.js");
    const c = [
      { message: "a\n", author: bot("acme-coder[bot]") },
      "b\n\nFoo-Session: 1\n",
      "c\n\nCo-authored-by: Jane Doe (gpt-4o) <jane@example.com>\n",
      { message: "d\n", author: { name: "ci[bot]", email: "ci@acme.dev" } },
    ].map(commit);
    const findings = discoverUnknown(c, aiConfig());
    const yaml = configLines(findings);
    expect(yaml).toBe(
      [
        "ai:",
        "  bots:",
        '    - "acme-coder[bot]"',
        "  co_authors:",
        '    - "ci@acme.dev"',
        '    - "* (gpt-4o) <*@*>"',
        "  trailers:",
        '    - "Foo-Session"',
        "",
      ].join("\n"),
    );
    const ai = aiSchema.parse(parse(yaml).ai);
    expect(discoverUnknown(c, ai)).toEqual([]);
    for (const one of c)
      expect(detectEvidence({ author: null, body: "" }, [one], ai)).not.toEqual([]);
  });
});
