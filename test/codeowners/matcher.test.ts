import fc from "fast-check";
import { matcherFor, OwnersMatcher } from "../../src/codeowners/matcher.js";
import { parseCodeowners } from "../../src/codeowners/parse.js";
import { compilePattern } from "../../src/codeowners/pattern.js";
import type { Codeowners, OwnerRule } from "../../src/codeowners/types.js";

function ownersOf(text: string): (path: string) => string[] | null {
  const matcher = new OwnersMatcher(parseCodeowners(text));
  return (path) => matcher.match(path)?.owners ?? null;
}

/** The obvious implementation the index must agree with. */
function naiveMatch(file: Codeowners, path: string): OwnerRule | null {
  for (let i = file.rules.length - 1; i >= 0; i--) {
    if (compilePattern(file.rules[i]!.pattern)(path)) return file.rules[i]!;
  }
  return null;
}

describe("OwnersMatcher: last matching line wins", () => {
  test("a late specific rule overrides an early broad one", () => {
    const owners = ownersOf("* @acme/all\n/src/app/ @app");
    expect(owners("src/app/main.ts")).toEqual(["@app"]);
    expect(owners("src/lib/util.ts")).toEqual(["@acme/all"]);
  });

  test("a late broad rule overrides an early specific one", () => {
    const owners = ownersOf("/src/app/ @app\n* @acme/all");
    expect(owners("src/app/main.ts")).toEqual(["@acme/all"]);
  });

  test.each([
    // [earlier, later, path]: each pair crosses two buckets of the index.
    ["*.md @docs", "/docs/ @docs-team", "docs/guide.md"],
    ["/docs/ @docs-team", "*.md @docs", "docs/guide.md"],
    ["**/migrations/ @dba", "/services/ @svc", "services/pay/migrations/1.sql"],
    ["/services/ @svc", "**/migrations/ @dba", "services/pay/migrations/1.sql"],
    ["/services/pay/ @pay", "/services/ @svc", "services/pay/a.ts"],
    ["/services/ @svc", "/services/pay/ @pay", "services/pay/a.ts"],
    ["*.ts @ts", "**/*.test.ts @tests", "src/a.test.ts"],
    ["**/*.test.ts @tests", "*.ts @ts", "src/a.test.ts"],
    ["/src/**/a.ts @deep", "a.ts @any", "src/x/a.ts"],
    ["a.ts @any", "/src/**/a.ts @deep", "src/x/a.ts"],
  ])("`%s` then `%s`: the later decides %s", (earlier, later, path) => {
    const owners = ownersOf(`${earlier}\n${later}`);
    expect(owners(path)).toEqual([later.split(" ")[1]]);
  });

  test("the earlier rule still decides paths the later one does not match", () => {
    const owners = ownersOf("*.md @docs\n/docs/ @docs-team");
    expect(owners("README.md")).toEqual(["@docs"]);
  });
});

describe("OwnersMatcher: unowned and unmatched", () => {
  test("a line with no owners leaves its paths unowned (GitHub's /apps/github example)", () => {
    const matcher = new OwnersMatcher(parseCodeowners("/apps/ @octocat\n/apps/github\n"));
    expect(matcher.match("apps/main/index.js")?.owners).toEqual(["@octocat"]);
    expect(matcher.match("apps/github/index.js")).toEqual({
      pattern: "/apps/github",
      owners: [],
      line: 2,
    });
  });

  test("null when no line matches", () => {
    expect(ownersOf("/apps/ @octocat")("README.md")).toBeNull();
    expect(new OwnersMatcher({ rules: [], problems: [] }).match("a")).toBeNull();
  });

  test("returns the deciding rule itself, with its line", () => {
    const file = parseCodeowners("# c\n* @a\n/b/ @b");
    expect(new OwnersMatcher(file).match("b/c")).toBe(file.rules[1]);
  });

  test("paths are case-sensitive", () => {
    expect(ownersOf("/Docs/ @d")("docs/a.md")).toBeNull();
  });
});

