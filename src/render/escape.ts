/**
 * Quoting user-written text (override reasons, unknown command words) back
 * into Markdown that Countersign posts: comments, check-run summaries.
 *
 * A reason is someone else's words inside our output, so it must not ping
 * anyone, inject HTML or links (GitHub also links bare `https://…` and
 * `www.…`), reorder what the reader sees (bidi controls), break the
 * summary's tables, or span lines.
 */

/** U+200D ZERO WIDTH JOINER: invisible, but GitHub no longer sees `@name` or `#12` as a reference. */
const ZWJ = "\u200D";

export const DEFAULT_MAX_INLINE = 200;

/**
 * Unicode bidirectional controls: embeddings and overrides (U+202A–U+202E),
 * isolates (U+2066–U+2069), the LRM/RLM marks and the Arabic letter mark.
 * They make text display in another order than it reads ("Trojan Source").
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Each bidi control replaced by its visible code point (`[U+202E]`): the
 * text shows in the order it was written, and the reader sees that someone
 * put a control there. Used for every piece of user text we echo.
 */
export function showBidiControls(s: string): string {
  return s.replace(BIDI_CONTROLS, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase()}]`);
}

/** Line breaks of every kind, including the Unicode ones Markdown renderers may honour. */
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029\u0085]/g;

/** Characters with inline meaning in GitHub Markdown; a backslash makes each literal. */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]~|!]/g;

const HTML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/** Cuts `s` to at most `max` characters (code points, so no half emoji), marking the cut with `…`. */
export function truncate(s: string, max: number): string {
  const chars = Array.from(s);
  if (chars.length <= max) return s;
  return chars.slice(0, Math.max(0, max - 1)).join("") + "…";
}

/**
 * Newlines (and runs of whitespace around them) become one space: the text
 * stays on its line. Bidi controls are shown as code points
 * ({@link showBidiControls}): every echo of user text goes through here.
 */
export function singleLine(s: string): string {
  return showBidiControls(s)
    .replace(LINE_BREAKS, " ")
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}

/**
 * `s` as literal inline Markdown text: no mentions, no issue references, no
 * HTML, no links or emphasis, no table breaks, one line, at most `max`
 * characters of the original (plus `…`).
 */
export function escapeMarkdownInline(s: string, max = DEFAULT_MAX_INLINE): string {
  const text = truncate(singleLine(s), max);
  return defuseReferences(
    text
      .replace(/[&<>]/g, (c) => HTML_ENTITIES[c] ?? c)
      .replace(MARKDOWN_PUNCTUATION, (c) => "\\" + c),
  );
}

/**
 * Breaks `@user`, `@org/team` and `#123`/`org/repo#123` so GitHub neither
 * notifies nor cross-links, and bare URLs so it does not link them: GFM's
 * autolink extension links `http://`, `https://` (and `ftp://`) followed by
 * a domain, and `www.` followed by one, after whitespace, `*`, `_`, `~` or
 * `(` — escaping those characters does not stop it, it reads the text after
 * escapes. A ZWJ between the scheme and `://` (or `www` and `.`) leaves the
 * text readable and no longer a URL.
 */
function defuseReferences(s: string): string {
  return s
    .replace(/@(?=[A-Za-z0-9])/g, "@" + ZWJ)
    .replace(/#(?=\d)/g, "#" + ZWJ)
    .replace(/(https?|ftp)(?=:\/\/)/gi, "$1" + ZWJ)
    .replace(/(www)(?=\.)/gi, "$1" + ZWJ);
}

/**
 * `s` as an inline code span: shown verbatim, never a mention. The fence is
 * one backtick longer than the longest run inside, as CommonMark requires.
 * `|` is still escaped, because GitHub splits table cells before parsing code.
 */
export function inlineCode(s: string, max = DEFAULT_MAX_INLINE): string {
  const text = truncate(singleLine(s), max).replace(/\|/g, "\\|");
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text === "" ? " " : "";
  return fence + pad + text + pad + fence;
}

/** A GitHub login, with an optional `[bot]` suffix: nothing else may follow an `@` we write. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

/**
 * A deliberate `@login` mention (it notifies). Use only for the person a
 * reply is addressed to. Anything that is not a plain login is quoted
 * instead, so a strange string can never smuggle Markdown in.
 */
export function mention(login: string): string {
  return LOGIN.test(login) ? "@" + login : escapeMarkdownInline(login, 60);
}

/** `@login` shown but not notified: for naming people other than the one addressed. */
export function quietMention(login: string): string {
  return escapeMarkdownInline(login.startsWith("@") ? login : "@" + login, 100);
}
