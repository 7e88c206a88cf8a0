/**
 * `countersign scan [RANGE] [--json] [--unknown]` (SPEC §11): the AI
 * evidence the app will see in the commits of RANGE (default
 * `origin/HEAD..HEAD`) and in the branch it will be opened from, listed
 * before pushing: how many commits were read, how many carry evidence, and
 * each with its subject. Reads the `ai` section of `.github/countersign.yml`
 * at the range's base, as the app reads the base branch's file.
 *
 * `--unknown` lists instead what looks like an AI tool but is neither in the
 * catalog nor configured, with the `ai:` lines that would count it.
 */
import { parse as parseYaml } from "yaml";
import { detectEvidence } from "../ai/detect.js";
import { configLines, discoverUnknown, type Finding } from "../ai/discover.js";
import type { AiConfig } from "../ai/matchers.js";
import { aiSchema, CONFIG_PATH } from "../model/config-schema.js";
import type { Evidence } from "../model/evidence.js";
import type { CommitInfo } from "../model/snapshot.js";
import { GitError, git, readCommits, revExists } from "./git-log.js";

export interface ScanIo {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const DEFAULT_RANGE = "origin/HEAD..HEAD";
const USAGE = `usage: countersign scan [RANGE] [--json] [--unknown]
  RANGE      commits to read (default origin/HEAD..HEAD); the branch at its tip
             is judged as the pull request's head branch
  --json     machine-readable output
  --unknown  list bots and trailer keys that look like AI tools but are neither
             catalogued nor configured, with the ai: config lines that would count them
`;

interface ScanArgs {
  range?: string;
  json: boolean;
  unknown: boolean;
  help: boolean;
}

function parseArgs(args: string[]): ScanArgs | string {
  const out: ScanArgs = { json: false, unknown: false, help: false };
  for (const arg of args) {
    if (arg === "--json") out.json = true;
    else if (arg === "--unknown") out.unknown = true;
    else if (arg === "-h" || arg === "--help") out.help = true;
    // A range never starts with "-": refusing it keeps options out of git's argv.
    else if (arg.startsWith("-")) return `unknown option ${arg}`;
    else if (out.range !== undefined) return `one RANGE only (got ${out.range} and ${arg})`;
    else out.range = arg;
  }
  return out;
}

export async function runScan(args: string[], io: ScanIo): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === "string") {
    io.stderr(`countersign scan: ${parsed}\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(USAGE);
    return 0;
  }
  try {
    return await scan(parsed.range ?? DEFAULT_RANGE, parsed, io);
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    io.stderr(`countersign scan: git: ${err.message}\n`);
    return 2;
  }
}

async function scan(range: string, args: ScanArgs, io: ScanIo): Promise<number> {
  if (args.range === undefined && !(await revExists(io.cwd, "origin/HEAD"))) {
    io.stderr(
      "countersign scan: origin/HEAD does not exist, so the default range origin/HEAD..HEAD cannot be used.\n" +
        "Set it with `git remote set-head origin --auto`, or give a range: `countersign scan main..HEAD`.\n",
    );
    return 2;
  }
  const commits = await readCommits(io.cwd, range);
  const ai = await baseAiConfig(io, baseOf(range));
  if (args.unknown) {
    const findings = discoverUnknown(commits, ai);
    io.stdout(
      args.json
        ? unknownJson(range, commits.length, findings)
        : unknownText(range, commits.length, findings),
    );
    return 0;
  }
  const branch = await branchAt(io.cwd, tipOf(range));
  const evidence = detectEvidence({ author: null, body: "", headRef: branch }, commits, ai);
  const report = { range, branch, commits, evidence };
  io.stdout(args.json ? toJson(report) : toText(report));
  return 0;
}

/** The revision at the tip of RANGE: the right side of `A..B` / `A...B` (HEAD when empty), else RANGE. */
export function tipOf(range: string): string {
  const m = /^(.*?)\.\.\.?(.*)$/.exec(range);
  return m ? m[2] || "HEAD" : range;
}

/**
 * The branch a revision names (`HEAD` on `codex/fix`, `codex/fix`,
 * `origin/codex/fix`), as the pull request's head branch would be; null for
 * a SHA or a detached HEAD.
 */
async function branchAt(cwd: string, rev: string): Promise<string | null> {
  // git 2.39's rev-parse echoes --end-of-options here: refuse an option-like name instead.
  if (rev.startsWith("-")) return null;
  let full: string;
  try {
    full = (await git(cwd, ["rev-parse", "--symbolic-full-name", rev])).trim();
  } catch {
    return null;
  }
  if (full.startsWith("refs/heads/")) return full.slice("refs/heads/".length);
  const remote = /^refs\/remotes\/[^/]+\/(.+)$/.exec(full);
  return remote && remote[1] !== "HEAD" ? remote[1]! : null;
}

/** The revision whose config judges RANGE: the left side of `A..B` / `A...B`, else HEAD. */
export function baseOf(range: string): string {
  const m = /^(.*?)\.\.\.?(.*)$/.exec(range);
  return m?.[1] || "HEAD";
}

/** The `ai` section at `rev`; defaults when the file is absent, with a warning when it is invalid. */
async function baseAiConfig(io: ScanIo, rev: string): Promise<AiConfig> {
  let text: string;
  try {
    text = await git(io.cwd, ["show", `${rev}:${CONFIG_PATH}`]);
  } catch {
    return aiSchema.parse({});
  }
  try {
    const doc = parseYaml(text) as { ai?: unknown } | null;
    const ai = aiSchema.safeParse(doc?.ai ?? {});
    if (ai.success) return ai.data;
  } catch {
    // fall through to the warning
  }
  io.stderr(
    `countersign scan: ${rev}:${CONFIG_PATH} has an invalid ai section; using the defaults.\n`,
  );
  return aiSchema.parse({});
}

interface Report {
  range: string;
  branch: string | null;
  commits: CommitInfo[];
  evidence: Evidence[];
}

/** A commit's subject line, with control characters shown as "?" so a message cannot drive the terminal. */
function subjectOf(c: CommitInfo): string {
  return printable(c.message.split("\n", 1)[0] ?? "");
}

function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The commits carrying evidence, in the order git listed them (newest first). */
function flagged(r: Report): CommitInfo[] {
  const oids = new Set(r.evidence.map((e) => e.commit).filter(Boolean));
  return r.commits.filter((c) => oids.has(c.oid));
}

function toJson(r: Report): string {
  const list = r.evidence.map((e) => (e.commit ? { ...e, shortSha: e.commit.slice(0, 7) } : e));
  const withEvidence = flagged(r).map((c) => ({
    commit: c.oid,
    shortSha: c.oid.slice(0, 7),
    subject: c.message.split("\n", 1)[0] ?? "",
  }));
  const out = {
    range: r.range,
    branch: r.branch,
    commits: r.commits.length,
    commitsWithEvidence: withEvidence.length,
    flagged: withEvidence,
    evidence: list,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/**
 * `Read 6 commits of main..HEAD: 2 carry AI evidence.`, then each such
 * commit with its short SHA and subject and its evidence below it; the
 * branch's own evidence (PR-level in the app) comes first, marked PR.
 */
function toText(r: Report): string {
  const commits = flagged(r);
  const prLevel = r.evidence.filter((e) => !e.commit);
  const of = `${plural(r.commits.length, "commit")} of ${r.range}`;
  if (r.evidence.length === 0) return `No AI evidence in the ${of}.\n`;
  const lines = [
    `Read ${of}: ${commits.length} carr${commits.length === 1 ? "ies" : "y"} AI evidence.`,
  ];
  const tool = Math.max(...r.evidence.map((e) => e.tool.length));
  const signal = Math.max(...r.evidence.map((e) => e.signal.length));
  const row = (e: Evidence) =>
    `    ${e.tool.padEnd(tool)}  ${e.signal.padEnd(signal)}  ${printable(e.matched)}`;
  if (prLevel.length > 0) {
    lines.push(
      "",
      `${"PR".padEnd(7)}  branch ${printable(r.branch ?? "")}, the pull request's head branch`,
    );
    lines.push(...prLevel.map(row));
  }
  for (const c of commits) {
    lines.push("", `${c.oid.slice(0, 7)}  ${subjectOf(c)}`);
    lines.push(...r.evidence.filter((e) => e.commit === c.oid).map(row));
  }
  return `${lines.join("\n")}\n`;
}

