import { mayChangePolicy } from "../../src/handlers/push.js";

describe("mayChangePolicy", () => {
  it("is true when a pushed commit adds, changes or removes the policy file or a CODEOWNERS", () => {
    for (const path of [
      ".github/countersign.yml",
      "CODEOWNERS",
      ".github/CODEOWNERS",
      "docs/CODEOWNERS",
    ]) {
      expect(mayChangePolicy({ commits: [{ modified: [path] }] })).toBe(true);
      expect(mayChangePolicy({ commits: [{ added: ["a.ts"] }, { removed: [path] }] })).toBe(true);
    }
  });

  it("is false for pushes of other files, and for CODEOWNERS where GitHub does not read it", () => {
    expect(
      mayChangePolicy({ commits: [{ added: ["README.md"], modified: ["src/CODEOWNERS"] }] }),
    ).toBe(false);
    expect(mayChangePolicy({ forced: false, commits: [] })).toBe(false);
  });

  it("is true for a forced push, which can reset the branch to an older policy without listing a commit", () => {
    expect(mayChangePolicy({ forced: true, commits: [] })).toBe(true);
  });

  it("is true when GitHub cut the push's commit list at its 2,048, as an earlier commit may have changed the policy", () => {
    const commits = Array.from({ length: 2048 }, () => ({ modified: ["src/app.ts"] }));
    expect(mayChangePolicy({ forced: false, commits })).toBe(true);
    expect(mayChangePolicy({ forced: false, commits: commits.slice(1) })).toBe(false);
  });
});
