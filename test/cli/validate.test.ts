import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runValidate } from "../../src/cli/validate.js";

let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "countersign-validate-"));
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function write(path: string, text: string): Promise<void> {
  await mkdir(join(cwd, path, ".."), { recursive: true });
  await writeFile(join(cwd, path), text);
}

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runValidate(args, {
    cwd,
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
  });
  return { code, out, err };
}

describe("countersign validate", () => {
  it("says a valid default file is valid, exit 0", async () => {
    await write(".github/countersign.yml", "mode: report\n");
    expect(await run()).toEqual({ code: 0, out: [".github/countersign.yml: valid"], err: [] });
  });

  it("prints FILE:LINE: path: message for each error, exit 1", async () => {
    await write(
      "policy.yml",
      [
        "ai:",
        "  labell: robot",
        "rules:",
        "  - name: strict",
        "    require:",
        '      approvals: "2"',
        "",
      ].join("\n"),
    );
    const { code, out } = await run("policy.yml");
    expect(code).toBe(1);
    expect(out).toEqual([
      "policy.yml:2: ai.labell: unknown key (did you mean label?)",
      'policy.yml:6: rules.0.require.approvals: expected a number, got "2"',
    ]);
  });

  it("prints a YAML syntax error with its line", async () => {
    await write(".github/countersign.yml", "mode: enforce\nai: [\n");
    const { code, out } = await run();
    expect(code).toBe(1);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^\.github\/countersign\.yml:\d+: YAML syntax error: /);
  });

  it("exits 2 with a clear message when the file is missing", async () => {
    const { code, out, err } = await run();
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual([
      "countersign validate: cannot read .github/countersign.yml: no such file " +
        "(run this in the repository's root, or pass the file: countersign validate FILE)",
    ]);
    expect((await run("nope.yml")).err).toEqual([
      "countersign validate: cannot read nope.yml: no such file",
    ]);
  });

  it("notes that _extends was not followed and validates the file alone", async () => {
    await write(".github/countersign.yml", "_extends: acme/shared\nmode: report\n");
    const { code, out, err } = await run();
    expect(code).toBe(0);
    expect(out).toEqual([".github/countersign.yml: valid"]);
    expect(err).toEqual([
      "note: .github/countersign.yml: `_extends: acme/shared` was not followed (it is read from GitHub); validated this file alone",
    ]);
  });

  it("still rejects a malformed _extends", async () => {
    await write(".github/countersign.yml", "mode: report\n_extends: a/b/c\n");
    const { code, out } = await run();
    expect(code).toBe(1);
    expect(out).toEqual([
      '.github/countersign.yml:2: _extends: `_extends: a/b/c` is not a repository reference: use "repo", "owner/repo", "repo:path.yml" or "owner/repo:path.yml"',
    ]);
  });

  it("prints usage for --help and refuses extra arguments", async () => {
    const help = await run("--help");
    expect(help.code).toBe(0);
    expect(help.out[0]).toMatch(/^usage: countersign validate \[FILE\]/);
    const extra = await run("a.yml", "b.yml");
    expect(extra.code).toBe(2);
    expect(extra.err[0]).toBe("countersign validate: unexpected argument b.yml");
  });
});