const SEEN_AS: Record<Finding["kind"], string> = {
  bot: "bot",
  trailer: "trailer key",
  model: "model in a name",
};

function unknownJson(range: string, commits: number, findings: Finding[]): string {
  const list = findings.map((f) => ({ ...f, shortSha: f.example.slice(0, 7) }));
  const config = findings.length > 0 ? configLines(findings) : "";
  return `${JSON.stringify({ range, commits, unknown: list, config }, null, 2)}\n`;
}

function unknownText(range: string, commits: number, findings: Finding[]): string {
  const of = `${plural(commits, "commit")} of ${range}`;
  if (findings.length === 0) {
    return `Read ${of}: nothing that looks like an AI tool is missing from the catalog or ${CONFIG_PATH}.\n`;
  }
  const rows = findings.map((f) => [
    SEEN_AS[f.kind],
    printable(f.value),
    f.seenAs.join(", "),
    String(f.commits),
    f.example.slice(0, 7),
  ]);
  const head = ["kind", "value", "seen as", "commits", "example"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    `  ${r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]!) : c)).join("  ")}`.trimEnd();
  return [
    `Read ${of}: ${plural(findings.length, "thing")} that look${findings.length === 1 ? "s" : ""} like an AI tool but ${findings.length === 1 ? "is" : "are"} neither catalogued nor configured:`,
    "",
    fmt(head),
    ...rows.map(fmt),
    "",
    `Not every bot is an AI tool: keep what you agree with. To count them, add to ${CONFIG_PATH}:`,
    "",
    configLines(findings).trimEnd(),
    "",
  ].join("\n");
}
