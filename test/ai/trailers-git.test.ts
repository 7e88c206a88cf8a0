/**
 * Differential property test: parseTrailers against the real
 * `git interpret-trailers --parse` (the oracle; written against git 2.39) on
 * messages built from the pieces trailer.c treats specially.
 *
 * Speed: every message of a run is written to a temp dir and ONE git process
 * parses them all (`git interpret-trailers --parse 0 sep 1 sep …`), a sentinel
 * file between messages marking where each message's output ends. fast-check
 * then replays the same seed; its property looks each message's git output up,
 * and only messages made while shrinking a failure cost a git call of their own.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { formatTrailers, parseTrailers } from "../../src/ai/trailers.js";

const RUNS = 5000;
/** Generated keys are at most 8 characters or from a fixed list, so never this one. */
const SENTINEL = "Zz-Countersign-Batch-Sentinel: end\n";
const CUT_LINE = "# ------------------------ >8 ------------------------";

// --- git as the oracle ---------------------------------------------------------

/** No user, system or repository config (trailer.*, core.commentChar) may reach git. */
function gitEnv(dir: string): NodeJS.ProcessEnv {
  const env = Object.entries(process.env).filter(([k]) => !k.startsWith("GIT_"));
  return {
    ...Object.fromEntries(env),
    HOME: dir,
    XDG_CONFIG_HOME: dir,
    LC_ALL: "C",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CEILING_DIRECTORIES: dirname(dir),
  };
}

