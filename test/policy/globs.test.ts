import { branchMatches, pathMatcher, urlMatches } from "../../src/policy/globs.js";

describe("pathMatcher: gitignore-style globs, as in CODEOWNERS", () => {
  test.each([
    [["services/checkout/**"], "services/checkout/api/main.go", true],
    [["services/checkout/**"], "services/checkout", false],
    [["services/checkout/**"], "services/checkouts/main.go", false],
    [["services/checkout/**"], "x/services/checkout/main.go", false],
    [["docs/design/**", "**/*.design.md", "adr/**"], "src/pay/flow.design.md", true],
    [["docs/design/**", "**/*.design.md", "adr/**"], "flow.design.md", true],
    [["docs/design/**", "**/*.design.md", "adr/**"], "adr/0001-use-x.md", true],
    [["docs/design/**", "**/*.design.md", "adr/**"], "docs/guide.md", false],
    [["/CODEOWNERS", "/.github/CODEOWNERS"], "CODEOWNERS", true],
    [["/CODEOWNERS", "/.github/CODEOWNERS"], "docs/CODEOWNERS", false],
    [["/CODEOWNERS", "/.github/CODEOWNERS"], ".github/CODEOWNERS", true],
    [["*.sql"], "db/migrations/001.sql", true],
    [["Docs/**"], "docs/a.md", false],
    [[], "anything", false],
  ])("%j vs %s → %s", (globs, path, expected) => {
    expect(pathMatcher(globs)(path)).toBe(expected);
  });

  test("a matcher is reusable across paths", () => {
    const matches = pathMatcher(["/apps/*/config/"]);
    expect(["apps/web/config/a.yml", "apps/web/b.yml"].map(matches)).toEqual([true, false]);
  });
});

describe("branchMatches", () => {
  test.each([
    ["main", "main", true],
    ["main", "main2", false],
    ["main", "Main", false],
    ["release/*", "release/1.0", true],
    ["release/*", "release/1.0/hotfix", false],
    ["release/*", "release", false],
    ["release/**", "release/1.0/hotfix", true],
    ["release/**", "release", false],
    ["**", "feature/a/b", true],
    ["**/hotfix", "hotfix", true],
    ["**/hotfix", "team/a/hotfix", true],
    ["**/hotfix", "team/hotfixes", false],
    ["feat-*", "feat-login", true],
    ["feat-*", "feat-login/x", false],
    ["v?", "v2", true],
    ["v?", "v10", false],
    ["a/**/b", "a/b", true],
    ["a/**/b", "a/x/y/b", true],
  ])("%s vs %s → %s", (glob, branch, expected) => {
    expect(branchMatches(glob, branch)).toBe(expected);
  });

  test("a wildcard-heavy glob on a long branch name does not backtrack", () => {
    expect(branchMatches("*a*a*a*a*a*a*a*a*a*a*b", "a".repeat(5000))).toBe(false);
    expect(branchMatches("**a**a**a**a**a**a**b", `${"a/".repeat(2500)}c`)).toBe(false);
  });
});

describe("urlMatches", () => {
  const gdocs = "https://docs.google.com/document/**";

  test.each([
    [gdocs, "https://docs.google.com/document/d/1AbC/edit", true],
    [gdocs, "https://docs.google.com/document/d/1AbC/edit?usp=sharing#heading=h.1", true],
    [gdocs, "HTTPS://Docs.Google.COM/document/d/1AbC", true],
    ["HTTPS://DOCS.google.com/document/**", "https://docs.google.com/document/d/1", true],
    [gdocs, "https://docs.google.com/Document/d/1AbC", false],
    [gdocs, "http://docs.google.com/document/d/1AbC", false],
    [gdocs, "https://docs.google.com/spreadsheets/d/1AbC", false],
    [gdocs, "https://docs.google.com.evil.example/document/d/1", false],
    [gdocs, "https://docs.google.com@evil.example/document/d/1", false],
    [gdocs, "https://docs.google.com/document/../spreadsheets/d/1", false],
    [gdocs, "not a url", false],
    ["https://docs.google.com/document/d/*", "https://docs.google.com/document/d/1AbC", true],
    ["https://docs.google.com/document/d/*", "https://docs.google.com/document/d/1/edit", false],
    ["https://*.atlassian.net/wiki/**", "https://acme.atlassian.net/wiki/spaces/X", true],
    ["https://*.atlassian.net/wiki/**", "https://evil.example/.atlassian.net/wiki/x", false],
    ["https://wiki.acme.example/Design Docs/**", "https://wiki.acme.example/Design%20Docs/a", true],
    ["https://x.example/a?b", "https://x.example/a?b", false],
  ])("%s vs %s → %s", (glob, url, expected) => {
    expect(urlMatches(glob, url)).toBe(expected);
  });

  test("a wildcard-heavy glob on a long URL does not backtrack", () => {
    const glob = `https://x.example/${"**a".repeat(12)}b`;
    expect(urlMatches(glob, `https://x.example/${"a/".repeat(3000)}`)).toBe(false);
  });
});
