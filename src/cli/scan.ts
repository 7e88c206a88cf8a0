/**
 * `countersign scan [RANGE] [--json]` (SPEC §10): the AI evidence the app
 * will see in the commits of RANGE (default `origin/HEAD..HEAD`), listed
 * before pushing. Reads the `ai` section of `.github/countersign.yml` at the
 * range's base, as the app reads the base branch's file.
 */
import { parse as parseYaml } from "yaml";
import { detectEvidence } from "../ai/detect.js";
import type { Evidence } from "../ai/evidence.js";
import { GitError, git, readCommits, revExists } from "../ai/git-log.js";
import type { AiConfig } from "../ai/matchers.js";
import { aiSchema, CONFIG_PATH } from "../policy/config-schema.js";

export interface ScanIo {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const DEFAULT_RANGE = "origin/HEAD..HEAD";
const USAGE = "usage: countersign scan [RANGE] [--json]   (RANGE defaults to origin/HEAD..HEAD)\n";

interface ScanArgs {
  range?: string;
  json: boolean;
  help: boolean;
}

function parseArgs(args: string[]): ScanArgs | string {
  const out: ScanArgs = { json: false, help: false };
  for (const arg of args) {
    if (arg === "--json") out.json = true;
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
  const evidence = detectEvidence({ author: null, body: "" }, commits, ai);
  io.stdout(
    args.json ? toJson(range, commits.length, evidence) : toText(range, commits.length, evidence),
  );
  return 0;
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

function toJson(range: string, commits: number, evidence: Evidence[]): string {
  const list = evidence.map((e) => (e.commit ? { ...e, shortSha: e.commit.slice(0, 7) } : e));
  return `${JSON.stringify({ range, commits, evidence: list }, null, 2)}\n`;
}

function toText(range: string, commits: number, evidence: Evidence[]): string {
  const of = `${commits} commit${commits === 1 ? "" : "s"} of ${range}`;
  if (evidence.length === 0) return `No AI evidence in the ${of}.\n`;
  const rows = evidence.map((e) => [e.commit?.slice(0, 7) ?? "-", e.tool, e.signal, e.matched]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) => r.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c)).join("  "));
  const n = evidence.length;
  return `${n} piece${n === 1 ? "" : "s"} of AI evidence in the ${of}:\n${lines.join("\n")}\n`;
}
