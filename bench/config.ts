/**
 * Configuration benchmark (issue #10): a PR's own `.github/countersign.yml`
 * with 32,000 unknown keys (about 320 KB), at the top level and inside `ai:`.
 * Measures YAML parsing and schema validation separately (median of several
 * runs, a fresh file object each run so nothing is cached), and the number
 * of errors listed. It took 25 s before parsing and locating became linear.
 */
import { performance } from "node:perf_hooks";
import type { BlobFile } from "../src/model/snapshot.js";
import { parseConfigFile, validateConfig } from "../src/policy/config-parse.js";
import type { Row } from "./table.js";

const KEYS = 32_000;
const RUNS = 5;

function unknownKeys(indent: string): string {
  return Array.from(
    { length: KEYS },
    (_, i) => `${indent}k${String(i).padStart(5, "0")}: 1\n`,
  ).join("");
}

function fileOf(text: string): BlobFile {
  return { source: "acme/api:.github/countersign.yml@head", path: "", oid: "", text };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface Timing {
  parse: number;
  validate: number;
  errors: number;
}

function once(text: string): Timing {
  const file = fileOf(text);
  const t0 = performance.now();
  const parsed = parseConfigFile(file);
  const t1 = performance.now();
  const errors = parsed.raw ? validateConfig(parsed.raw, [file]).errors : parsed.errors;
  return { parse: t1 - t0, validate: performance.now() - t1, errors: errors.length };
}

function timed(text: string): Timing {
  once(text); // warm-up: JIT
  const runs = Array.from({ length: RUNS }, () => once(text));
  return {
    parse: median(runs.map((r) => r.parse)),
    validate: median(runs.map((r) => r.validate)),
    errors: runs[0]!.errors,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

export function benchConfig(): Row[] {
  const cases = [
    { name: "top level", text: unknownKeys("") },
    { name: "under ai:", text: `ai:\n${unknownKeys("  ")}` },
  ];
  return cases.flatMap(({ name, text }) => {
    const t = timed(text);
    const label = `${KEYS.toLocaleString("en-US")} unknown keys ${name} (${Math.round(text.length / 1000)} KB)`;
    return [
      { name: `${label}: YAML parse`, value: round(t.parse), unit: "ms" },
      {
        name: `${label}: validate + errors`,
        value: round(t.validate),
        unit: "ms",
        target: "< 100 ms",
      },
      { name: `${label}: errors listed`, value: t.errors, unit: "errors", target: "≤ 51" },
    ];
  });
}
