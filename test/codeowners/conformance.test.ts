/**
 * GitHub CODEOWNERS pattern semantics: every assertion of the hmarr/codeowners
 * vectors (test/fixtures/codeowners/SOURCE.md), one test each.
 */
import { readFileSync } from "node:fs";
import { compilePattern } from "../../src/codeowners/pattern.js";

interface Vector {
  name: string;
  pattern: string;
  paths: Record<string, boolean>;
}

const vectors: Vector[] = JSON.parse(
  readFileSync(new URL("../fixtures/codeowners/patterns.json", import.meta.url), "utf8"),
);

const cases = vectors.flatMap((v) =>
  Object.entries(v.paths).map(([path, expected]) => ({ ...v, path, expected })),
);

test("the fixture holds the 153 assertions of 30 patterns", () => {
  expect(vectors).toHaveLength(30);
  expect(cases).toHaveLength(153);
});

describe.each(vectors.map((v) => [v.name, v] as const))("%s", (_name, vector) => {
  const matches = compilePattern(vector.pattern);
  test.each(Object.entries(vector.paths))(`\`${vector.pattern}\` vs %s → %s`, (path, expected) => {
    expect(matches(path)).toBe(expected);
  });
});
