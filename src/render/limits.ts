/**
 * GitHub's check-run output limits, and graceful truncation to them.
 *
 * `summary` and `text` are each capped at 65,535 bytes of UTF-8 (GitHub
 * counts bytes, so ✅ costs 3 and 🤖 costs 4). `fitBytes` cuts Markdown at a
 * line boundary, closes a code fence left open, and ends with a note saying
 * how many lines were cut. The title is capped at 255 characters.
 */

import { showBidiControls } from "./escape.js";
export const CHECK_TEXT_MAX_BYTES = 65535;
export const CHECK_TITLE_MAX_CHARS = 255;

const ELLIPSIS = "…";

function bytes(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/** The line that closes `fence` (the fence's own run of ``` or ~~~), or null when `line` does not. */
function fenceOf(line: string): string | null {
  const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
  return m ? m[1]! : null;
}

/** Code-fence state after each line: the open fence, or null outside any fence. */
function fenceStates(lines: string[]): (string | null)[] {
  const states: (string | null)[] = [];
  let open: string | null = null;
  for (const line of lines) {
    const f = fenceOf(line);
    if (
      open === null &&
      f !== null &&
      !(f[0] === "`" && line.slice(line.indexOf(f) + f.length).includes("`"))
    ) {
      open = f;
    } else if (open !== null && f !== null && f[0] === open[0] && f.length >= open.length) {
      if (line.trim() === f) open = null;
    }
    states.push(open);
  }
  return states;
}

/** The note that ends a cut output. `seeAlso` is where the full output lives, e.g. "`npx countersign explain acme/api#42`". */
export function cutNote(cutLines: number, seeAlso?: string): string {
  const what = `${cutLines.toLocaleString("en-US")} more line${cutLines === 1 ? "" : "s"} cut`;
  const where = seeAlso ? ` (see the full output with ${seeAlso})` : " (GitHub's size limit)";
  return `${ELLIPSIS} ${what}${where}`;
}

/** Cut `s` to at most `max` UTF-8 bytes, never inside a character. */
export function cutToBytes(s: string, max: number): string {
  if (bytes(s) <= max) return s;
  let out = "";
  let used = 0;
  for (const ch of s) {
    const b = bytes(ch);
    if (used + b > max) break;
    out += ch;
    used += b;
  }
  return out;
}

/** How many leading lines fit in `budget` bytes, keeping room for a fence closer. */
function keptLines(lines: string[], fences: (string | null)[], budget: number): number {
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const next = used + bytes(lines[i]!) + 1;
    const closer = fences[i] ? bytes(fences[i]!) + 1 : 0;
    if (next + closer > budget) return i;
    used = next;
  }
  return lines.length;
}

/**
 * Fit Markdown into `max` UTF-8 bytes. When it is already small enough it
 * comes back unchanged; otherwise it is cut after the last line that fits,
 * a code fence open at that point is closed, and a note with the number of
 * lines cut ends it (after a blank line, so it never joins a table).
 */
export function fitBytes(markdown: string, max: number, seeAlso?: string): string {
  if (bytes(markdown) <= max) return markdown;
  const lines = markdown.split("\n");
  const note = cutNote(lines.length, seeAlso);
  const budget = max - bytes(note) - 1;
  if (budget <= 0) return cutToBytes(cutNote(lines.length, seeAlso), max);
  const fences = fenceStates(lines);
  const kept = keptLines(lines, fences, budget);
  if (kept === 0) return cutNote(lines.length, seeAlso);
  const open = fences[kept - 1];
  const head = lines.slice(0, kept);
  if (open) head.push(open);
  return [...head, "", cutNote(lines.length - kept, seeAlso)].join("\n");
}

/** Fit a one-line title into `max` characters, cutting with "…" on a code-point boundary. */
export function fitTitle(title: string, max: number = CHECK_TITLE_MAX_CHARS): string {
  // Plain text, but it names teams and paths users wrote: no bidi reordering.
  const oneLine = showBidiControls(title).replace(/\s+/g, " ").trim();
  if (oneLine.length <= max) return oneLine;
  let out = "";
  for (const ch of oneLine) {
    if (out.length + ch.length > max - ELLIPSIS.length) break;
    out += ch;
  }
  return out.trimEnd() + ELLIPSIS;
}
