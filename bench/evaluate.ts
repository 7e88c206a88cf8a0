/**
 * CPU time of one `evaluate` (SPEC §9 "CPU per evaluation"): the acceptance
 * PR, and the largest PR GitHub serves whole (3,000 files, 250 commits) with
 * a 5,000-line CODEOWNERS. `evaluate` is pure, so this is the policy core's
 * own cost; the GitHub round trips are measured elsewhere.
 */

import { configSchema } from "../src/model/config-schema.js";
import type { CommitInfo, Review } from "../src/model/snapshot.js";
import type { LoadedConfig } from "../src/policy/config-load.js";
import { evaluate } from "../src/policy/evaluate.js";
import {
  buildSnapshot,
  type SnapshotOverrides,
  type TestSnapshot,
} from "../test/support/snapshot-builder.js";

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

const HEAD = "f00dfeed00000000000000000000000000000001";

function identity(login: string) {
  return { name: login, email: `${login}@acme.example`, login };
}

function commitOf(i: number, author: string): CommitInfo {
  const oid = i.toString(16).padStart(40, "a");
  return {
    oid,
    message: `Change ${i}\n\nPart of the pay-v2 migration.\n\nSigned-off-by: ${author} <${author}@acme.example>\n`,
    author: identity(author),
    committer: identity(author),
    authors: [identity(author)],
    parents: [(i + 1).toString(16).padStart(40, "b")],
    committedViaWeb: false,
  };
}

function approval(login: string, i: number): Review {
  return {
    id: `R_${i}`,
    author: { login, type: "User" },
    state: "APPROVED",
    commitOid: HEAD,
    submittedAt: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
    authorCanPush: true,
    url: `https://github.com/acme/api/pull/7#pullrequestreview-${i}`,
  };
}

function snapshot(parts: SnapshotOverrides): TestSnapshot {
  return buildSnapshot({
    pullRequest: {
      title: "Pay v2",
      body: "Moves payments to v2.\n\nDesign-Doc: docs/design/pay-v2.md\n",
      headRef: "pay-v2",
      headOid: HEAD,
    },
    designDocFiles: { "docs/design/pay-v2.md": true },
    ...parts,
  });
}

function loadedConfig(services: { name: string; paths: string[]; tags: string[] }[]): LoadedConfig {
  return { config: configSchema.parse({ services }), source: "bench", errors: [] };
}

/** The acceptance PR, approved and documented. */
export function acceptance(): [TestSnapshot, LoadedConfig] {
  const snap = snapshot({
    files: [{ path: "services/pay/api.ts", changeType: "MODIFIED" }],
    commits: [commitOf(1, "dave")],
    reviews: [approval("alice", 1), approval("bob", 2)],
    codeowners: {
      source: "bench",
      path: ".github/CODEOWNERS",
      oid: "acceptance",
      text: "/services/pay/ @acme/pay\n",
    },
    directory: { teams: { "acme/pay": ["alice", "bob", "carol"] }, permissions: {}, emails: {} },
  });
  return [snap, loadedConfig([{ name: "pay", paths: ["services/pay/**"], tags: ["critical"] }])];
}

const MODULES = 5000;
const TEAMS = 50;

function largeCodeowners(): string {
  const lines = ["# generated", "* @acme/platform"];
  for (let i = 0; i < MODULES - 2; i++)
    lines.push(`/services/mod${i}/ @acme/team${i % TEAMS} @lead${i % 7}`);
  return lines.join("\n");
}

/** The largest PR GitHub serves whole, with a 5,000-line CODEOWNERS. */
export function largest(): [TestSnapshot, LoadedConfig] {
  const teams: Record<string, string[]> = { "acme/platform": ["pat", "quinn"] };
  for (let t = 0; t < TEAMS; t++) teams[`acme/team${t}`] = [`dev${t}a`, `dev${t}b`, `dev${t}c`];
  const reviewers = [
    "pat",
    "quinn",
    ...Array.from({ length: TEAMS }, (_, t) => `dev${t}a`),
    "lead0",
    "lead1",
  ];
  const snap = snapshot({
    files: Array.from({ length: 3000 }, (_, i) => ({
      path: `services/mod${(i * 7) % MODULES}/src/f${i}.ts`,
      changeType: "MODIFIED" as const,
    })),
    commits: Array.from({ length: 250 }, (_, i) => commitOf(i, `author${i % 20}`)),
    reviews: reviewers.map(approval),
    codeowners: {
      source: "bench",
      path: ".github/CODEOWNERS",
      oid: "large",
      text: largeCodeowners(),
    },
    directory: { teams, permissions: {}, emails: {} },
  });
  const services = Array.from({ length: 20 }, (_, i) => ({
    name: `svc${i}`,
    paths: [`services/mod${i * 10}*/**`],
    tags: ["critical"],
  }));
  return [snap, loadedConfig(services)];
}

/** CPU milliseconds (user + system) of one call. */
function cpuMs(run: () => unknown): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function medianCpu(runs: number, run: () => unknown): number {
  run(); // warm-up: JIT and the CODEOWNERS matcher cache, as on a long-running server
  return round(median(Array.from({ length: runs }, () => cpuMs(run))));
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

export function benchEvaluate(): BenchResult[] {
  const [small, smallConfig] = acceptance();
  const [large, largeConfig] = largest();
  let coldOid = 0;
  const coldRun = () => {
    coldOid += 1;
    const blob = { ...large.codeowners!, oid: `cold-${coldOid}` };
    return evaluate({ ...large, codeowners: blob }, large.directory, largeConfig);
  };
  return [
    {
      name: "evaluate CPU, acceptance PR (median)",
      value: medianCpu(51, () => evaluate(small, small.directory, smallConfig)),
      unit: "ms",
      target: "< 5",
    },
    {
      name: "evaluate CPU, 3,000 files / 250 commits / 5,000-line CODEOWNERS (median)",
      value: medianCpu(9, () => evaluate(large, large.directory, largeConfig)),
      unit: "ms",
      target: "< 200",
    },
    {
      name: "evaluate CPU, same PR, CODEOWNERS not yet cached (median)",
      value: medianCpu(5, coldRun),
      unit: "ms",
      target: "< 400",
    },
  ];
}
