import type { Rule } from "../../src/model/config-schema.js";
import type { ChangedFile } from "../../src/model/snapshot.js";
import { listPaths, type RuleScope, scopeRule } from "../../src/policy/rules.js";
import { serviceChanges } from "../../src/policy/services.js";
import { buildSnapshot, config, files, rename } from "../support/snapshot-builder.js";

const services = [
  { name: "checkout", paths: ["services/checkout/**"], tags: ["critical"] },
  { name: "search", paths: ["services/search/**"], tags: ["pci", "Critical"] },
  { name: "web", paths: ["web/**"], tags: ["frontend"] },
];

function scope(
  ruleIf: Rule["if"],
  changed: ChangedFile[],
  opts: { ai?: boolean | null; base?: string } = {},
): RuleScope {
  const cfg = config({ services, rules: [{ name: "r", if: ruleIf }] });
  const snapshot = buildSnapshot({ files: changed, pullRequest: { baseRef: opts.base ?? "main" } });
  return scopeRule(cfg.rules[0]!, {
    snapshot,
    services: serviceChanges(snapshot, cfg),
    aiAssisted: opts.ai === undefined ? false : opts.ai,
  });
}

describe("when a rule applies", () => {
  it.each<[string, Rule["if"], ChangedFile[], { ai?: boolean | null; base?: string }, boolean]>([
    [
      "services_tagged: a tagged service changed",
      { services_tagged: ["critical"] },
      files("services/checkout/a.ts"),
      {},
      true,
    ],
    [
      "services_tagged: no tagged service changed",
      { services_tagged: ["critical"] },
      files("web/a.ts"),
      {},
      false,
    ],
    [
      "services_tagged: tags compare case-insensitively",
      { services_tagged: ["CRITICAL"] },
      files("services/search/q.ts"),
      {},
      true,
    ],
    [
      "services_tagged: any of several tags",
      { services_tagged: ["pci", "frontend"] },
      files("web/a.ts"),
      {},
      true,
    ],
    [
      "services_tagged: the review-policy service is critical",
      { services_tagged: ["critical"] },
      files(".github/countersign.yml"),
      {},
      true,
    ],
    [
      "ai_assisted: true matches an AI PR",
      { ai_assisted: true },
      files("a.ts"),
      { ai: true },
      true,
    ],
    [
      "ai_assisted: true skips a human PR",
      { ai_assisted: true },
      files("a.ts"),
      { ai: false },
      false,
    ],
    [
      "ai_assisted: false matches a human PR",
      { ai_assisted: false },
      files("a.ts"),
      { ai: false },
      true,
    ],
    [
      "ai_assisted: unknown verdict assumed to hold",
      { ai_assisted: true },
      files("a.ts"),
      { ai: null },
      true,
    ],
    ["paths: a file matches", { paths: ["**/*.sql"] }, files("db/m.sql"), {}, true],
    ["paths: no file matches", { paths: ["**/*.sql"] }, files("db/m.ts"), {}, false],
    [
      "paths: the old side of a rename matches",
      { paths: ["**/*.sql"] },
      [rename("db/m.sql", "db/m.txt")],
      {},
      true,
    ],
    [
      "base_branches: glob matches",
      { base_branches: ["release/*"] },
      files("a.ts"),
      { base: "release/1.2" },
      true,
    ],
    [
      "base_branches: * stays in a segment",
      { base_branches: ["release/*"] },
      files("a.ts"),
      { base: "release/1/x" },
      false,
    ],
    [
      "base_branches: no match",
      { base_branches: ["main"] },
      files("a.ts"),
      { base: "develop" },
      false,
    ],
    [
      "every condition must hold",
      { services_tagged: ["critical"], base_branches: ["main"] },
      files("services/checkout/a.ts"),
      { base: "dev" },
      false,
    ],
    [
      "all conditions hold",
      { services_tagged: ["critical"], ai_assisted: true },
      files("services/checkout/a.ts"),
      { ai: true },
      true,
    ],
    [
      "services_tagged and paths need one file satisfying both",
      { services_tagged: ["critical"], paths: ["**/*.sql"] },
      files("services/checkout/a.ts", "db/m.sql"),
      {},
      false,
    ],
    ["an empty if always holds", {}, files("a.ts"), {}, true],
    ["an empty if holds on a PR without files", {}, [], {}, true],
  ])("%s", (_name, ruleIf, changed, opts, applies) => {
    expect(scope(ruleIf, changed, opts).applies).toBe(applies);
  });
});

