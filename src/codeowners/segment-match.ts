/**
 * Matching one path segment against one glob segment (tokens: literal runs,
 * * and ?), in linear time for the common star-only globs and with a bounded
 * wildcard matcher otherwise.
 */

// ---------------------------------------------------------------------------
// Tokenising: backslash escapes make the next character literal (`f\*o`,
// `my\ file`), as in gitignore; everything else, `[` and `]` included, is
// literal except `*`, `?` and `/`. A segment is a list of tokens: runs of
// literal text merged into one string, `*` and `?` as markers.

export const STAR = 0;

export const QMARK = 1;

export type GlobToken = string | typeof STAR | typeof QMARK;

/** The literal text after a leading `*` (`*.test.ts` → `.test.ts`), or null. */
export function starSuffix(glob: GlobToken[]): string | null {
  const rest = glob.slice(1);
  return glob[0] === STAR && rest.every((t) => typeof t === "string") ? rest.join("") : null;
}

/**
 * `*` and `?` within one segment; a fast path for `prefix*`. A segment
 * shorter than the glob's literal text plus its `?`s cannot match: that
 * test comes first and costs nothing, which matters when thousands of
 * unindexable globs (`*a*b*c`) meet every path of a large PR.
 */
export function segmentGlob(glob: GlobToken[]): (s: string) => boolean {
  const init = glob.slice(0, -1);
  if (glob[glob.length - 1] === STAR && init.every((t) => typeof t === "string")) {
    const prefix = init.join("");
    return (s) => s.startsWith(prefix);
  }
  const min = glob.reduce<number>((n, t) => n + (t === STAR ? 0 : t === QMARK ? 1 : t.length), 0);
  const match = glob.includes(QMARK) ? wildcardMatch : starMatch;
  return (s) => s.length >= min && match(glob, s);
}

/**
 * A glob of literals and `*` only: the first literal is a prefix (unless
 * the glob starts with `*`), the last a suffix (unless it ends with `*`),
 * and each literal between is found leftmost after the one before. Leftmost
 * is always right for `*`, so this is one pass over the segment.
 */
export function starMatch(glob: GlobToken[], s: string): boolean {
  let g = 0;
  let last = glob.length;
  let i = 0;
  let end = s.length;
  const head = glob[0];
  if (typeof head === "string") {
    if (!s.startsWith(head)) return false;
    i = head.length;
    g = 1;
  }
  const tail = glob[last - 1];
  if (last > g && typeof tail === "string") {
    if (end - tail.length < i || !s.endsWith(tail)) return false;
    end -= tail.length;
    last--;
  }
  for (; g < last; g++) {
    const tok = glob[g]!;
    if (typeof tok !== "string") continue;
    const at = s.indexOf(tok, i);
    if (at === -1 || at + tok.length > end) return false;
    i = at + tok.length;
  }
  return true;
}

/** Index of the code point after the one at `i` (so `?` matches one character, not half a surrogate pair). */
export function nextChar(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? i + 2 : i + 1;
}

/**
 * Classic two-pointer wildcard match: on a mismatch, retry from the last `*`
 * one character further. Only the last `*` is ever resumed, so the cost is
 * bounded by O(|s| × |glob|), never exponential.
 */
export function wildcardMatch(glob: GlobToken[], s: string): boolean {
  let g = 0;
  let i = 0;
  let starG = -1;
  let starI = 0;
  while (i < s.length) {
    const tok = glob[g];
    if (tok === STAR) {
      starG = g++;
      starI = i;
    } else if (tok === QMARK) {
      g++;
      i = nextChar(s, i);
    } else if (tok !== undefined && s.startsWith(tok, i)) {
      g++;
      i += tok.length;
    } else if (starG >= 0) {
      g = starG + 1;
      starI = nextChar(s, starI);
      i = starI;
    } else {
      return false;
    }
  }
  while (glob[g] === STAR) g++;
  return g === glob.length;
}
