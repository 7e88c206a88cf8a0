/**
 * Hostile input (SPEC §10, issue #10): every parser of user text on what an
 * attacker would write — GitHub's largest PR body (65,536 characters) and
 * comment, 1 MB commit messages, a 100,000-space co-author, 5,000-line
 * CODEOWNERS files — each against a per-input bound, printed as pass/fail.
 *
 * Each time is the median of five runs, the first (cold) one included; a
 * super-linear path shows as seconds, far past the bound, so the median
 * loses nothing while a shared machine's hiccup no longer flips a row. The
 * cold CODEOWNERS figure comes from a fresh process: nothing compiled yet.
 */
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { detectEvidence, parseIdentity } from "../src/ai/detect.js";
import { parseTrailers } from "../src/ai/trailers.js";
import { OwnersMatcher } from "../src/codeowners/matcher.js";
import { parseCodeowners } from "../src/codeowners/parse.js";
import { defaultConfig } from "../src/model/config-schema.js";
import type { CommitInfo } from "../src/model/snapshot.js";
import { parseCommands } from "../src/policy/commands.js";
import { extractDesignDocLinks } from "../src/policy/design-doc-links.js";
import { urlMatches } from "../src/policy/globs.js";
import { escapeMarkdownInline } from "../src/render/escape.js";
import { buildPaths } from "./codeowners.js";
import type { Row } from "./table.js";

/** The bound every input must meet, in milliseconds of wall time. */
export const HOSTILE_BOUND_MS = 50;
const RUNS = 5;
const BODY = 65_536;
const MB = 1 << 20;

/** `unit` repeated to `length` characters (at least once). */
function flood(unit: string, length: number, prefix = ""): string {
  const n = Math.max(1, Math.floor((length - prefix.length) / unit.length));
  return prefix + unit.repeat(n);
}

function medianOf(run: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(RUNS / 2)]! * 100) / 100;
}

function row(name: string, ms: number, bound = HOSTILE_BOUND_MS): Row {
  return { name, value: ms, unit: "ms", target: `≤ ${bound} ms: ${ms <= bound ? "pass" : "FAIL"}` };
}

const REPO = { owner: "acme", name: "api" };
const DD = "## Design doc\n";

function designDocRows(): Row[] {
  const bodies: [string, string][] = [
    ["65,536 × `[` after a Design doc heading", flood("[", BODY, DD)],
    ["`[a](` flood", flood("[a](", BODY, DD)],
    ["`[a](<` flood", flood("[a](<", BODY, DD)],
    ['`[a](x "` flood', flood('[a](x "', BODY, DD)],
    ["`(` flood", flood("(", BODY, DD)],
    ["`<http://` flood", flood("<http://", BODY, DD)],
    ["`http://` flood", flood("http://", BODY, DD)],
    ["`[x]: ` definitions flood", flood("[x]: ", BODY, DD)],
    ["6,000 links on one line", flood("[a](b) ", BODY, DD)],
    ["heading with 65,000 spaces", `## Design${" ".repeat(BODY - 12)}x`],
    ["`Design-Doc:` then `./` flood", flood("./", BODY, "Design-Doc: ")],
    ["65,536 newlines", flood("\n", BODY, DD)],
  ];
  return bodies.map(([name, body]) =>
    row(
      `design doc: ${name}`,
      medianOf(() => extractDesignDocLinks(body, REPO)),
    ),
  );
}

function commandRows(): Row[] {
  const comments: [string, string][] = [
    ["`> ` flood, then a command", `${flood("> ", BODY)}\n/countersign recheck`],
    ["`<!--` flood", flood("<!--", BODY)],
    ["`<a title='` flood", flood("<a title='", BODY)],
    ["32,768 lines of `>`", flood(">\n", BODY)],
    ["32,768 command lines", flood("/countersign recheck\n", BODY)],
    [
      "override with 65,000 spaces and a U+2028",
      `/countersign override${" ".repeat(BODY - 30)}x\u2028`,
    ],
    ["fence flood", flood("```\n", BODY)],
  ];
  return comments.map(([name, body]) =>
    row(
      `commands: ${name}`,
      medianOf(() => parseCommands(body)),
    ),
  );
}

const PERSON = { name: "Alice", email: "alice@example.com", login: "alice" };

function commit(message: string): CommitInfo {
  return {
    oid: "0".repeat(40),
    message,
    author: PERSON,
    committer: PERSON,
    authors: [PERSON],
    parents: ["1".repeat(40)],
    committedViaWeb: false,
  };
}