describe("the files a rule covers", () => {
  const changed = files(
    "services/checkout/a.ts",
    "services/checkout/m.sql",
    "web/x.ts",
    "db/m.sql",
  );

  it.each<[string, Rule["if"], string[]]>([
    [
      "services_tagged: the matched services' files",
      { services_tagged: ["critical"] },
      ["services/checkout/a.ts", "services/checkout/m.sql"],
    ],
    ["paths: the files matching", { paths: ["**/*.sql"] }, ["services/checkout/m.sql", "db/m.sql"]],
    [
      "both: the intersection",
      { services_tagged: ["critical"], paths: ["**/*.sql"] },
      ["services/checkout/m.sql"],
    ],
    ["neither: every changed file", { base_branches: ["main"] }, changed.map((f) => f.path)],
    ["ai_assisted only: every changed file", { ai_assisted: false }, changed.map((f) => f.path)],
  ])("%s", (_name, ruleIf, covered) => {
    expect(scope(ruleIf, changed).files).toEqual(covered);
  });

  it("covers the side of a rename inside the service", () => {
    const s = scope({ services_tagged: ["critical"] }, [
      rename("services/checkout/a.ts", "lib/a.ts"),
    ]);
    expect(s.files).toEqual(["services/checkout/a.ts"]);
    expect([...s.criticalFiles]).toEqual(["services/checkout/a.ts"]);
  });

  it("covers both sides of a rename when the rule covers every file", () => {
    expect(scope({}, [rename("a.ts", "b.ts")]).files).toEqual(["b.ts", "a.ts"]);
  });

  it("marks files of critical services the rule matched as critical", () => {
    const s = scope({ services_tagged: ["critical", "frontend"] }, changed);
    expect(s.files).toEqual(["services/checkout/a.ts", "services/checkout/m.sql", "web/x.ts"]);
    expect([...s.criticalFiles]).toEqual(["services/checkout/a.ts", "services/checkout/m.sql"]);
  });

  it("marks no file critical for a rule that did not match a critical service", () => {
    expect(scope({ paths: ["services/**"] }, changed).criticalFiles.size).toBe(0);
  });

  it("covers nothing when it does not apply", () => {
    const s = scope({ services_tagged: ["critical"] }, files("web/x.ts"));
    expect(s).toMatchObject({ applies: false, files: [], because: [] });
  });
});

describe("why a rule applies", () => {
  it.each<[string, Rule["if"], ChangedFile[], { ai?: boolean; base?: string }, string[]]>([
    [
      "a critical service",
      { services_tagged: ["critical"] },
      files("services/checkout/a.ts"),
      {},
      ["changes critical service checkout: services/checkout/a.ts"],
    ],
    [
      "the tag the rule asked for, as the rule spells it",
      { services_tagged: ["pci"] },
      files("services/search/q.ts"),
      {},
      ["changes pci service search: services/search/q.ts"],
    ],
    [
      "one entry per service",
      { services_tagged: ["critical"] },
      files("services/checkout/a.ts", "services/search/q.ts"),
      {},
      [
        "changes critical service checkout: services/checkout/a.ts",
        "changes critical service search: services/search/q.ts",
      ],
    ],
    ["AI", { ai_assisted: true }, files("a.ts"), { ai: true }, ["AI-assisted"]],
    ["not AI", { ai_assisted: false }, files("a.ts"), { ai: false }, ["not AI-assisted"]],
    ["paths", { paths: ["**/*.sql"] }, files("db/m.sql"), {}, ["changes **/*.sql: db/m.sql"]],
    ["branch by name", { base_branches: ["main"] }, files("a.ts"), {}, ["targets main"]],
    [
      "branch by glob",
      { base_branches: ["release/*"] },
      files("a.ts"),
      { base: "release/2" },
      ["targets release/2 (release/*)"],
    ],
    ["no condition", {}, files("a.ts"), {}, ["applies to every pull request"]],
  ])("%s", (_name, ruleIf, changed, opts, because) => {
    expect(scope(ruleIf, changed, opts).because).toEqual(because);
  });

  it("shortens long file lists", () => {
    expect(listPaths(["a", "b", "c", "d", "e"])).toBe("a, b, c and 2 more");
    expect(listPaths(["a", "b", "c"])).toBe("a, b, c");
  });
});
