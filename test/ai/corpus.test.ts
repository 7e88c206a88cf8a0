/**
 * The labelled corpus (test/fixtures/ai-corpus.json): every catalog tool's
 * signals, and the false positives other detectors fell for
 * (reference/ai-signals.md, "Pitfalls"). Precision and recall must be 100%.
 */
import { readFileSync } from "node:fs";
import { CATALOG } from "../../src/ai/catalog.js";
import { detectEvidence } from "../../src/ai/detect.js";
import type { Config } from "../../src/model/config-schema.js";
import type { Actor } from "../../src/model/snapshot.js";
import { aiConfig, type CommitSpec, commit } from "./build.js";

interface Case {
  name: string;
  expect: boolean;
  pr: { author: Actor | null; body: string; headRef?: string };
  commits: CommitSpec[];
  /** Tools the evidence must name (positives). */
  tools?: string[];
  config?: Partial<Config["ai"]>;
}

const corpus = JSON.parse(
  readFileSync(new URL("../fixtures/ai-corpus.json", import.meta.url), "utf8"),
) as Case[];

function run(c: Case) {
  return detectEvidence(c.pr, c.commits.map(commit), aiConfig(c.config));
}

describe("AI corpus", () => {
  const results = corpus.map((c) => ({ c, evidence: run(c) }));

  test("is large enough and balanced", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(80);
    expect(corpus.filter((c) => !c.expect).length).toBeGreaterThanOrEqual(20);
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
  });

  test("precision and recall are 100%", () => {
    const tp = results.filter((r) => r.c.expect && r.evidence.length > 0).length;
    const fp = results.filter((r) => !r.c.expect && r.evidence.length > 0).length;
    const fn = results.filter((r) => r.c.expect && r.evidence.length === 0).length;
    const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    console.log(
      [
        "AI corpus",
        `  cases      ${corpus.length} (${tp + fn} AI-assisted, ${corpus.length - tp - fn} not)`,
        `  TP ${tp}  FP ${fp}  FN ${fn}`,
        `  precision  ${pct(precision)}`,
        `  recall     ${pct(recall)}`,
      ].join("\n"),
    );
    expect({ precision, recall }).toEqual({ precision: 1, recall: 1 });
  });

  test.each(corpus.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const evidence = run(c);
    if (!c.expect) {
      expect(evidence).toEqual([]);
      return;
    }
    expect(evidence.length).toBeGreaterThan(0);
    const tools = new Set(evidence.map((e) => e.tool));
    for (const tool of c.tools ?? []) expect(tools).toContain(tool);
  });

  test("every catalog tool has a positive case naming it", () => {
    const named = new Set(corpus.filter((c) => c.expect).flatMap((c) => c.tools ?? []));
    const missing = [...new Set(CATALOG.map((e) => e.name))].filter((n) => !named.has(n));
    expect(missing).toEqual([]);
  });
});
