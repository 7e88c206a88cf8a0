/**
 * `countersign validate` warnings (SPEC §11): a valid file that does
 * something its author rarely means still exits 0, unless `--strict`.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runValidate } from "../../src/cli/validate.js";
import {
  impossibleBranchGlob,
  impossiblePathGlob,
  impossibleUrlGlob,
} from "../../src/policy/config-warnings.js";
import { branchMatches, pathMatcher, urlMatches } from "../../src/policy/globs.js";

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "countersign-warn-"));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function run(text: string, ...args: string[]) {
  await writeFile(join(cwd, "c.yml"), text);
  const out: string[] = [];
  const err: string[] = [];
  const code = await runValidate(["c.yml", ...args], {
    cwd,
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
  });
  return { code, out, err };
}

const COVERED = `rules:
  - name: critical
    if: { services_tagged: [critical] }
    require: { approvals: 2, design_doc: true }
  - name: ai
    if: { ai_assisted: true }
    require: { approvals: 1 }
`;

describe("validate warnings", () => {
  it("stays quiet on the defaults and on a rules list that keeps both kinds of rule", async () => {
    expect(await run("mode: report\n")).toEqual({ code: 0, out: ["c.yml: valid"], err: [] });
    expect((await run(COVERED, "--strict")).code).toBe(0);
  });

  it("warns when a rules list drops the review of the policy files and of AI changes", async () => {
    const text = `mode: enforce
rules:
  - name: paths-only
    if: { paths: ["src/**"] }
    require: { approvals: 1 }
`;
    const r = await run(text);
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(3);
    expect(r.out[0]).toMatch(
      /^c\.yml:2: rules: warning: no rule covers the built-in review-policy service/,
    );
    expect(r.out[1]).toMatch(/^c\.yml:2: rules: warning: no rule has `ai_assisted: true`/);
    expect(r.out[2]).toBe("c.yml: valid, with 2 warnings");
    expect((await run(text, "--strict")).code).toBe(1);
  });

  it("counts a rule as covering the policy files only when it demands something of every such change", async () => {
    const rule = (cond: string, req = "{ approvals: 1 }") =>
      `rules:\n  - name: r\n    if: ${cond}\n    require: ${req}\n  - name: ai\n    if: { ai_assisted: true }\n    require: { approvals: 1 }\n`;
    const covers = async (cond: string, req?: string) =>
      !(await run(rule(cond, req))).out.some((l) => l.includes("review-policy"));
    expect(await covers("{ services_tagged: [critical] }")).toBe(true);
    expect(await covers("{ paths: [.github/**] }")).toBe(true);
    expect(await covers("{}")).toBe(true);
    expect(await covers("{ services_tagged: [critical] }", "{ approvals: 0 }")).toBe(false);
    expect(await covers("{ services_tagged: [critical], ai_assisted: false }")).toBe(false);
    expect(await covers("{ services_tagged: [pci] }")).toBe(false);
    expect(await covers("{ paths: [src/**] }")).toBe(false);
  });

  it("warns on two services with one name, and on the built-in service's name", async () => {
    const r = await run(`services:
  - name: pay
    paths: [services/pay/**]
  - name: review-policy
    paths: [policy/**]
  - name: pay
    paths: [services/pay-v2/**]
${COVERED}`);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      'c.yml:4: services.1.name: warning: "review-policy" is the name of the built-in service for the policy files; the check could not tell them apart',
      'c.yml:6: services.2.name: warning: two services are named "pay" (also services.0, line 2); the check could not tell them apart',
      "c.yml: valid, with 2 warnings",
    ]);
  });

  it("warns on globs that cannot match by their syntax, each at its own line and key path", async () => {
    const r = await run(`services:
  - name: pay
    paths:
      - services/pay/**
      - ./services/pay/**
design_doc:
  paths: ["docs//design/**"]
  urls:
    - https://docs.google.com/document/**
    - docs.google.com/document/**
    - https://wiki.example.com/page?id=*
    - https://me@wiki.example.com/**
rules:
  - name: critical
    if: { services_tagged: [critical], base_branches: [refs/heads/main, "release 1"] }
    require: { approvals: 2 }
  - name: ai
    if: { ai_assisted: true, paths: [src/../lib/**] }
    require: { approvals: 1 }
`);
    expect(r.code).toBe(0);
    const lines = r.out.slice(0, -1).map((l) => l.replace(/ can never match: .*/, ""));
    expect(lines).toEqual([
      'c.yml:5: services.0.paths.1: warning: "./services/pay/**"',
      'c.yml:7: design_doc.paths.0: warning: "docs//design/**"',
      'c.yml:10: design_doc.urls.1: warning: "docs.google.com/document/**"',
      'c.yml:11: design_doc.urls.2: warning: "https://wiki.example.com/page?id=*"',
      'c.yml:12: design_doc.urls.3: warning: "https://me@wiki.example.com/**"',
      'c.yml:15: rules.0.if.base_branches.0: warning: "refs/heads/main"',
      'c.yml:15: rules.0.if.base_branches.1: warning: "release 1"',
      'c.yml:18: rules.1.if.paths.0: warning: "src/../lib/**"',
    ]);
    expect(r.out.at(-1)).toBe("c.yml: valid, with 8 warnings");
  });

  it("does not warn on a file with errors (errors come first, exit 1)", async () => {
    const r = await run("services:\n  - name: pay\n    paths: [./x/**]\nmode: loud\n");
    expect(r.code).toBe(1);
    expect(r.out.some((l) => l.includes("warning:"))).toBe(false);
  });

  it("says an _extends was not followed, and warns only on what the file itself says", async () => {
    const r = await run("_extends: .github\nservices:\n  - name: a\n    paths: [a/**]\n");
    expect(r.code).toBe(0);
    expect(r.err[0]).toContain("was not followed");
    expect(r.out).toEqual(["c.yml: valid"]);
  });
});

