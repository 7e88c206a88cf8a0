/**
 * Every parser of text a user controls, fed what an attacker would write
 * (SPEC §10, issue #10): floods of one character or token up to GitHub's
 * largest PR body, 1 MB lines, random mixes. Each must return a well-formed
 * result and never throw. Speed is measured in `npm run bench` ("hostile
 * input"), never here: shared CI machines are too noisy for timings.
 *
 * Fixed seed, so `npm test` is reproducible; `COUNTERSIGN_FUZZ_RUNS=2000`
 * (and `COUNTERSIGN_FUZZ_SEED`) for a longer search.
 */
import fc from "fast-check";
import { parseIdentity } from "../src/ai/detect.js";
import { parseTrailers } from "../src/ai/trailers.js";
import { OwnersMatcher } from "../src/codeowners/matcher.js";
import { parseCodeowners } from "../src/codeowners/parse.js";
import { compilePattern } from "../src/codeowners/pattern.js";
import { parseCommands } from "../src/policy/commands.js";
import { extractDesignDocLinks } from "../src/policy/design-doc-links.js";
import { branchMatches, pathMatcher, urlMatches } from "../src/policy/globs.js";
import { escapeMarkdownInline, inlineCode, quietMention } from "../src/render/escape.js";
import { fitTitle } from "../src/render/limits.js";
import { code, who } from "../src/render/markdown.js";

const RUNS = Number(process.env.COUNTERSIGN_FUZZ_RUNS ?? 40);
const SEED = Number(process.env.COUNTERSIGN_FUZZ_SEED ?? 20_261_203);
const params = { seed: SEED, numRuns: RUNS };

/** Pieces that trip Markdown, git-trailer, CODEOWNERS and glob parsers. */
const TOKENS = [
  "[",
  "]",
  "(",
  ")",
  " ",
  "\t",
  "*",
  "**/",
  "\\",
  "`",
  "```",
  "<",
  ">",
  "> ",
  "<!--",
  "-->",
  "](",
  "[a](",
  '"',
  "'",
  "#",
  "## Design doc\n",
  "Design-Doc: ",
  "http://",
  "www.",
  "@",
  "/",
  ":",
  "-",
  "---\n",
  "\n",
  "\r\n",
  "\r",
  "\u202E",
  "\u2028",
  "/countersign override ",
  "Co-authored-by: ",
  "Signed-off-by: ",
  "a",
  "é",
  "😀",
];
const token = fc.constantFrom(...TOKENS);

/** One token repeated up to 65,536 characters' worth (GitHub's largest PR body). */
const flood = fc
  .tuple(fc.array(token, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 65_536 }))
  .map(([parts, length]) => {
    const unit = parts.join("");
    return unit.repeat(Math.max(1, Math.floor(length / unit.length)));
  });
/** Tokens in random order, and arbitrary text. */
const mix = fc.oneof(
  fc.array(token, { maxLength: 3000 }).map((t) => t.join("")),
  fc.string({ unit: "binary", maxLength: 2000 }),
);
/** A prefix that puts the flood where each parser looks hardest. */
const hostile = fc
  .tuple(
    fc.constantFrom(
      "",
      "## Design doc\n",
      "Design-Doc: ",
      "title\n\nCo-authored-by: ",
      "/countersign override ",
      "> ",
      "<!--\n",
      "* @a ",
    ),
    fc.oneof(flood, mix),
    fc.oneof(fc.constant(""), mix),
  )
  .map(([a, b, c]) => a + b + c);

