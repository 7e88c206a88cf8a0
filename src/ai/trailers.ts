/**
 * Git commit-message trailers, parsed exactly as `git interpret-trailers --parse`
 * (git 2.39, trailer.c + commit.c) does, with git's default configuration:
 * separators ":", comment character "#", no `trailer.*` entries.
 *
 * git works on bytes; every byte it tests (newline, `#`, `:`, `-`, ASCII
 * letters, digits, whitespace) is ASCII, and UTF-8 never uses ASCII bytes
 * inside a multi-byte character, so indexing a JS string's code units finds
 * the same positions. NUL bytes are not modelled (git's C strings stop at them).
 */

export interface Trailer {
  /** The key as written, trimmed: `Co-authored-by`. Compare with {@link normalizeKey}. */
  key: string;
  /** The value as `--parse` prints it: trimmed, continuation lines folded to one space. */
  value: string;
}

const COMMENT = "#";
const SEPARATOR = ":";
/** trailer.c `git_generated_prefixes`: case-sensitive, and the space counts. */
const GIT_GENERATED_PREFIXES = ["Signed-off-by: ", "(cherry picked from commit "];
/** wt-status.c `cut_line` as `git commit -v` writes it, preceded by the comment char. */
const CUT_LINE = "# ------------------------ >8 ------------------------\n";
const OLD_CONFLICTS = "Conflicts:\n";

/** Keys compare case-insensitively in git (`token_matches_item` uses strncasecmp). */
export function normalizeKey(key: string): string {
  return key.toLowerCase();
}

/** The values of every trailer whose key matches `key` case-insensitively, in order. */
export function trailerValues(trailers: readonly Trailer[], key: string): string[] {
  const wanted = normalizeKey(key);
  return trailers.filter((t) => normalizeKey(t.key) === wanted).map((t) => t.value);
}

/** The text `git interpret-trailers --parse` prints for these trailers. */
export function formatTrailers(trailers: readonly Trailer[]): string {
  return trailers.map((t) => `${t.key}${SEPARATOR} ${t.value}\n`).join("");
}

/** The trailer block of `message`, in order; [] when it has none. */
export function parseTrailers(message: string): Trailer[] {
  const end = findTrailerEnd(message, findPatchStart(message));
  const start = findTrailerStart(message, end);
  return blockTrailers(message, start, end);
}

// --- character classes -------------------------------------------------------

/** git's sane_ctype isspace: only space, \t, \n, \r (C's also has \v and \f; git's does not). */
function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r";
}

/** git's sane_ctype isalnum: ASCII only, so `é` never belongs to a key. By code unit: this runs on every key character. */
function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** strbuf_trim: strips git-whitespace (so a CR before LF goes too). */
function trim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s[a])) a++;
  while (b > a && isSpace(s[b - 1])) b--;
  return s.slice(a, b);
}

// --- lines -------------------------------------------------------------------

/** Index just past the newline ending the line at `i` (or the string's end). */
function nextLine(s: string, i: number): number {
  const nl = s.indexOf("\n", i);
  return nl < 0 ? s.length : nl + 1;
}

/** trailer.c `last_line`: start of the last line of s[0, len), a final newline belonging to it; -1 if empty. */
function lastLine(s: string, len: number): number {
  if (len === 0) return -1;
  if (len === 1) return 0;
  return s.lastIndexOf("\n", len - 2) + 1;
}

/** trailer.c `is_blank_line`: nothing but git-whitespace up to the newline (`\r\n` is blank). */
function isBlankLine(s: string, i: number): boolean {
  while (i < s.length && s[i] !== "\n" && isSpace(s[i])) i++;
  return i >= s.length || s[i] === "\n";
}

/**
 * trailer.c `find_separator`: offset of the ":" after a key of ASCII letters,
 * digits and `-`, optionally followed by spaces/tabs (`Key : v`); -1 when the
 * line is not `<key><blanks>:`. 0 means the line starts with ":" (no key).
 */
function findSeparator(s: string, i: number, end = s.length): number {
  let blanks = false;
  for (let c = i; c < end; c++) {
    const ch = s[c]!;
    if (ch === SEPARATOR) return c - i;
    if (!blanks && (isAlnum(s.charCodeAt(c)) || ch === "-")) continue;
    if (c !== i && (ch === " " || ch === "\t")) {
      blanks = true;
      continue;
    }
    break;
  }
  return -1;
}

// --- where the message ends --------------------------------------------------

/**
 * trailer.c `find_patch_start`: the first line starting with `---` and then
 * git-whitespace (`---\n`, `--- x`, `---\r\n`) ends the message, even inside
 * the body. `---` at the very end (no newline) or `----` does not.
 */
function findPatchStart(s: string): number {
  for (let i = 0; i < s.length; i = nextLine(s, i)) {
    if (s.startsWith("---", i) && isSpace(s[i + 3])) return i;
  }
  return s.length;
}

/**
 * wt-status.c `wt_status_locate_end`: a `git commit -v` scissors line cuts the
 * message. git searches the whole input, and when the first scissors line lies
 * past the patch divider git 2.39 loops forever; we then ignore it instead.
 */
function locateCut(s: string, len: number): number {
  if (s.startsWith(CUT_LINE)) return 0;
  const at = s.indexOf(`\n${CUT_LINE}`);
  return at < 0 || at + 1 > len ? len : at + 1;
}

