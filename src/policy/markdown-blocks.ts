/**
 * Markdown's block structure as GitHub renders a comment (CommonMark): blank
 * lines, quotes and their lazy continuations, fences, headings, thematic
 * breaks and HTML blocks — what decides whether a line is shown as plain
 * text, and so can be a command (SPEC §8).
 */
export interface Fence {
  char: string;
  length: number;
}

/** HTML block kinds (CommonMark 4.6) by how they end. */
export type HtmlEnd = "blank" | "-->" | "?>" | ">" | "]]>" | "raw-text";

// ---------------------------------------------------------------------------
// Line classification (CommonMark 0.31, as cmark-gfm renders comments).

export function isBlank(line: string): boolean {
  return line.trim() === "";
}

/** Columns of leading whitespace, a tab advancing to the next multiple of 4. */
export function indentation(line: string): number {
  let col = 0;
  for (const ch of line) {
    if (ch === " ") col++;
    else if (ch === "\t") col += 4 - (col % 4);
    else break;
  }
  return col;
}

export const LIST_MARKER = /^(?:[-+*]|\d{1,9}[.)])[ \t]/;

/**
 * A line whose first mark, after whitespace and list markers, is `>`. Any
 * indentation counts (a quote may sit in a list item): reading an indented
 * `>` line as a quote hides at most a line that was only shown as code.
 */
export function isQuoteLine(line: string): boolean {
  let rest = line.trimStart();
  for (let m = LIST_MARKER.exec(rest); m; m = LIST_MARKER.exec(rest)) {
    rest = rest.slice(m[0].length).trimStart();
  }
  return rest.startsWith(">");
}

/** A quote line's content: list markers and every `>` (each with one optional space after it) removed. */
export function quoteInner(line: string): string {
  let i = 0;
  for (;;) {
    let j = i;
    while (line[j] === " " || line[j] === "\t") j++;
    const m = LIST_MARKER.exec(line.slice(j, j + 12));
    if (m) i = j + m[0].length;
    else if (line[j] === ">") i = j + (line[j + 1] === " " || line[j + 1] === "\t" ? 2 : 1);
    else return line.slice(i);
  }
}

/** Blocks that may interrupt a paragraph: a line starting one is never a lazy continuation. */
export function interruptsParagraph(line: string): boolean {
  return (
    openFence(line) !== null ||
    isAtxHeading(line) ||
    isThematicBreak(line) ||
    htmlBlockStart(line, true) !== null
  );
}

export function isAtxHeading(line: string): boolean {
  return /^ {0,3}#{1,6}(?:[ \t]|$)/.test(line);
}

/** `---`, `***`, `___` (3 or more, spaces allowed between). */
export function isThematicBreak(line: string): boolean {
  const text = line.replace(/^ {0,3}/, "");
  const mark = text[0];
  if (mark !== "-" && mark !== "*" && mark !== "_") return false;
  let count = 0;
  for (const ch of text) {
    if (ch === mark) count++;
    else if (ch !== " " && ch !== "\t") return false;
  }
  return count >= 3;
}

/** An opening code fence: 3+ backticks (no backtick in the info string) or 3+ tildes. */
export const FENCE_OPEN = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/;

export function openFence(text: string): Fence | null {
  const run = FENCE_OPEN.exec(text)?.[1];
  return run ? { char: run[0]!, length: run.length } : null;
}

/** A closing fence is the same character, at least as long, with nothing after it. An unclosed fence runs to the end. */
export function closesFence(text: string, fence: Fence): boolean {
  const match = /^ {0,3}(`+|~+)[ \t]*$/.exec(text);
  const run = match?.[1];
  return run !== undefined && run[0] === fence.char && run.length >= fence.length;
}

export const BLOCK_TAGS =
  "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul";

export const HTML_STARTS: [RegExp, HtmlEnd][] = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:[ \t>]|$)/i, "raw-text"],
  [/^ {0,3}<!--/, "-->"],
  [/^ {0,3}<\?/, "?>"],
  [/^ {0,3}<!\[CDATA\[/, "]]>"],
  [/^ {0,3}<![A-Za-z]/, ">"],
  [new RegExp(`^ {0,3}</?(?:${BLOCK_TAGS})(?:[ \\t>]|/>|$)`, "i"), "blank"],
];

/** Type 7: one complete open or closing tag alone on its line (it cannot interrupt a paragraph). */
export const LONE_TAG = /^ {0,3}<\/?[A-Za-z][A-Za-z0-9-]*(?:[ \t][^<>]*)?>[ \t]*$/;

/** The end condition of the HTML block this line starts, or null. */
export function htmlBlockStart(line: string, inParagraph: boolean): HtmlEnd | null {
  for (const [start, end] of HTML_STARTS) if (start.test(line)) return end;
  return !inParagraph && LONE_TAG.test(line) ? "blank" : null;
}

export const RAW_TEXT_END = /<\/(?:script|pre|style|textarea)>/i;

/** Whether the text holds the end of an HTML block of this kind. */
export function htmlBlockEnds(text: string, end: HtmlEnd): boolean {
  if (end === "blank") return false;
  if (end === "raw-text") return RAW_TEXT_END.test(text);
  return text.includes(end);
}
