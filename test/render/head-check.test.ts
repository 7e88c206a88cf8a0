import { renderCheck } from "../../src/render/check-output.js";
import { jointConclusion, renderHeadCheck } from "../../src/render/head-check.js";
import { ctx, errored, failingCritical, huge, passing, reportMode } from "./decisions.js";

const member = (number: number, baseRef: string, decision = passing()) => ({
  number,
  baseRef,
  decision,
  ctx: { ...ctx, number },
});

describe("the joint verdict of the PRs on one head (SPEC §7)", () => {
  it("with one PR, is exactly that PR's check", () => {
    const one = member(42, "main", failingCritical());
    expect(renderHeadCheck([one])).toEqual(renderCheck(one.decision, one.ctx));
  });

  it("fails if any fails or could not be evaluated, else neutral if any is, else succeeds", () => {
    expect(jointConclusion([passing(), failingCritical()])).toBe("failure");
    expect(jointConclusion([passing(), errored()])).toBe("failure");
    expect(jointConclusion([passing(), reportMode()])).toBe("neutral");
    expect(jointConclusion([passing(), passing()])).toBe("success");
  });

  it("is titled by the lowest-numbered failing PR and opens with a table of the PRs, failing first", () => {
    const out = renderHeadCheck([
      member(9, "lax"),
      member(12, "main", failingCritical()),
      member(7, "release", failingCritical()),
    ]);
    expect(out.conclusion).toBe("failure");
    expect(out.title).toMatch(/^#7: Needs /);
    const rows = out.summary.split("\n").filter((l) => /^\| #\d+ \|/.test(l));
    expect(rows.map((r) => r.split(" | ")[0])).toEqual(["| #7", "| #12", "| #9"]);
    expect(rows[2]).toContain("| `lax` | success |");
    const sections = [...out.summary.matchAll(/^## #(\d+) → /gm)].map((m) => m[1]);
    expect(sections).toEqual(["7", "12", "9"]);
  });

  it("stays within GitHub's byte limits however large the PRs' sections", () => {
    const out = renderHeadCheck([
      member(1, "main", huge(3000, 300)),
      member(2, "lax", huge(3000, 300)),
    ]);
    expect(Buffer.byteLength(out.summary, "utf8")).toBeLessThanOrEqual(65_535);
    expect(Buffer.byteLength(out.text, "utf8")).toBeLessThanOrEqual(65_535);
  });
});
