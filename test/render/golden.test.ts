/**
 * The acceptance scenario's summary, as a developer would read it on GitHub.
 * Compared with `__golden__/failing-critical.md`; the file is written when
 * absent, and `UPDATE_GOLDEN=1` rewrites it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { renderCheck } from "../../src/render/check-output.js";
import { ctx, failingCritical } from "./decisions.js";

const GOLDEN = fileURLToPath(new URL("./__golden__/failing-critical.md", import.meta.url));

describe("golden: failing critical change", () => {
  const out = renderCheck(failingCritical(), ctx);

  it("has the title and conclusion", () => {
    expect(out.title).toBe(
      "Needs 1 more approval from @acme/pay (services/pay/**) and a design doc",
    );
    expect(out.conclusion).toBe("failure");
    expect(out.text).toBe("");
  });

  it("matches the golden summary", () => {
    if (process.env["UPDATE_GOLDEN"] === "1" || !existsSync(GOLDEN)) {
      mkdirSync(dirname(GOLDEN), { recursive: true });
      writeFileSync(GOLDEN, out.summary + "\n");
    }
    expect(out.summary + "\n").toBe(readFileSync(GOLDEN, "utf8"));
  });
});
