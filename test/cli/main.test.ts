/**
 * The `countersign` process itself: `--version` and `--help`/`-h` answer on
 * every subcommand with exit 0; an unknown command exits 2.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";

const run = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", ...args],
      { env: { ...process.env, NODE_OPTIONS: "" } },
    );
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
};

const VERSION = JSON.parse(readFileSync("package.json", "utf8")).version as string;

describe("countersign (the process)", () => {
  it.each(["", "validate", "scan", "explain"])(
    "countersign %s --version prints the package's version, exit 0",
    async (cmd) => {
      const r = await run(...(cmd ? [cmd] : []), "--version");
      expect(r).toMatchObject({ code: 0, stdout: `countersign ${VERSION}\n` });
    },
  );

  it.each(["validate", "scan", "explain"])(
    "%s --help and -h print its usage, exit 0",
    async (cmd) => {
      for (const flag of ["--help", "-h"]) {
        const r = await run(cmd, flag);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^usage: countersign ${cmd}`));
      }
    },
  );

  it("prints the overview for no command, and exits 2 on an unknown one", async () => {
    expect((await run()).stdout).toMatch(/^usage: countersign <command>/);
    const r = await run("explian");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^countersign: unknown command "explian"/);
  });
});
