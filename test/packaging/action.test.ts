/**
 * action.yml, the composite GitHub Action that validates the policy file in
 * CI: its validate step is run here as the runner would run it (bash, the
 * inputs in the environment), against the built command in lib/.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { parse as parseYaml } from "yaml";

interface Step {
  uses?: string;
  name?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  "working-directory"?: string;
}
const action = parseYaml(readFileSync("action.yml", "utf8")) as {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
};
const BIN = resolve("lib/cli/main.js");

let cwd: string;
beforeAll(() => {
  if (!existsSync(BIN)) throw new Error("lib/ is not built: run `npm run build` (npm test does)");
});
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "countersign-action-"));
  await mkdir(join(cwd, ".github"));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function runValidateStep(inputs: { file?: string; strict?: string }) {
  const step = action.runs.steps.find((s) => s.name === "Validate the policy file");
  if (!step?.run) throw new Error("no validate step");
  const env = {
    PATH: process.env.PATH,
    COUNTERSIGN_FILE: inputs.file ?? action.inputs.file?.default,
    COUNTERSIGN_STRICT: inputs.strict ?? action.inputs.strict?.default,
    COUNTERSIGN_BIN: BIN,
  };
  try {
    const { stdout } = await promisify(execFile)("bash", ["-e", "-c", step.run], { cwd, env });
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, stdout: err.stdout };
  }
}

describe("action.yml", () => {
  it("is a composite action that builds the command, then validates", () => {
    expect(action.runs.using).toBe("composite");
    expect(action.inputs.file?.default).toBe(".github/countersign.yml");
    const runs = action.runs.steps.filter((s) => s.run);
    expect(runs.every((s) => s.shell === "bash")).toBe(true);
    // Inputs reach scripts through the environment, never pasted into them.
    expect(runs.every((s) => !s.run?.includes("${{"))).toBe(true);
    expect(runs[0]?.run).toMatch(/^npm ci /);
    expect(runs[0]?.["working-directory"]).toBe(`${"$"}{{ github.action_path }}`);
  });

  it("passes a valid file, and annotates an invalid one on its line, failing the step", async () => {
    await writeFile(join(cwd, ".github/countersign.yml"), "mode: report\n");
    const ok = await runValidateStep({});
    expect(ok).toEqual({ code: 0, stdout: ".github/countersign.yml: valid\n" });

    await writeFile(join(cwd, ".github/countersign.yml"), "mode: report\nai:\n  labell: x\n");
    const bad = await runValidateStep({});
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(
      "::error file=.github/countersign.yml,line=3,title=countersign validate::ai.labell: ",
    );
  });

  it("annotates warnings as warnings; strict: true makes them fail the step", async () => {
    await writeFile(join(cwd, "policy.yml"), "services:\n  - name: a\n    paths: [./a/**]\n");
    const lax = await runValidateStep({ file: "policy.yml" });
    expect(lax.code).toBe(0);
    expect(lax.stdout).toMatch(
      /^::warning file=policy\.yml,line=3,.*services\.0\.paths\.0: warning: /m,
    );
    expect((await runValidateStep({ file: "policy.yml", strict: "true" })).code).toBe(1);
  });

  it("fails with exit 2 when the file is missing", async () => {
    const r = await runValidateStep({});
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("cannot read .github/countersign.yml: no such file");
  });
});
