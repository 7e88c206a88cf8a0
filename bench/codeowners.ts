/**
 * CODEOWNERS benchmark: a realistic 5,000-line monorepo CODEOWNERS and a
 * 3,000-file pull request. Measures parse+compile and matching (median of
 * several runs, wall clock and CPU), and checks the indexed matcher against
 * a naive reverse scan. Timing lives here, never in unit tests: CI machines
 * are shared and noisy.
 */
import { performance } from "node:perf_hooks";
import { OwnersMatcher } from "../src/codeowners/matcher.js";
import { parseCodeowners } from "../src/codeowners/parse.js";
import { compileCodeownersPattern, SplitPath } from "../src/codeowners/pattern.js";
import type { OwnerRule } from "../src/codeowners/types.js";

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

const LINES = 5000;
const PATHS = 3000;
const RUNS = 9;

/** Deterministic PRNG (mulberry32), so every run measures the same input. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROOTS = ["services", "apps", "packages", "libs", "tools", "infra"];
const SUBDIRS = ["src", "api", "internal", "test", "config", "scripts", "migrations", "docs"];
const EXTS = ["ts", "tsx", "go", "py", "md", "sql", "json", "yaml", "proto", "rs"];
const GLOBAL_LINES = [
  "* @acme/engineering",
  "*.md @acme/docs",
  "*.proto @acme/api-platform",
  "**/*.sql @acme/dba",
  "**/migrations/ @acme/dba",
  "docs/* docs@acme.example.com",
  "/apps/*/config/ @acme/sre",
  "/.github/ @acme/devex",
  "package-lock.json",
  "**/generated/**",
];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function component(root: string, i: number): string {
  return `${root}/${root.slice(0, 3)}-${i}`;
}

/** One realistic line for component `dir`. */
function componentLine(rand: () => number, dir: string, team: string): string {
  const r = rand();
  if (r < 0.45) return `/${dir}/ @acme/${team}`;
  if (r < 0.7)
    return `/${dir}/${pick(rand, SUBDIRS)}/ @acme/${team}-core @user${Math.floor(rand() * 500)}`;
  if (r < 0.8) return `/${dir}/**/*.${pick(rand, EXTS)} @acme/${team}`;
  if (r < 0.87) return `${dir}/${pick(rand, SUBDIRS)}/* @user${Math.floor(rand() * 500)}`;
  if (r < 0.93) return `/${dir}/${pick(rand, SUBDIRS)}/generated/`;
  return `/${dir}/*/${pick(rand, SUBDIRS)}/**/BUILD @acme/build`;
}

export function buildCodeowners(lines = LINES): string {
  const rand = prng(42);
  const out: string[] = ["# Generated CODEOWNERS for the benchmark", ""];
  let g = 0;
  while (out.length < lines) {
    if (out.length % 500 === 3) out.push(GLOBAL_LINES[g++ % GLOBAL_LINES.length]!);
    else if (rand() < 0.04) out.push(rand() < 0.5 ? "" : "# --- section ---");
    else {
      const root = pick(rand, ROOTS);
      const dir = component(root, Math.floor(rand() * 400));
      out.push(componentLine(rand, dir, `team-${Math.floor(rand() * 120)}`));
    }
  }
  return out.join("\n");
}

export function buildPaths(count = PATHS): string[] {
  const rand = prng(7);
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const depth = 1 + Math.floor(rand() * 5);
    const dirs = Array.from({ length: depth }, () => pick(rand, [...SUBDIRS, "lib", "util", "v2"]));
    const file = `file${Math.floor(rand() * 1000)}.${pick(rand, EXTS)}`;
    const top = rand() < 0.95 ? component(pick(rand, ROOTS), Math.floor(rand() * 400)) : "docs";
    paths.push([top, ...dirs, file].join("/"));
  }
  return paths;
}

interface Sample {
  wall: number;
  cpu: number;
}

function measure(fn: () => void): Sample {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function medianOf(runs: number, fn: () => void): Sample {
  fn(); // warm-up: JIT, caches
  const samples = Array.from({ length: runs }, () => measure(fn));
  return { wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)) };
}

function naiveMatch(rules: OwnerRule[], paths: string[]): (OwnerRule | null)[] {
  const compiled = rules.map((rule) => ({ rule, c: compileCodeownersPattern(rule.pattern) }));
  return paths.map((p) => {
    const split = new SplitPath(p);
    for (let i = compiled.length - 1; i >= 0; i--) {
      if (compiled[i]!.c.test(split)) return compiled[i]!.rule;
    }
    return null;
  });
}

const round = (n: number) => Math.round(n * 100) / 100;

export function benchCodeowners(): BenchRow[] {
  const text = buildCodeowners();
  const paths = buildPaths();
  const build = medianOf(RUNS, () => new OwnersMatcher(parseCodeowners(text)));
  const file = parseCodeowners(text);
  const matcher = new OwnersMatcher(file);
  let results: (OwnerRule | null)[] = [];
  const match = medianOf(RUNS, () => {
    results = paths.map((p) => matcher.match(p));
  });
  let naive: (OwnerRule | null)[] = [];
  const naiveTime = measure(() => {
    naive = naiveMatch(file.rules, paths);
  });
  const mismatches = results.filter((r, i) => r !== naive[i]).length;
  const label = `${file.rules.length} rules, ${PATHS} paths`;
  return [
    { name: `parse+compile ${LINES}-line CODEOWNERS (wall)`, value: round(build.wall), unit: "ms" },
    { name: `parse+compile ${LINES}-line CODEOWNERS (cpu)`, value: round(build.cpu), unit: "ms" },
    { name: `match (${label}, wall)`, value: round(match.wall), unit: "ms", target: "< 50 ms" },
    { name: `match (${label}, cpu)`, value: round(match.cpu), unit: "ms", target: "< 50 ms" },
    {
      name: "naive reverse scan, same input (wall, 1 run)",
      value: round(naiveTime.wall),
      unit: "ms",
    },
    { name: "indexed vs naive mismatches", value: mismatches, unit: "paths", target: "0" },
  ];
}
