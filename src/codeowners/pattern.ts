import { type GlobToken, QMARK, STAR, segmentGlob, starSuffix } from "./segment-match.js";
/**
 * CODEOWNERS path patterns, with GitHub's semantics.
 *
 * GitHub documents CODEOWNERS patterns as "most of the same rules used in
 * gitignore files", minus `!` negation, `[ ]` ranges and `\#` escapes
 * (https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners).
 * The conformance vectors in `test/fixtures/codeowners/` pin the details:
 * `docs/*` matches only direct children, `foo/**` needs something below `foo`,
 * `[param]` is literal.
 *
 * A pattern compiles to a list of elements over path SEGMENTS and runs as an
 * NFA (a set of live positions advanced one segment at a time). No regex, no
 * backtracking across segments: matching costs O(segments × elements) and a
 * segment glob costs O(segment length × glob length) at worst, so a hostile
 * pattern full of `*`/`**` cannot stall the check.
 */

/** One element of a compiled pattern. */
export type Element =
  /** Zero or more whole segments (a `**`, an unanchored start, "and below"). */
  | { kind: "any" }
  /** Exactly one segment, with this name. */
  | { kind: "literal"; name: string }
  /**
   * Exactly one segment, passing `test`. `suffix` is set when the glob is `*`
   * followed by literal text (`*.md`), for indexing.
   */
  | { kind: "glob"; suffix?: string; test: (segment: string) => boolean };

/** A path split once, so that many patterns can test it without re-splitting. */
export class SplitPath {
  private cached: string[] | null = null;
  constructor(readonly text: string) {}
  get segments(): string[] {
    if (this.cached === null) this.cached = this.text.split("/");
    return this.cached;
  }
}

export interface CompiledPattern {
  readonly pattern: string;
  readonly elements: readonly Element[];
  test(path: SplitPath): boolean;
}

/** Compiles a CODEOWNERS pattern to a predicate over repo-relative paths (no leading `/`). */
export function compilePattern(pattern: string): (path: string) => boolean {
  const compiled = compileCodeownersPattern(pattern);
  return (path) => compiled.test(new SplitPath(path));
}

export function compileCodeownersPattern(pattern: string): CompiledPattern {
  const elements = buildElements(pattern);
  const fast = literalFastPath(elements) ?? floatingGlobFastPath(elements);
  const nfa = fast === null ? new SegmentNfa(elements) : null;
  return {
    pattern,
    elements,
    test: fast ?? ((path) => nfa!.run(path.segments)),
  };
}

type Segment = GlobToken[];

function splitSegments(pattern: string): Segment[] {
  // Most patterns have no wildcard or escape at all: plain `split`.
  if (!/[*?\\]/.test(pattern)) return pattern.split("/").map((s) => (s === "" ? [] : [s]));
  const segments: Segment[] = [];
  let seg: Segment = [];
  let text = "";
  const flush = () => {
    if (text !== "") seg.push(text);
    text = "";
  };
  for (let i = 0; i < pattern.length; i++) {
    let ch = pattern[i]!;
    // A trailing lone backslash escapes nothing: it stays a literal.
    const escaped = ch === "\\" && i + 1 < pattern.length;
    if (escaped) ch = pattern[++i]!;
    // An escaped `/` still separates: a path segment can never contain one.
    if (ch === "/") {
      flush();
      segments.push(seg);
      seg = [];
    } else if (!escaped && (ch === "*" || ch === "?")) {
      flush();
      seg.push(ch === "*" ? STAR : QMARK);
    } else {
      text += ch;
    }
  }
  flush();
  segments.push(seg);
  return segments;
}

// ---------------------------------------------------------------------------
// Building the element list (the gitignore rules GitHub follows):
// - a leading `/`, or a `/` anywhere but at the end, anchors at the root;
//   otherwise the pattern may start at any depth (an implicit leading `**/`);
// - a trailing `/` matches only what is below a directory;
// - `**` as a whole segment: zero or more segments, but one or more at the
//   very end (`foo/**` does not match `foo` itself);
// - a pattern that names a file or directory also matches everything below
//   it, EXCEPT when its last segment is a lone `*`: GitHub documents that
//   `docs/*` matches `docs/getting-started.md` but not
//   `docs/build-app/troubleshooting.md`.

const ANY: Element = { kind: "any" };
const ONE: Element = { kind: "glob", test: () => true };

function buildElements(pattern: string): Element[] {
  const segments = splitSegments(pattern);
  const rooted = segments.length > 1 && segments[0]!.length === 0;
  if (rooted) segments.shift();
  const dirOnly = segments.length > 1 && segments[segments.length - 1]!.length === 0;
  if (dirOnly) segments.pop();
  // `/` alone: GitHub warns it "will never match anything".
  if (segments.length === 0 || (segments.length === 1 && segments[0]!.length === 0)) return [];
  const anchored = rooted || segments.length > 1;
  const out: Element[] = anchored ? [] : [ANY];
  segments.forEach((seg, i) => {
    const last = i === segments.length - 1;
    if (isGlobstar(seg)) out.push(...(last && !dirOnly ? [ONE, ANY] : [ANY]));
    else out.push(segmentElement(seg));
  });
  const lastSeg = segments[segments.length - 1]!;
  if (dirOnly) out.push(ONE, ANY);
  else if (!isLoneStar(lastSeg) && !isGlobstar(lastSeg)) out.push(ANY);
  return collapseAny(out);
}