/** 1 MB inputs: one line, many short lines, nested constructs. */
const MB = 1 << 20;
const LARGE: [string, string][] = [
  ["1 MB line of 'x'", "x".repeat(MB)],
  ["1 MB of spaces", " ".repeat(MB)],
  ["1 MB of '['", "[".repeat(MB)],
  ["1 MB of '[a]('", "[a](".repeat(MB / 4)],
  ["1 MB of links", "[a](b) <http://c> ".repeat(MB / 18)],
  ["1 MB of '<!--'", "<!--".repeat(MB / 4)],
  ["1 MB of '> '", "> ".repeat(MB / 2)],
  ["1 MB of trailer lines", `title\n\n${"Key: value\n".repeat(MB / 11)}`],
  ["1 MB of continuation lines", `title\n\nKey: v\n${" more\n".repeat(MB / 6)}`],
  ["1 MB co-author value", `title\n\nCo-authored-by: a${" ".repeat(MB)}<b>\n`],
  ["1 MB of newlines", "\n".repeat(MB)],
  ["1 MB of backslashes", "\\".repeat(MB)],
  ["1 MB of escaped spaces", "\\ ".repeat(MB / 2)],
];

const LINE_BREAK = /\r\n|\r|\n/;

describe("parseCommands on hostile comments", () => {
  // Checks in plain code, one `expect` at the end: a 1 MB input can yield
  // 100,000 results, and an `expect` each would take longer than the parse.
  function wellFormed(body: string): void {
    const lines = body.split(LINE_BREAK);
    const bad = parseCommands(body).filter(
      (c, i, all) =>
        c.line <= (all[i - 1]?.line ?? 0) ||
        !/^ {0,3}\/countersign/i.test(lines[c.line - 1] ?? "") ||
        (c.name === "override" && c.reason !== c.reason.trim()),
    );
    expect(bad).toEqual([]);
  }

  test("return commands on real lines, in order", () => {
    fc.assert(fc.property(hostile, wellFormed), params);
  });

  test.each(LARGE)("%s", (_name, body) => wellFormed(body));

  test("nothing after an unterminated comment is a command", () => {
    const open = hostile.filter((body) => !body.includes("-->"));
    fc.assert(
      fc.property(open, (body) => {
        expect(parseCommands(`<!--\n${body}`)).toEqual([]);
      }),
      params,
    );
  });

  test("nothing in a quote is a command, whatever it holds", () => {
    fc.assert(
      fc.property(hostile, (body) => {
        const quoted = body
          .split(LINE_BREAK)
          .map((line) => `> ${line}`)
          .join("\n");
        expect(parseCommands(quoted)).toEqual([]);
      }),
      params,
    );
  });
});

describe("extractDesignDocLinks on hostile PR bodies", () => {
  const repo = { owner: "acme", name: "api" };
  function wellFormed(body: string): void {
    const links = extractDesignDocLinks(body, repo);
    const keys = new Set(links.map((l) => (l.path !== undefined ? `p:${l.path}` : `u:${l.url}`)));
    const bad = links.filter(
      (l) =>
        typeof l.raw !== "string" ||
        l.raw === "" ||
        (l.path === undefined) === (l.url === undefined),
    );
    expect(bad).toEqual([]);
    expect(keys.size).toBe(links.length);
  }

  test("return distinct links, each a path or a URL", () => {
    fc.assert(fc.property(hostile, wellFormed), params);
  });

  test.each(LARGE)("%s", (_name, body) => {
    wellFormed(body);
    wellFormed(`## Design doc\n${body}`);
    wellFormed(`Design-Doc: ${body}`);
  });
});