describe("compilePattern beyond the vectors", () => {
  test.each([
    // GitHub's documented examples.
    ["docs/*", "docs/getting-started.md", true],
    ["docs/*", "docs/build-app/troubleshooting.md", false],
    ["apps/", "apps/web/index.js", true],
    ["apps/", "src/apps/web/index.js", true],
    ["/build/logs/", "build/logs/2024/01/a.log", true],
    ["**/logs", "deeply/nested/logs/a.log", true],
    ["*.js", "src/deep/app.js", true],
    ["*.js", "src/deep/app.jsx", false],
    // Escapes and literals.
    ["my\\ file.txt", "dir/my file.txt", true],
    ["\\[id\\]/x", "[id]/x", true],
    ["/apps/[a-z]/", "apps/b/x", false],
    ["f?o", "f\u{1F600}o", true],
    // Whole-tree patterns, and `/`, which matches nothing.
    ["**", "a/b/c", true],
    ["/**", "a", true],
    ["/", "a", false],
    ["/Docs/", "docs/a", false],
  ])("`%s` vs %s → %s", (pattern, path, expected) => {
    expect(compilePattern(pattern)(path)).toBe(expected);
  });

  test("wildcard-heavy patterns on long paths do not backtrack (completes within the test timeout)", () => {
    const pattern = `${"**/a*a*a*a*a*a*a*a*b/".repeat(8)}**/c`;
    const path = Array.from({ length: 200 }, () => "a".repeat(300)).join("/");
    expect(compilePattern(pattern)(path)).toBe(false);
    expect(compilePattern("*a*a*a*a*a*a*a*a*a*a*b")("a".repeat(20000))).toBe(false);
  });
});

describe("OwnersMatcher equals a naive reverse scan", () => {
  const segment = fc.constantFrom("a", "b", "src", "docs", "x.md", "y.ts", "a.test.ts", "[p]");
  const patternSegment = fc.constantFrom(
    "a",
    "b",
    "src",
    "docs",
    "x.md",
    "*",
    "**",
    "*.md",
    "*.ts",
    "a*",
    "?",
    "*.test.ts",
    "[p]",
    "s?c",
  );
  const pattern = fc
    .tuple(fc.boolean(), fc.array(patternSegment, { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([lead, segs, trail]) => `${lead ? "/" : ""}${segs.join("/")}${trail ? "/" : ""}`);
  const rule = fc.tuple(pattern, fc.constantFrom([], ["@a"], ["@b"], ["@org/c"]));
  const file = fc.array(rule, { maxLength: 40 }).map(
    (rules): Codeowners => ({
      rules: rules.map(([p, owners], i) => ({ pattern: p, owners: [...owners], line: i + 1 })),
      problems: [],
    }),
  );
  const path = fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join("/"));

  test("on random rule sets and paths", () => {
    fc.assert(
      fc.property(file, fc.array(path, { minLength: 1, maxLength: 20 }), (f, paths) => {
        const matcher = new OwnersMatcher(f);
        for (const p of paths) expect(matcher.match(p)).toBe(naiveMatch(f, p));
      }),
      { numRuns: 500 },
    );
  });
});

describe("matcherFor", () => {
  const blob = (oid: string, text = "* @a") => ({ oid, text });

  test("compiles a blob once and reuses it by oid", () => {
    const first = matcherFor(blob("oid-1"));
    expect(matcherFor(blob("oid-1"))).toBe(first);
    expect(first.file.rules).toHaveLength(1);
    expect(first.matcher.match("x")?.owners).toEqual(["@a"]);
    expect(matcherFor(blob("oid-2"))).not.toBe(first);
  });

  test("forgets the least recently used blob beyond 100", () => {
    const kept = matcherFor(blob("lru-kept"));
    const dropped = matcherFor(blob("lru-dropped"));
    for (let i = 0; i < 99; i++) {
      matcherFor(blob(`lru-filler-${i}`));
      matcherFor(blob("lru-kept")); // recently used: survives
    }
    expect(matcherFor(blob("lru-kept"))).toBe(kept);
    expect(matcherFor(blob("lru-dropped"))).not.toBe(dropped);
  });
});