describe("a glob flagged as unmatchable matches none of the inputs the app compares it with", () => {
  const paths = [
    "services/pay/api.ts",
    "./services/pay/api.ts",
    "src/lib/a.ts",
    "lib/a.ts",
    "docs/design/a.md",
    "docs//design/a.md",
  ];
  it.each(["./services/pay/**", "src/../lib/**", "docs//design/**", "/./x/**"])("path %s", (g) => {
    expect(impossiblePathGlob(g)).not.toBeNull();
    // Changed paths are normalised (git never lists `.`/`..` or empty segments);
    // the flagged glob matches no normalised path that its author had in mind.
    const normalised = paths.filter(
      (p) => !p.split("/").some((s) => s === "." || s === ".." || s === ""),
    );
    expect(normalised.filter(pathMatcher([g]))).toEqual([]);
  });
  it.each(["services/**", "/docs/design/**", "**/*.design.md", "adr/"])("path %s is fine", (g) => {
    expect(impossiblePathGlob(g)).toBeNull();
  });

  const urls = [
    "https://docs.google.com/document/d/1",
    "https://wiki.example.com/page?id=7",
    "https://me@wiki.example.com/x",
    "https://wiki.example.com:443/x",
  ];
  it.each([
    "docs.google.com/document/**",
    "https://wiki.example.com/page?id=*",
    "https://wiki.example.com/**#top",
    "https://me@wiki.example.com/**",
    "https://wiki.example.com:443/**",
  ])("url %s", (g) => {
    expect(impossibleUrlGlob(g)).not.toBeNull();
    expect(urls.filter((u) => urlMatches(g, u))).toEqual([]);
  });
  it.each(["https://docs.google.com/document/**", "http://wiki:8080/**"])("url %s is fine", (g) => {
    expect(impossibleUrlGlob(g)).toBeNull();
  });

  it.each(["refs/heads/main", "release 1", "feature..x", "main/", "a:b", "x.lock"])(
    "branch %s",
    (g) => {
      expect(impossibleBranchGlob(g)).not.toBeNull();
    },
  );
  it("a full ref never matches the branch name GitHub sends", () => {
    expect(branchMatches("refs/heads/main", "main")).toBe(false);
  });
  it.each(["main", "release/*", "release/**", "v1.2"])("branch %s is fine", (g) => {
    expect(impossibleBranchGlob(g)).toBeNull();
  });
});
