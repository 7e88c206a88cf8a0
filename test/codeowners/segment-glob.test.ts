/**
 * One-segment globs (`*`, `?`, literals) against a regular-expression
 * oracle: the fast paths (a length bound, leftmost matching for `*`-only
 * globs) must answer exactly as a full wildcard match does.
 */
import fc from "fast-check";
import { compilePattern } from "../../src/codeowners/pattern.js";

function oracle(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*+/g, "[^/]*")
    .replace(/\?/g, "[^/]");
  return new RegExp(`^${body}$`, "u");
}

describe("a one-segment glob matches a one-segment path as a regex would", () => {
  const glob = fc
    .array(fc.constantFrom("a", "b", "ab", "*", "?", "."), { minLength: 1, maxLength: 8 })
    .map((t) => t.join(""));
  const segment = fc
    .array(fc.constantFrom("a", "b", ".", "é", "😀"), { minLength: 1, maxLength: 12 })
    .map((t) => t.join(""));

  test("on random globs and names", () => {
    fc.assert(
      fc.property(glob, segment, (g, s) => {
        expect(compilePattern(g)(s)).toBe(oracle(g).test(s));
      }),
      { seed: 7, numRuns: 5000 },
    );
  });

  test.each([
    ["*a*b", "xaxb", true],
    ["*a*b", "xbxa", false],
    ["a*a", "a", false],
    ["a*a", "aa", true],
    ["*.test.ts", "x.test.ts", true],
    ["a*b*c", "abc", true],
    ["a*b*c", "acb", false],
    ["?b*", "😀bx", true],
    ["*a*a*a*a*a*a*a*a*a*a0", "file.ts", false],
  ])("`%s` on `%s` is %s", (g, s, expected) => {
    expect(compilePattern(g)(s)).toBe(expected);
  });
});