describe("parseTrailers and parseIdentity on hostile commit messages", () => {
  function wellFormed(message: string): void {
    const bad = parseTrailers(message).filter((t) => {
      const id = parseIdentity(t.value);
      return (
        !/^[A-Za-z0-9-]+$/.test(t.key) ||
        t.value.includes("\n") ||
        t.value !== t.value.trim() ||
        (id !== null && (/[<>]/.test(id.email) || id.name !== id.name.trim()))
      );
    });
    expect(bad).toEqual([]);
  }

  test("return trimmed one-line trailers", () => {
    fc.assert(fc.property(hostile, wellFormed), params);
  });

  test.each(LARGE)("%s", (_name, message) => wellFormed(message));

  test("parseIdentity reads as the regex it replaced did, on short values", () => {
    // The former implementation: exact, but quadratic on long runs of spaces.
    const former = (value: string) => {
      const m = /^(.*?)\s*<([^<>]*)>\s*$/.exec(value.trim());
      if (m) return { name: m[1]!.trim(), email: m[2]!.trim() };
      const bare = value.trim();
      return /^[^\s@<>]+@[^\s@<>]+$/.test(bare) ? { name: "", email: bare } : null;
    };
    const piece = fc.constantFrom("a", "B", " ", "\t", "\n", "\u2028", "<", ">", "@", ".", "é");
    const value = fc.array(piece, { maxLength: 24 }).map((p) => p.join(""));
    fc.assert(
      fc.property(value, (v) => {
        expect(parseIdentity(v)).toEqual(former(v));
      }),
      { ...params, numRuns: RUNS * 50 },
    );
  });
});

describe("CODEOWNERS and globs on hostile files", () => {
  const PATHS = ["a/b/c.ts", "docs/x.md", `${"a/".repeat(200)}z`, "x".repeat(5000)];

  function wellFormed(text: string): void {
    const file = parseCodeowners(text);
    const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/).length;
    const bad = file.rules.filter(
      (rule, i, all) =>
        rule.line <= (all[i - 1]?.line ?? 0) ||
        rule.line > lines ||
        rule.owners.some((owner) => !/^\S+$/.test(owner)),
    );
    expect(bad).toEqual([]);
    const severities = new Set(file.problems.map((p) => p.severity ?? "error"));
    expect([...severities].filter((s) => s !== "error" && s !== "warning")).toEqual([]);
    const matcher = new OwnersMatcher(file);
    for (const path of PATHS) {
      const rule = matcher.match(path);
      if (rule) expect(file.rules).toContain(rule);
    }
  }

  test("parse to ordered rules, and the index answers with one of them", () => {
    fc.assert(fc.property(hostile, wellFormed), params);
  });

  test("5,000-line file of every construct", () => {
    const lines = TOKENS.map((t, i) => `${t.trim() || "x"}${i} @a`);
    wellFormed(Array.from({ length: 5000 }, (_, i) => lines[i % lines.length]).join("\n"));
  });

  test.each(LARGE)("%s", (_name, text) => wellFormed(text));

  test("globs answer true or false for hostile patterns and inputs", () => {
    const short = fc.oneof(
      fc.array(token, { maxLength: 40 }).map((t) => t.join("")),
      flood.map((s) => s.slice(0, 2000)),
    );
    fc.assert(
      fc.property(short, hostile, (glob, input) => {
        expect(typeof compilePattern(glob)(input)).toBe("boolean");
        expect(typeof pathMatcher([glob])(input)).toBe("boolean");
        expect(typeof branchMatches(glob, input)).toBe("boolean");
        expect(typeof urlMatches(glob, `https://e.x/${input}`)).toBe("boolean");
      }),
      params,
    );
  });
});

describe("echoing hostile text back", () => {
  const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
  const AUTOLINKABLE = /(?:https?|ftp):\/\/|www\./i;

  test("stays one line, bounded, without bidi controls or linkable URLs", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const escaped = escapeMarkdownInline(text, 300);
        for (const out of [escaped, quietMention(text), who(text)]) {
          expect(out).not.toMatch(/[\r\n]/);
          expect(out).not.toMatch(BIDI);
          expect(out).not.toMatch(AUTOLINKABLE);
        }
        for (const out of [inlineCode(text), code(text), fitTitle(text)]) {
          expect(out).not.toMatch(/[\r\n]/);
          expect(out).not.toMatch(BIDI);
        }
        expect(fitTitle(text).length).toBeLessThanOrEqual(255);
      }),
      params,
    );
  });
});
