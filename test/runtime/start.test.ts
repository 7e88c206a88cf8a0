/** The image's one command serves both: the server by default, the CLI given a command word (SPEC §11). */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const START = resolve(import.meta.dirname, "../../lib/start.js");

describe("lib/start.js with a command word", () => {
  it("validates the policy file of the repository it runs in, with the CLI's exit codes", () => {
    const repo = mkdtempSync(join(tmpdir(), "countersign-start-"));
    mkdirSync(join(repo, ".github"));
    writeFileSync(join(repo, ".github/countersign.yml"), "mode: enforce\n");
    const ok = spawnSync("node", [START, "validate"], { cwd: repo, encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(".github/countersign.yml: valid");
    writeFileSync(join(repo, ".github/countersign.yml"), "mode: sometimes\n");
    const bad = spawnSync("node", [START, "validate"], { cwd: repo, encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stdout + bad.stderr).toMatch(/countersign\.yml:1: mode:/);
  });
});