function runGit(dir: string, args: string[]): string {
  const r = spawnSync("git", args, {
    cwd: dir,
    env: gitEnv(dir),
    encoding: "utf8",
    timeout: 15_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error || r.status !== 0) {
    throw new Error(`git ${args[0]} failed: ${r.error?.message ?? r.stderr}`);
  }
  return r.stdout;
}

/** tmpfs when there is one: writing thousands of small files to disk costs seconds. */
function scratchRoot(): string {
  try {
    accessSync("/dev/shm", constants.W_OK);
    return "/dev/shm";
  } catch {
    return tmpdir();
  }
}

/** git's --parse output for each message, from one git process. */
function gitParseAll(messages: readonly string[]): string[] {
  const dir = mkdtempSync(join(scratchRoot(), "countersign-trailers-"));
  try {
    writeFileSync(join(dir, "sep"), `sentinel\n\n${SENTINEL}`);
    const files = messages.flatMap((m, i) => {
      writeFileSync(join(dir, String(i)), m);
      return [String(i), "sep"];
    });
    const outputs = runGit(dir, ["interpret-trailers", "--parse", ...files]).split(SENTINEL);
    expect(outputs.pop()).toBe("");
    expect(outputs).toHaveLength(messages.length);
    return outputs;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// --- the messages --------------------------------------------------------------

const word = fc.constantFrom(
  "fix",
  "the",
  "Claude",
  "wrote this",
  "é",
  "🤖",
  "中文",
  "Ünïcødé",
  "\u00a0",
  "\u2028",
  "\v",
  "\f",
  "a-b",
  "Bug #12",
  "https://x.test/a:b",
  ":",
  "=",
  "#",
  "---",
  "<noreply@anthropic.com>",
);
/** Any text but NUL (git's C strings stop at NUL; commit messages hold none). */
const text = fc
  .oneof(
    { weight: 4, arbitrary: fc.array(word, { maxLength: 5 }).map((w) => w.join(" ")) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 10 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", maxLength: 8 }) },
  )
  .map((s) => s.replace(/\0/g, ""));

const key = fc.oneof(
  fc.constantFrom(
    "Signed-off-by",
    "signed-off-by",
    "Co-authored-by",
    "CO-AUTHORED-BY",
    "Note",
    "Assisted-by",
    "Generated-by",
    "-",
    "-x-",
    "42",
    "Ünï",
    "a_b",
    "a.b",
    "Key ",
    "Key\t",
    "Key \t ",
    "Ke y",
    "K\tx",
    " Key",
    "\tKey",
    "#Key",
    "(cherry",
  ),
  fc.stringMatching(/^[A-Za-z0-9-]{1,8}$/),
);
const separator = fc.constantFrom(":", ":", ":", ":", ": ", "=", " = ", "#", "", "::");
const trailer = fc
  .tuple(key, separator, fc.constantFrom("", " ", "  ", "\t"), text, fc.constantFrom("", " ", "\r"))
  .map((parts) => parts.join(""));

const signedOff = fc.oneof(
  text.map((t) => `Signed-off-by: ${t}`),
  fc.constantFrom("Signed-off-by:x", "signed-off-by: x", "Signed-off-by: "),
);
const cherryPicked = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{7,12}$/).map((h) => `(cherry picked from commit ${h})`),
  fc.constantFrom("(Cherry picked from commit abc)", "(cherry picked from commit "),
);
const continuation = fc
  .tuple(fc.constantFrom(" ", "\t", "    ", "\r", " \t"), text)
  .map(([lead, t]) => lead + t);
const comment = fc.oneof(
  text.map((t) => `#${t}`),
  trailer.map((t) => `# ${t}`),
  fc.constant(CUT_LINE),
);
const divider = fc.constantFrom("---", "--- ", "---\t", "---\r", "---x", "----", "--- a/f", " ---");
const conflicts = fc.constantFrom(
  "Conflicts:",
  "Conflicts:",
  "\tsrc/a.c",
  " src/b.c",
  "conflicts:",
);
const blank = fc.constantFrom("", "", "", " ", "\t", "\r", " \t ");
const prose = fc.oneof(
  { weight: 4, arbitrary: text },
  {
    weight: 1,
    arbitrary: fc.constantFrom("Note: Claude wrote this", "Fixes: #12", "See: the docs"),
  },
);

const bodyLine = fc.oneof(
  { weight: 6, arbitrary: prose },
  { weight: 2, arbitrary: trailer },
  { weight: 1, arbitrary: continuation },
  { weight: 1, arbitrary: comment },
  { weight: 1, arbitrary: divider },
);
const blockLine = fc.oneof(
  { weight: 10, arbitrary: trailer },
  { weight: 3, arbitrary: signedOff },
  { weight: 2, arbitrary: cherryPicked },
  { weight: 3, arbitrary: continuation },
  { weight: 2, arbitrary: prose },
  { weight: 2, arbitrary: comment },
  { weight: 1, arbitrary: conflicts },
  { weight: 1, arbitrary: blank },
);
const tailLine = fc.oneof(blank, comment, divider, conflicts, trailer, prose);

const paragraph = (line: fc.Arbitrary<string>, maxLength: number) =>
  fc.array(line, { minLength: 1, maxLength });
/** One to two blank-looking lines between paragraphs, or none (paragraphs then merge). */
const gap = fc.oneof(
  { weight: 6, arbitrary: blank.map((b) => [b]) },
  { weight: 1, arbitrary: fc.array(blank, { maxLength: 2 }) },
);
const eol = fc.constantFrom("\n", "\n", "\n", "\r\n");

const lines = fc
  .record({
    leading: fc.array(blank, { maxLength: 2 }),
    subject: paragraph(fc.oneof({ weight: 4, arbitrary: prose }, trailer, comment), 2),
    body: fc.array(fc.tuple(gap, paragraph(bodyLine, 4)), { maxLength: 3 }),
    block: fc.option(fc.tuple(gap, paragraph(blockLine, 7)), { freq: 6 }),
    tail: fc.array(tailLine, { maxLength: 3 }),
  })
  .map((m) => [
    ...m.leading,
    ...m.subject,
    ...m.body.flat(2),
    ...(m.block?.flat(2) ?? []),
    ...m.tail,
  ]);

/** Line endings: all LF, all CRLF, or mixed; the last line with or without one. */
const message = fc
  .tuple(
    lines,
    fc.constantFrom("lf", "lf", "crlf", "mixed"),
    fc.array(eol, { minLength: 8, maxLength: 8 }),
    fc.boolean(),
  )
  .map(([ls, mode, eols, final]) => {
    const end = (i: number) => (mode === "lf" ? "\n" : mode === "crlf" ? "\r\n" : eols[i % 8]!);
    return ls.map((l, i) => (i < ls.length - 1 || final ? l + end(i) : l)).join("");
  })
  .filter((m) => !hangsGit(m));

/**
 * commit.c: git 2.39 loops forever when the first `git commit -v` scissors
 * line comes after the patch divider; such messages cannot be asked.
 */
function hangsGit(m: string): boolean {
  const cut = m.startsWith(`${CUT_LINE}\n`) ? 0 : m.indexOf(`\n${CUT_LINE}\n`) + 1;
  const divider = /(?:^|\n)---[ \t\r\n]/.exec(m);
  return cut > 0 && divider !== null && divider.index < cut;
}

// --- the property --------------------------------------------------------------

interface RunStats {
  compared: number;
  withTrailers: number;
  /** Messages git had not parsed in the batch (only shrinking makes new ones). */
  misses: number;
}

function compareWithGit(seed: number): RunStats {
  const sampled = fc.sample(message, { seed, numRuns: RUNS });
  const outputs = gitParseAll(sampled);
  const oracle = new Map(sampled.map((m, i) => [m, outputs[i]!]));
  const stats: RunStats = { compared: 0, withTrailers: 0, misses: 0 };
  const property = fc.property(message, (m) => {
    let expected = oracle.get(m);
    if (expected === undefined) {
      stats.misses++;
      expected = gitParseAll([m])[0]!;
    }
    const actual = formatTrailers(parseTrailers(m));
    stats.compared++;
    if (expected !== "") stats.withTrailers++;
    if (actual !== expected) {
      const show = (s: string) => JSON.stringify(s);
      throw new Error(`message ${show(m)}\n  git:  ${show(expected)}\n  ours: ${show(actual)}`);
    }
  });
  fc.assert(property, { seed, numRuns: RUNS });
  return stats;
}

function expectUseful(stats: RunStats): void {
  expect(stats.compared).toBe(RUNS);
  expect(stats.misses).toBe(0);
  // Not vacuous: many messages have a trailer block and many have none.
  expect(stats.withTrailers).toBeGreaterThan(RUNS * 0.25);
  expect(stats.withTrailers).toBeLessThan(RUNS * 0.9);
}

test("git on this machine is the oracle", () => {
  expect(runGit(tmpdir(), ["--version"])).toMatch(/^git version \d+\.\d+/);
});

test(`agrees with git interpret-trailers --parse on ${RUNS} messages (fixed seed)`, () => {
  expectUseful(compareWithGit(20240611));
});

const randomSeed = (Date.now() ^ (Math.random() * 0x100000000)) | 0;
test(`agrees with git interpret-trailers --parse on ${RUNS} messages (seed ${randomSeed})`, () => {
  expectUseful(compareWithGit(randomSeed));
});