function isGlobstar(seg: Segment): boolean {
  return seg.length === 2 && seg[0] === STAR && seg[1] === STAR;
}

function isLoneStar(seg: Segment): boolean {
  return seg.length === 1 && seg[0] === STAR;
}

function collapseAny(elements: Element[]): Element[] {
  return elements.filter((e, i) => !(e.kind === "any" && elements[i - 1]?.kind === "any"));
}

// ---------------------------------------------------------------------------
// One segment: a literal, a lone `*` (any non-empty name) or a glob.

function segmentElement(seg: Segment): Element {
  if (isLoneStar(seg)) return { kind: "glob", test: (s) => s.length > 0 };
  // Runs of `*` inside a segment mean one `*` (gitignore).
  const glob = seg.filter((t, i) => !(t === STAR && seg[i - 1] === STAR));
  if (glob.every((t) => typeof t === "string")) {
    return { kind: "literal", name: glob.join("") };
  }
  const suffix = starSuffix(glob);
  if (suffix !== null) return { kind: "glob", suffix, test: (s) => s.endsWith(suffix) };
  return { kind: "glob", test: segmentGlob(glob) };
}

// ---------------------------------------------------------------------------
// Fast path: a pattern made only of literal segments (most CODEOWNERS lines,
// e.g. `/apps/web/` or `docs`) is a few string comparisons on the path.

function literalFastPath(elements: Element[]): ((path: SplitPath) => boolean) | null {
  if (elements.length === 0) return () => false;
  let i = 0;
  const floating = elements[0]!.kind === "any";
  if (floating) i++;
  const names: string[] = [];
  while (i < elements.length) {
    const e = elements[i]!;
    if (e.kind !== "literal") break;
    names.push(e.name);
    i++;
  }
  const tail = elements.slice(i);
  const selfOrBelow = tail.length === 1 && tail[0] === ANY;
  const belowOnly = tail.length === 2 && tail[0] === ONE && tail[1] === ANY;
  if (names.length === 0 || !(selfOrBelow || belowOnly)) return null;
  return literalTest(names.join("/"), floating, selfOrBelow);
}

function literalTest(lit: string, floating: boolean, self: boolean): (path: SplitPath) => boolean {
  const dir = lit + "/";
  const inner = "/" + dir;
  const end = "/" + lit;
  if (!floating) return ({ text: p }) => p.startsWith(dir) || (self && p === lit);
  return ({ text: p }) =>
    p.startsWith(dir) || p.includes(inner) || (self && (p === lit || p.endsWith(end)));
}

/**
 * `*.md`, `a*b`, `?x` with no `/`: any segment of the path may match the
 * glob (elements `any, glob, any`). Testing each segment skips the NFA's
 * bookkeeping, which dominated when thousands of such rules met every path.
 */
function floatingGlobFastPath(elements: Element[]): ((path: SplitPath) => boolean) | null {
  const [first, glob, last] = elements;
  if (elements.length !== 3 || first !== ANY || last !== ANY || glob?.kind !== "glob") return null;
  return (path) => path.segments.some(glob.test);
}

// ---------------------------------------------------------------------------
// The general case: an NFA over segments. State k means "elements[0..k) have
// consumed the segments read so far". An `any` element loops on a segment and
// lets the state through for free; a `seg` element consumes exactly one.

/** Shared placeholder until a run allocates real buffers (no allocation per compiled pattern). */
const NO_STATES = new Uint8Array(0);

class SegmentNfa {
  // State buffers, reused across runs (matching is synchronous) and allocated
  // on first use: most of a big file's patterns never run.
  private cur = NO_STATES;
  private next = NO_STATES;

  constructor(private readonly elements: readonly Element[]) {}

  run(segments: readonly string[]): boolean {
    const m = this.elements.length;
    if (this.cur.length === 0) {
      this.cur = new Uint8Array(m + 1);
      this.next = new Uint8Array(m + 1);
    }
    this.cur.fill(0);
    this.cur[0] = 1;
    this.close(this.cur);
    for (const segment of segments) {
      if (!this.step(segment)) return false;
    }
    return this.cur[m] === 1;
  }

  /** Advances every live state over one segment; false when none survives. */
  private step(segment: string): boolean {
    const { elements, cur, next } = this;
    next.fill(0);
    let alive = false;
    for (let k = 0; k < elements.length; k++) {
      if (cur[k] === 0) continue;
      const e = elements[k]!;
      if (e.kind === "any") next[k] = 1;
      else if (e.kind === "literal" ? e.name === segment : e.test(segment)) next[k + 1] = 1;
      else continue;
      alive = true;
    }
    this.close(next);
    this.cur = next;
    this.next = cur;
    return alive;
  }

  /** Epsilon closure: an `any` element may match zero segments. States only move forward. */
  private close(states: Uint8Array): void {
    for (let k = 0; k < this.elements.length; k++) {
      if (states[k] === 1 && this.elements[k]!.kind === "any") states[k + 1] = 1;
    }
  }
}