function commitRows(): Row[] {
  const ai = defaultConfig().ai;
  const spaces = " ".repeat(100_000);
  const messages: [string, string][] = [
    ["Co-authored-by: 100,000 spaces", `Fix\n\nCo-authored-by: a${spaces}b\n`],
    ["Co-authored-by: 100,000 spaces then <", `Fix\n\nCo-authored-by: a${spaces}<b\n`],
    ["1 MB line", "x".repeat(MB)],
    ["1 MB of trailer lines", flood("Key: value\n", MB, "Fix\n\n")],
    ["1 MB continuation of one trailer", flood(" more\n", MB, "Fix\n\nKey: v\n")],
    ["1 MB of newlines", flood("\n", MB, "Fix\n")],
    ["1 MB of `#` lines", flood("#\n", MB, "Fix\n\n")],
    ["1 MB of `[`", flood("[", MB, "Fix\n\n")],
  ];
  const rows: Row[] = [];
  for (const [name, message] of messages) {
    rows.push(
      row(
        `trailers: ${name}`,
        medianOf(() => parseTrailers(message)),
      ),
    );
    rows.push(
      row(
        `AI detection (trailers, identities, markers): ${name}`,
        medianOf(() => detectEvidence({ author: null, body: "" }, [commit(message)], ai)),
      ),
    );
  }
  rows.push(
    row(
      "parseIdentity: 100,000 spaces",
      medianOf(() => parseIdentity(`a${spaces}b`)),
    ),
  );
  return rows;
}

/** 5,000 lines of one hostile construct each. */
const CODEOWNERS_FLOODS: [string, (i: number) => string][] = [
  ["`*a*a…` globs", (i) => `${"*a".repeat(40)}${i} @acme/x`],
  ["`**/` chains", (i) => `${"**/".repeat(40)}f${i} @acme/x`],
  ["escaped spaces", (i) => `${"\\ ".repeat(60)}${i} @acme/x`],
  [
    "deep literal paths",
    (i) => `/${Array.from({ length: 40 }, (_, j) => `d${(i + j) % 7}`).join("/")}/ @a`,
  ],
  ["invalid owners", (i) => `/p${i}/ ${"@".repeat(20)} x@ @a/ @b@c`],
  [
    "20 owners a line",
    (i) => `/p${i}/ ${Array.from({ length: 20 }, (_, j) => `@u${j}`).join(" ")}`,
  ],
];

/**
 * Parsing and indexing are linear and bounded. Matching is not a parse: a
 * rule no index key fits (`*a*b`) is tried on every path, so thousands of
 * them cost paths × rules. Those rows show that cost against the same bound;
 * the evaluation's CPU budget (SPEC §10) is what stops a file built for it.
 */
function codeownersRows(): Row[] {
  const paths = buildPaths(3000);
  const rows = [
    row("CODEOWNERS: realistic 5,000 lines, cold parse + index (fresh process)", coldCodeowners()),
  ];
  for (const [name, line] of CODEOWNERS_FLOODS) {
    const text = Array.from({ length: 5000 }, (_, i) => line(i)).join("\n");
    let matcher = new OwnersMatcher(parseCodeowners(text));
    rows.push(
      row(
        `CODEOWNERS: 5,000 lines of ${name}, parse + index`,
        medianOf(() => {
          matcher = new OwnersMatcher(parseCodeowners(text));
        }),
      ),
    );
    rows.push(
      row(
        `CODEOWNERS: 5,000 lines of ${name}, match 3,000 paths`,
        medianOf(() => {
          for (const p of paths) matcher.match(p);
        }),
      ),
    );
  }
  return rows;
}

/** Parse + index of the benchmark's 5,000-line file in a new process, where nothing is compiled yet. */
function coldCodeowners(): number {
  const script = fileURLToPath(new URL("./cold-codeowners.ts", import.meta.url));
  const out = execFileSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8" });
  return Math.round(Number(out.trim()) * 100) / 100;
}

function otherRows(): Row[] {
  const url = `https://docs.example.com/${"a/".repeat(BODY / 2)}`;
  const reason = flood("*_[`<@#https://x ", BODY);
  return [
    row(
      "URL glob `https://docs.example.com/**/x/**` on a 65,536-char URL",
      medianOf(() => urlMatches("https://docs.example.com/**/x/**", url)),
    ),
    row(
      "escape a 65,536-char override reason",
      medianOf(() => escapeMarkdownInline(reason, 500)),
    ),
  ];
}

export function benchHostile(): Row[] {
  return [
    ...designDocRows(),
    ...commandRows(),
    ...commitRows(),
    ...codeownersRows(),
    ...otherRows(),
  ];
}
