import { CODEOWNERS_MAX_BYTES, parseCodeowners } from "../../src/codeowners/parse.js";
import { compilePattern } from "../../src/codeowners/pattern.js";

const rulesOf = (text: string) => parseCodeowners(text).rules;
const problemsOf = (text: string) => parseCodeowners(text).problems;

describe("parseCodeowners: lines", () => {
  test("reads pattern and owners, skips comments and blank lines, numbers lines from 1", () => {
    const text = "# owners\n\n*       @acme/core\n  /docs/ @alice docs@acme.example.com\n";
    expect(parseCodeowners(text)).toEqual({
      rules: [
        { pattern: "*", owners: ["@acme/core"], line: 3 },
        { pattern: "/docs/", owners: ["@alice", "docs@acme.example.com"], line: 4 },
      ],
      problems: [],
    });
  });

  test("tolerates CRLF line ends, tabs between fields and a byte-order mark", () => {
    const text = "\uFEFF# c\r\n/a/\t@alice\r\n\r\n/b/ @bob\r\n";
    expect(rulesOf(text)).toEqual([
      { pattern: "/a/", owners: ["@alice"], line: 2 },
      { pattern: "/b/", owners: ["@bob"], line: 4 },
    ]);
  });

  test("a pattern with no owners unowns its paths (owners: [])", () => {
    expect(rulesOf("/apps/ @octocat\n/apps/github\n")).toEqual([
      { pattern: "/apps/", owners: ["@octocat"], line: 1 },
      { pattern: "/apps/github", owners: [], line: 2 },
    ]);
  });

  test("an inline # comment ends the owners", () => {
    expect(rulesOf("/a/ @alice @bob # the A team\n/b/ # nobody\n/c/ @carol#x")).toEqual([
      { pattern: "/a/", owners: ["@alice", "@bob"], line: 1 },
      { pattern: "/b/", owners: [], line: 2 },
      { pattern: "/c/", owners: ["@carol"], line: 3 },
    ]);
  });

  test("an escaped space stays in the pattern, as written", () => {
    const [rule] = rulesOf("/my\\ docs/ @alice");
    expect(rule).toEqual({ pattern: "/my\\ docs/", owners: ["@alice"], line: 1 });
    expect(compilePattern(rule!.pattern)("my docs/a.md")).toBe(true);
  });

  test("a trailing escaped space belongs to the pattern", () => {
    expect(rulesOf("a\\  @alice")[0]).toMatchObject({ pattern: "a\\ ", owners: ["@alice"] });
  });
});

describe("parseCodeowners: owners", () => {
  test.each([
    "@alice",
    "@a-l-i-c-e",
    "@alice_acme", // Enterprise Managed Users
    "@acme/core",
    "@acme/web.platform",
    "alice@example.com",
    "first.last+tag@mail.example.co.uk",
  ])("accepts %s", (owner) => {
    expect(parseCodeowners(`* ${owner}`)).toEqual({
      rules: [{ pattern: "*", owners: [owner], line: 1 }],
      problems: [],
    });
  });

  test.each([
    ["alice", "did you mean `@alice`"],
    ["@acme/", "team name is missing"],
    ["@", "not a valid"],
    ["@/team", "not a valid"],
    ["@alice@bob", "run together"],
    ["alice@localhost", "not a valid email"],
    ["a@b@c.com", "not a valid email"],
    ["@-alice", "not a valid"],
  ])("rejects %s with its line number, and ignores the line", (owner, why) => {
    const result = parseCodeowners(`# head\n/a/ @ok ${owner}\n/b/ @bob`);
    expect(result.rules).toEqual([{ pattern: "/b/", owners: ["@bob"], line: 3 }]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ line: 2, severity: "error" });
    expect(result.problems[0]!.message).toContain(`\`${owner}\``);
    expect(result.problems[0]!.message).toContain(why);
    expect(result.problems[0]!.message).toContain("line ignored");
  });

  test("reports every bad owner of a line", () => {
    expect(problemsOf("/a/ alice bob")).toHaveLength(2);
  });
});

describe("parseCodeowners: syntax GitHub does not support", () => {
  test("`!` negation is reported and the line ignored, not guessed", () => {
    const result = parseCodeowners("* @a\n!/docs/ @b");
    expect(result.rules).toEqual([{ pattern: "*", owners: ["@a"], line: 1 }]);
    expect(result.problems).toEqual([
      { line: 2, severity: "error", message: expect.stringContaining("`!` negation") },
    ]);
  });

  test("a `\\#` escape is reported and the line ignored", () => {
    const result = parseCodeowners("\\#notes.md @a");
    expect(result.rules).toEqual([]);
    expect(result.problems).toEqual([
      { line: 1, severity: "error", message: expect.stringContaining("escaping a leading `#`") },
    ]);
  });

  test("`[ ]` is kept and matched literally, with a warning", () => {
    const result = parseCodeowners("/apps/[param]/ @a\n/apps/\\[id\\]/ @b");
    expect(result.rules.map((r) => r.pattern)).toEqual(["/apps/[param]/", "/apps/\\[id\\]/"]);
    expect(result.problems).toEqual([
      { line: 1, severity: "warning", message: expect.stringContaining("match literally") },
    ]);
  });

  test("`/` alone is kept (it matches nothing) with a warning", () => {
    expect(problemsOf("/ @a")).toEqual([
      { line: 1, severity: "warning", message: expect.stringContaining("never matches") },
    ]);
  });

  test("an owner with no pattern is read as a pattern with no owners, with a warning", () => {
    const result = parseCodeowners("@acme/core");
    expect(result.rules).toEqual([{ pattern: "@acme/core", owners: [], line: 1 }]);
    expect(result.problems[0]).toMatchObject({ line: 1, severity: "warning" });
  });

  test("a `#` inside a pattern is literal, with a warning", () => {
    const result = parseCodeowners("/src/C#/ @a");
    expect(result.rules).toEqual([{ pattern: "/src/C#/", owners: ["@a"], line: 1 }]);
    expect(result.problems[0]).toMatchObject({ line: 1, severity: "warning" });
  });
});

describe("parseCodeowners: size limit", () => {
  test("the limit is 3 MB", () => {
    expect(CODEOWNERS_MAX_BYTES).toBe(3 * 1024 * 1024);
  });

  test("a file of 3 MB or more is ignored, as GitHub does", () => {
    const line = "/a/ @alice\n";
    const text = line.repeat(Math.ceil(CODEOWNERS_MAX_BYTES / line.length));
    const result = parseCodeowners(text);
    expect(result.rules).toEqual([]);
    expect(result.problems).toEqual([
      { line: 0, severity: "error", message: expect.stringContaining("3 MB") },
    ]);
  });

  test("the limit counts UTF-8 bytes, not characters", () => {
    const text = `# ${"é".repeat(CODEOWNERS_MAX_BYTES / 2)}\n* @a`;
    expect(text.length).toBeLessThan(CODEOWNERS_MAX_BYTES);
    expect(parseCodeowners(text).rules).toEqual([]);
  });

  test("a file just under the limit is read", () => {
    const text = `* @a\n#${"x".repeat(CODEOWNERS_MAX_BYTES - 10)}`;
    expect(parseCodeowners(text).rules).toHaveLength(1);
  });
});
