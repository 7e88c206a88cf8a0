/**
 * Globs in `.github/countersign.yml`.
 *
 * - Path globs (service `paths`, rule `if.paths`, `design_doc.paths`) are
 *   "gitignore-style globs, as in CODEOWNERS" (SPEC §2), so they compile with
 *   the CODEOWNERS pattern compiler: one semantics for both.
 * - Branch and URL globs: `*` within a `/`-separated segment, `**` across
 *   segments (`**\/` may also match nothing), `\` escapes. They run on a
 *   character NFA (linear time): the branch name and the URL come from the
 *   PR author, so a crafted input must not be able to stall a check.
 */
import { compilePattern } from "../codeowners/pattern.js";
import { BoundedCache } from "../shared/bounded-cache.js";

/** Compiled globs by their text: configs hold few, and the same ones every evaluation. */
function memo<T>(build: (key: string) => T): (key: string) => T {
  const cache = new BoundedCache<T>(1000, 60 * 60_000);
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = build(key);
      cache.set(key, value);
    }
    return value;
  };
}

const compiledPath = memo(compilePattern);

/** True when `path` (repo-relative, no leading `/`) matches any of `globs`. */
export function pathMatcher(globs: string[]): (path: string) => boolean {
  const tests = globs.map(compiledPath);
  return (path) => tests.some((test) => test(path));
}

const compiledBranch = memo((glob) => compileCharGlob(glob, { questionMark: true }));

/** `main`, `release/*`, `release/**`: the whole branch name must match. Case-sensitive, as git refs are. */
export function branchMatches(glob: string, branch: string): boolean {
  return compiledBranch(glob)(branch);
}

const compiledUrl = memo(compileUrlGlob);

/**
 * `https://docs.google.com/document/**`. The URL is parsed (WHATWG) and
 * compared as `scheme://host[:port]/path`, without userinfo, query and
 * fragment; dot segments are resolved first, so `/document/../x` cannot
 * sneak past a `/document/**` glob. Scheme and host compare
 * case-insensitively, the path case-sensitively. In a URL glob `?` is a
 * literal character (it would otherwise be confused with a query), so a glob
 * with a query or fragment never matches.
 */
export function urlMatches(glob: string, url: string): boolean {
  const target = normalizedUrl(url);
  return target !== null && compiledUrl(glob)(target);
}

function normalizedUrl(url: string): string | null {
  try {
    const u = new URL(url);
    // WHATWG URL already lowercases scheme and host.
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return null;
  }
}

function compileUrlGlob(glob: string): (url: string) => boolean {
  const scheme = glob.indexOf("://");
  const pathStart = scheme === -1 ? -1 : glob.indexOf("/", scheme + 3);
  const authorityEnd = pathStart === -1 ? glob.length : pathStart;
  // The parsed URL's path is percent-encoded: encode the glob's path the same way.
  const path = glob.slice(authorityEnd).replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
  return compileCharGlob(glob.slice(0, authorityEnd).toLowerCase() + path, { questionMark: false });
}

// ---------------------------------------------------------------------------
// A character NFA. Tokens, each one NFA state:
//   char   consumes that character;
//   one    (`?`) consumes one character other than `/`;
//   star   (`*`) loops on characters other than `/`, or is skipped;
//   globstar (`**`) loops on any character, or is skipped;
//   dirs   (`**/` at a segment start) = `(.*\/)?`: skipped, or loops on any
//          character and leaves on a `/`.
// Simulating the set of live states costs O(|input| × |tokens|).

type CharToken =
  | { kind: "char"; ch: string }
  | { kind: "one" }
  | { kind: "star" }
  | { kind: "globstar" }
  | { kind: "dirs" };

function tokenizeGlob(glob: string, questionMark: boolean): CharToken[] {
  // By code point, as the input is read, so `?` is one character.
  const chars = Array.from(glob);
  const tokens: CharToken[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === "\\" && i + 1 < chars.length) tokens.push({ kind: "char", ch: chars[++i]! });
    else if (ch === "?" && questionMark) tokens.push({ kind: "one" });
    else if (ch !== "*") tokens.push({ kind: "char", ch });
    else if (chars[i + 1] !== "*") tokens.push({ kind: "star" });
    else {
      const atSegmentStart = i === 0 || chars[i - 1] === "/";
      i++;
      while (chars[i + 1] === "*") i++;
      if (atSegmentStart && chars[i + 1] === "/") {
        tokens.push({ kind: "dirs" });
        i++;
      } else {
        tokens.push({ kind: "globstar" });
      }
    }
  }
  return tokens;
}

function compileCharGlob(glob: string, opts: { questionMark: boolean }): (s: string) => boolean {
  const tokens = tokenizeGlob(glob, opts.questionMark);
  return (input) => runCharNfa(tokens, input);
}

const skippable = (t: CharToken) => t.kind === "star" || t.kind === "globstar" || t.kind === "dirs";

function closeStates(tokens: CharToken[], states: Uint8Array): void {
  for (let k = 0; k < tokens.length; k++) {
    if (states[k] === 1 && skippable(tokens[k]!)) states[k + 1] = 1;
  }
}

function runCharNfa(tokens: CharToken[], input: string): boolean {
  let cur = new Uint8Array(tokens.length + 1);
  let next = new Uint8Array(tokens.length + 1);
  cur[0] = 1;
  closeStates(tokens, cur);
  for (const ch of input) {
    next.fill(0);
    let alive = false;
    for (let k = 0; k < tokens.length; k++) {
      if (cur[k] === 1) alive = stepToken(tokens[k]!, ch, k, next) || alive;
    }
    if (!alive) return false;
    closeStates(tokens, next);
    [cur, next] = [next, cur];
  }
  return cur[tokens.length] === 1;
}

/** Marks in `next` the states reachable from state `k` on `ch`; true if any. */
function stepToken(t: CharToken, ch: string, k: number, next: Uint8Array): boolean {
  switch (t.kind) {
    case "char":
      if (t.ch !== ch) return false;
      next[k + 1] = 1;
      return true;
    case "one":
      if (ch === "/") return false;
      next[k + 1] = 1;
      return true;
    case "star":
      if (ch === "/") return false;
      next[k] = 1;
      return true;
    case "globstar":
      next[k] = 1;
      return true;
    case "dirs":
      next[k] = 1;
      if (ch === "/") next[k + 1] = 1;
      return true;
  }
}