/**
 * commit.c `ignore_non_trailer`: drop trailing runs of comment lines, empty
 * lines (exactly "\n": "\r\n" and " \n" stay) and an old `Conflicts:` block
 * with its tab-indented paths. `boc` 0 means "no run" as in git (a run from
 * offset 0 is then recorded from its second line: harmless, nothing precedes it).
 */
function findTrailerEnd(s: string, len: number): number {
  const cutoff = locateCut(s, len);
  let boc = 0;
  let inConflicts = false;
  for (let bol = 0; bol < cutoff; bol = Math.min(nextLine(s, bol), len)) {
    if (s[bol] === COMMENT || s[bol] === "\n") {
      if (!boc) boc = bol;
    } else if (s.startsWith(OLD_CONFLICTS, bol)) {
      inConflicts = true;
      if (!boc) boc = bol;
    } else if (!(inConflicts && s[bol] === "\t") && boc) {
      boc = 0;
      inConflicts = false;
    }
  }
  return boc || cutoff;
}

// --- where the trailer block starts ------------------------------------------

/** trailer.c: the first paragraph is the title (comment lines skipped) and never holds trailers. */
function endOfTitle(s: string, len: number): number {
  let i = 0;
  while (i < len && (s[i] === COMMENT || !isBlankLine(s, i))) i = nextLine(s, i);
  return i;
}

/** What trailer.c's backward scan has counted in the last paragraph so far. */
interface Tally {
  trailers: number;
  others: number;
  /** Indented lines not yet known to continue a trailer (they count as others if they don't). */
  pending: number;
  gitGenerated: boolean;
}

/** Count one non-blank, non-comment line (the scan goes bottom-up). */
function countLine(t: Tally, s: string, bol: number): void {
  if (isGitGenerated(s, bol)) {
    t.gitGenerated = true;
    t.trailers++;
    t.pending = 0;
  } else if (findSeparator(s, bol) >= 1) {
    t.trailers++;
    t.pending = 0;
  } else if (isSpace(s[bol])) {
    t.pending++;
  } else {
    t.others += 1 + t.pending;
    t.pending = 0;
  }
}

function isGitGenerated(s: string, bol: number): boolean {
  // Most lines start with neither prefix's first letter: skip the comparisons.
  const first = s[bol];
  if (first !== "S" && first !== "(") return false;
  return GIT_GENERATED_PREFIXES.some((p) => s.startsWith(p, bol));
}

/**
 * trailer.c `find_trailer_start`: the block qualifies if all its lines are
 * trailers, or if it holds a Git-generated line and trailers × 3 ≥ others.
 */
function qualifies(t: Tally): boolean {
  const others = t.others + t.pending;
  return (t.gitGenerated && t.trailers * 3 >= others) || (t.trailers > 0 && others === 0);
}

/**
 * trailer.c `find_trailer_start`: scan s[0, len) upward from the end, skipping
 * trailing blank lines, to the blank line above the last paragraph. Returns
 * the block's start, or len when there is no trailer block.
 */
function findTrailerStart(s: string, len: number): number {
  const title = endOfTitle(s, len);
  const t: Tally = { trailers: 0, others: 0, pending: 0, gitGenerated: false };
  let seenText = false;
  for (let l = lastLine(s, len); l >= title; l = lastLine(s, l)) {
    if (s[l] === COMMENT) {
      // A comment is neither kind, but indented lines below it continue nothing.
      t.others += t.pending;
      t.pending = 0;
    } else if (isBlankLine(s, l)) {
      if (seenText) return qualifies(t) ? nextLine(s, l) : len;
    } else {
      seenText = true;
      countLine(t, s, l);
    }
  }
  return len;
}

// --- the block's entries -----------------------------------------------------

/**
 * trailer.c `trailer_info_get` (lines split as strbuf_split_buf): an
 * indented line joins the entry above when that entry is a `key:` line;
 * after a comment or prose line it stands alone. An entry's lines are
 * contiguous, so entries are read as offsets into the message, never as
 * per-line strings: on a 1 MB message of short lines the garbage collector
 * did most of the work.
 */
function blockTrailers(s: string, from: number, to: number): Trailer[] {
  const trailers: Trailer[] = [];
  let start = -1;
  let joinable = false;
  const flush = (end: number) => {
    const trailer = start === -1 ? null : toTrailer(s, start, end);
    if (trailer) trailers.push(trailer);
  };
  for (let i = from; i < to; i = Math.min(nextLine(s, i), to)) {
    if (joinable && isSpace(s[i])) continue;
    flush(i);
    start = i;
    joinable = findSeparator(s, i, to) >= 1;
  }
  flush(to);
  return trailers;
}

/**
 * trailer.c `process_input_file` with --only-trailers: comment lines and lines
 * without `key:` (e.g. `(cherry picked from commit …)`) are not printed.
 */
function toTrailer(s: string, start: number, end: number): Trailer | null {
  if (s[start] === COMMENT) return null;
  const sep = findSeparator(s, start, end);
  if (sep < 1) return null;
  return { key: trimmed(s, start, start + sep), value: unfold(trimmed(s, start + sep + 1, end)) };
}

/** strbuf_trim of s[a, b), sliced once. */
function trimmed(s: string, a: number, b: number): string {
  while (a < b && isSpace(s[a])) a++;
  while (b > a && isSpace(s[b - 1])) b--;
  return s.slice(a, b);
}

/** trailer.c `unfold_value`: each newline and the whitespace after it becomes one space. */
function unfold(value: string): string {
  return value.includes("\n") ? trim(value.replace(/\n[ \t\n\r]*/g, " ")) : value;
}
