import fc from "fast-check";
import { renderCheck } from "../../src/render/check-output.js";
import { CHECK_TEXT_MAX_BYTES, cutNote, fitBytes, fitTitle } from "../../src/render/limits.js";
import { approvals, base, ctx, group, huge, rule } from "./decisions.js";

const bytes = (s: string) => Buffer.byteLength(s, "utf8");
const SEE = "`npx countersign explain acme/api#42`";

/** Valid UTF-16 (no lone surrogate), so valid UTF-8 once encoded. */
function wellFormed(s: string): boolean {
  return Buffer.from(s, "utf8").toString("utf8") === s;
}

describe("fitBytes", () => {
  it("returns what fits unchanged", () => {
    expect(fitBytes("✅ a\n❌ b", 100)).toBe("✅ a\n❌ b");
  });

  it("cuts at a line boundary with the count of lines cut", () => {
    const lines = Array.from(
      { length: 1000 },
      (_, i) => `${String(i).padStart(4, "0")} ${"x".repeat(95)}`,
    );
    const out = fitBytes(lines.join("\n"), 10_000, SEE);
    expect(bytes(out)).toBeLessThanOrEqual(10_000);
    const [head, note] = out.split("\n\n");
    const kept = head!.split("\n");
    expect(kept).toEqual(lines.slice(0, kept.length));
    expect(note).toBe(cutNote(1000 - kept.length, SEE));
    expect(note).toMatch(
      /^… \d+ more lines cut \(see the full output with `npx countersign explain acme\/api#42`\)$/,
    );
    expect(kept.length).toBeGreaterThan(90);
  });

  it("never splits an emoji, whatever the limit", () => {
    const md = Array.from({ length: 300 }, (_, i) => "✅🤖❌".repeat(i % 17) + "é").join("\n");
    for (let max = 60; max < 3000; max += 37) {
      const out = fitBytes(md, max);
      expect(bytes(out)).toBeLessThanOrEqual(max);
      expect(wellFormed(out)).toBe(true);
    }
  });

  it("closes a code fence it cut inside", () => {
    const md = [
      "intro",
      "```",
      ...Array.from({ length: 500 }, (_, i) => `line ${i}`),
      "```",
      "after",
    ].join("\n");
    const out = fitBytes(md, 1000);
    const fences = out.split("\n").filter((l) => l === "```");
    expect(fences).toHaveLength(2);
    expect(bytes(out)).toBeLessThanOrEqual(1000);
  });

  it("never leaves half a table row, and puts the note after a blank line", () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `| ${i} | ✅ | ${"y".repeat(i % 50)} |`);
    const md = ["| a | b | c |", "| --- | --- | --- |", ...rows].join("\n");
    const out = fitBytes(md, 5000);
    const lines = out.split("\n");
    const note = lines.pop()!;
    expect(lines.pop()).toBe("");
    expect(note.startsWith("… ")).toBe(true);
    for (const l of lines) expect(l).toMatch(/^\|.*\|$/);
  });

  it("is a prefix of the input's lines plus the note (property)", () => {
    const line = fc.string({ unit: "binary", maxLength: 80 }).map((s) => s.replace(/[\n`~]/g, "."));
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 200 }),
        fc.integer({ min: 120, max: 6000 }),
        (ls, max) => {
          const md = ls.join("\n");
          const out = fitBytes(md, max, SEE);
          expect(bytes(out)).toBeLessThanOrEqual(max);
          if (bytes(md) <= max) return expect(out).toBe(md);
          const k = [...Array(ls.length + 1).keys()].find(
            (n) =>
              out ===
              (n > 0 ? ls.slice(0, n).join("\n") + "\n\n" : "") + cutNote(ls.length - n, SEE),
          );
          expect(k).toBeDefined();
          // Graceful, not greedy: one more line would not have fitted (give or take the note's digits).
          const next = ls[k!];
          if (next !== undefined) expect(bytes(out) + bytes(next) + 1).toBeGreaterThan(max - 8);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("fitTitle", () => {
  it("cuts at 255 characters with an ellipsis, on one line", () => {
    const t = fitTitle("Needs\n" + "🤖".repeat(300));
    expect(t.length).toBeLessThanOrEqual(255);
    expect(t.endsWith("…")).toBe(true);
    expect(wellFormed(t)).toBe(true);
    expect(t).not.toContain("\n");
  });
});

describe("renderCheck at scale", () => {
  it("keeps a 10,000-file decision within GitHub's limits", () => {
    const out = renderCheck(huge(10_000, 500), ctx);
    expect(bytes(out.summary)).toBeLessThanOrEqual(CHECK_TEXT_MAX_BYTES);
    expect(bytes(out.text)).toBeLessThanOrEqual(CHECK_TEXT_MAX_BYTES);
    expect(out.title.length).toBeLessThanOrEqual(255);
    expect(out.summary).toContain("and 9,995 more");
    expect(out.text).toMatch(
      /… [\d,]+ more lines cut \(see the full output with `npx countersign explain acme\/api#42`\)$/,
    );
    expect(wellFormed(out.text)).toBe(true);
  });

  it("cuts an oversized summary with a note, keeping tables whole", () => {
    const rules = Array.from({ length: 3000 }, (_, i) =>
      rule(
        `rule-${i}-✅`,
        [approvals({ groups: [group({ owners: [`@acme/t${i}`], approvedBy: [] })] })],
        {
          because: [`changes critical service svc-${i} 🤖`],
        },
      ),
    );
    const out = renderCheck(base({ conclusion: "failure", rules }), ctx);
    expect(bytes(out.summary)).toBeLessThanOrEqual(CHECK_TEXT_MAX_BYTES);
    expect(bytes(out.summary)).toBeGreaterThan(CHECK_TEXT_MAX_BYTES - 1000);
    const lines = out.summary.split("\n");
    expect(out.summary).toMatch(/^… [\d,]+ more lines cut/m);
    for (const l of lines.filter((x) => x.startsWith("|"))) expect(l.endsWith("|")).toBe(true);
  });
});

describe("renderCheck keeps the way out visible", () => {
  it("cuts the rules in the middle, not the steps at the end", () => {
    const rules = Array.from({ length: 3000 }, (_, i) =>
      rule(`rule-${i}`, [
        approvals({ groups: [group({ owners: [`@acme/t${i}`], approvedBy: [] })] }),
      ]),
    );
    const { summary } = renderCheck(base({ conclusion: "failure", rules }), ctx);
    expect(summary).toMatch(/… [\d,]+ more lines cut/);
    expect(summary).toContain("### How to get unblocked");
    expect(summary).toContain("/countersign override <reason>");
    expect(summary.trimEnd().endsWith("</sub>")).toBe(true);
  });
});
