import {
  allChangedPaths,
  changedPaths,
  repositoryIsCritical,
  serviceChanges,
  servicesOf,
} from "../../src/policy/services.js";
import { buildSnapshot, config, file, files, rename } from "../support/snapshot-builder.js";

const checkout = { name: "checkout", paths: ["services/checkout/**"], tags: ["critical"] };
const docs = { name: "docs", paths: ["docs/**"], tags: ["docs"] };

describe("services of a snapshot", () => {
  it("always includes the review-policy service, after the configured ones", () => {
    const names = servicesOf(buildSnapshot(), config({ services: [checkout] })).map((s) => s.name);
    expect(names).toEqual(["checkout", "review-policy"]);
  });

  it.each([
    [".github/countersign.yml", true],
    ["CODEOWNERS", true],
    [".github/CODEOWNERS", true],
    ["docs/CODEOWNERS", true],
    ["src/CODEOWNERS", false],
    ["vendor/.github/countersign.yml", false],
  ])("review-policy covers %s: %s", (path, covered) => {
    const changes = serviceChanges(buildSnapshot({ files: files(path) }), config());
    expect(changes.some((c) => c.service.name === "review-policy")).toBe(covered);
  });

  it.each<[string, Record<string, string | string[] | null> | null, boolean]>([
    ["string value", { criticality: "critical" }, true],
    ["any case", { criticality: "Critical" }, true],
    ["array containing it", { criticality: ["pci", "CRITICAL"] }, true],
    ["other value", { criticality: "low" }, false],
    ["null value", { criticality: null }, false],
    ["another property", { tier: "critical" }, false],
    ["no properties known", null, false],
  ])("repository custom property: %s", (_name, customProperties, critical) => {
    const snapshot = buildSnapshot({ repository: { customProperties } });
    expect(repositoryIsCritical(snapshot, config())).toBe(critical);
  });

  it("honours repository_tags_property", () => {
    const snapshot = buildSnapshot({ repository: { customProperties: { tier: "critical" } } });
    expect(repositoryIsCritical(snapshot, config({ repository_tags_property: "tier" }))).toBe(true);
  });

  it("makes a critical repository one critical service named after it, covering every file", () => {
    const snapshot = buildSnapshot({
      repository: { customProperties: { criticality: "critical" } },
      files: files("README.md", "src/deep/a.ts"),
    });
    const whole = serviceChanges(snapshot, config()).find((c) => c.service.name === "api");
    expect(whole?.service.tags).toEqual(["critical"]);
    expect(whole?.paths).toEqual(["README.md", "src/deep/a.ts"]);
  });

  it("lists only services with changed files, each with its paths", () => {
    const snapshot = buildSnapshot({
      files: files("services/checkout/a.ts", "lib/x.ts", "services/checkout/b.ts"),
    });
    const changes = serviceChanges(snapshot, config({ services: [checkout, docs] }));
    expect(changes).toEqual([
      { service: checkout, paths: ["services/checkout/a.ts", "services/checkout/b.ts"] },
    ]);
  });

  it.each([
    [
      "moving a file out of a service",
      rename("services/checkout/a.ts", "lib/a.ts"),
      ["services/checkout/a.ts"],
    ],
    [
      "moving a file into a service",
      rename("lib/a.ts", "services/checkout/a.ts"),
      ["services/checkout/a.ts"],
    ],
    ["deleting a file", file("services/checkout/a.ts", "DELETED"), ["services/checkout/a.ts"]],
  ])("counts %s", (_name, changed, paths) => {
    const changes = serviceChanges(
      buildSnapshot({ files: [changed] }),
      config({ services: [checkout] }),
    );
    expect(changes[0]?.paths).toEqual(paths);
  });

  it("gives both sides of a rename, once each", () => {
    expect(changedPaths(rename("a.ts", "b.ts"))).toEqual(["b.ts", "a.ts"]);
    expect(changedPaths(file("a.ts", "RENAMED", "a.ts"))).toEqual(["a.ts"]);
    expect(allChangedPaths([rename("a.ts", "b.ts"), file("a.ts")])).toEqual(["b.ts", "a.ts"]);
  });
});
