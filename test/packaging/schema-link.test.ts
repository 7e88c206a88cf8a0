/**
 * The `# yaml-language-server: $schema=` lines the docs give editors point at
 * the schema, both from a checkout and from the installed package; editors
 * resolve a relative path from the YAML file's own directory.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { runValidate } from "../../src/cli/validate.js";

const LINE = /^# yaml-language-server: \$schema=(\S+)$/m;
const EXAMPLE = "docs/examples/countersign.yml";

describe("the schema link", () => {
  it("resolves from the example file in a checkout to the draft-07 schema", () => {
    const text = readFileSync(EXAMPLE, "utf8");
    const target = LINE.exec(text)?.[1];
    expect(target).toBe("../../schema/countersign.schema.json");
    const path = resolve(dirname(EXAMPLE), target as string);
    expect(JSON.parse(readFileSync(path, "utf8")).$schema).toBe(
      "http://json-schema.org/draft-07/schema#",
    );
  });

  it("from a repository's .github/ reaches the installed package's schema, which the package ships", () => {
    const docs = [readFileSync("README.md", "utf8"), readFileSync(EXAMPLE, "utf8")].join("\n");
    const installed = "../node_modules/countersign/schema/countersign.schema.json";
    expect(docs).toContain(`# yaml-language-server: $schema=${installed}`);
    // In a repository with the package installed: <repo>/.github/ + the link.
    const repo = "/repo";
    expect(resolve(join(repo, ".github"), installed)).toBe(
      "/repo/node_modules/countersign/schema/countersign.schema.json",
    );
    const pkg = JSON.parse(readFileSync("package.json", "utf8"));
    expect(pkg.files).toContain("schema/");
    expect(pkg.name).toBe("countersign");
    expect(existsSync("schema/countersign.schema.json")).toBe(true);
  });

  it("the example policy is itself valid", async () => {
    const out: string[] = [];
    const code = await runValidate([EXAMPLE], {
      cwd: process.cwd(),
      stdout: (s) => out.push(s),
      stderr: (s) => out.push(s),
    });
    expect(out).toEqual([`${EXAMPLE}: valid`]);
    expect(code).toBe(0);
  });
});
