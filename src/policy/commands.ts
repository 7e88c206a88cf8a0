/**
 * `/countersign …` commands in a PR comment (SPEC §8). A command is a line
 * of its own, at the start of the line, as the comment renders: text GitHub
 * shows inside a quote or a code block is someone's words being quoted or
 * shown, not a command, and text GitHub does not show at all (inside an HTML
 * comment, a tag, a `<script>`) is not shown to reviewers, so it cannot
 * command anything. Those lines are skipped.
 *
 * The block structure follows CommonMark as GitHub renders it: fenced and
 * indented code, block quotes with their lazy continuation lines, HTML
 * blocks. Where the real rendering is hard to tell (raw HTML left open, a
 * `<!--` that may or may not be a comment), a line is treated as hidden:
 * refusing a command someone can repeat is safe, obeying one nobody saw is
 * not. One pass over the text, each character looked at a bounded number of
 * times: linear in the body's length (SPEC §10).
 */
import { HtmlScanner } from "./html-scan.js";

export type Command =
  | { name: "override"; reason: string; line: number }
  /** `target`: whose overrides to withdraw (`/countersign revoke @user`); null for the sender's own. */
  | { name: "revoke"; target: string | null; line: number }
  | { name: "recheck" | "help"; line: number }
  | { name: "unknown"; word: string; line: number };

interface Fence {
  char: string;
  length: number;
}

/** What the line before left open at the top level of the document. */
type Mode = "none" | "paragraph" | "quote" | "fence" | "html";

/** Every command in `body`, in line order; lines are numbered from 1. */
export function parseCommands(body: string): Command[] {
  const scanner = new BlockScanner();
  const commands: Command[] = [];
  body.split(/\r\n|\r|\n/).forEach((text, index) => {
    if (!scanner.isCommandLine(text)) return;
    const command = parseLine(text, index + 1);
    if (command) commands.push(command);
  });
  return commands;
}

/** HTML block kinds (CommonMark 4.6) by how they end. */
type HtmlEnd = "blank" | "-->" | "?>" | ">" | "]]>" | "raw-text";

/**
 * Reads a comment line by line and says, for each, whether it is a
 * top-level paragraph line that GitHub shows as written.
 */
class BlockScanner {
  private mode: Mode = "none";
  private fence: Fence | null = null;
  private htmlEnd: HtmlEnd | null = null;
  /** Inside a quote: its innermost paragraph is open, so an unmarked line may continue it lazily. */
  private quoteParagraph = false;
  /** Inside a quote: a fenced code block opened on a `>` line. */
  private quoteFence: Fence | null = null;
  private readonly html = new HtmlScanner();

  isCommandLine(line: string): boolean {
    if (this.html.poisoned) return false;
    switch (this.mode) {
      case "fence":
        if (closesFence(line, this.fence!)) this.mode = "none";
        return false;
      case "html":
        return this.htmlLine(line);
      case "quote":
        if (this.quoteLine(line)) return false;
        break;
      default:
    }
    return this.blockLine(line);
  }

  /** A line inside an HTML block: raw HTML, never a command. */
  private htmlLine(line: string): boolean {
    if (this.htmlEnd === "blank" && isBlank(line)) {
      this.endBlock(false);
      return false;
    }
    this.html.scan(line);
    if (htmlBlockEnds(line, this.htmlEnd!)) this.endBlock(false);
    return false;
  }

  /** A `>` line or a lazy continuation line belongs to the open quote; otherwise the quote ends. */
  private quoteLine(line: string): boolean {
    if (isQuoteLine(line)) {
      this.quoteContent(quoteInner(line));
      return true;
    }
    if (this.quoteParagraph && !isBlank(line) && !interruptsParagraph(line)) {
      this.html.scan(line);
      return true;
    }
    this.endBlock(false);
    return false;
  }

  /** The content of a quote line, after every `>`: fences, blank lines and paragraphs inside the quote. */
  private quoteContent(inner: string): void {
    if (this.quoteFence) {
      if (closesFence(inner, this.quoteFence)) this.quoteFence = null;
      return;
    }
    this.quoteFence = openFence(inner);
    if (this.quoteFence || isBlank(inner)) {
      this.quoteParagraph = false;
      return;
    }
    const indentedCode = !this.quoteParagraph && indentation(inner) >= 4;
    if (!indentedCode) this.html.scan(inner);
    this.quoteParagraph = !indentedCode && !interruptsParagraph(inner);
  }

  /** A line outside any open block, or continuing a paragraph. */
  private blockLine(line: string): boolean {
    if (isBlank(line)) {
      if (this.mode === "paragraph") this.endBlock(true);
      return false;
    }
    if (isQuoteLine(line)) return this.startQuote(line);
    const fence = openFence(line);
    if (fence) return this.startFence(fence);
    const html = htmlBlockStart(line, this.mode === "paragraph");
    if (html) return this.startHtml(line, html);
    if (this.mode !== "paragraph" && indentation(line) >= 4) return false; // indented code
    return this.paragraphLine(line);
  }

  private startQuote(line: string): boolean {
    if (this.mode === "paragraph") this.endBlock(true);
    this.mode = "quote";
    this.quoteParagraph = false;
    this.quoteFence = null;
    this.quoteContent(quoteInner(line));
    return false;
  }

  private startFence(fence: Fence): boolean {
    if (this.mode === "paragraph") this.endBlock(true);
    this.mode = "fence";
    this.fence = fence;
    return false;
  }

  private startHtml(line: string, end: HtmlEnd): boolean {
    if (this.mode === "paragraph") this.endBlock(true);
    this.mode = "html";
    this.htmlEnd = end;
    this.html.scan(line);
    // On its first line the end is looked for after the opening (`<!-->` is a whole comment).
    const after = line.length - line.trimStart().length + (end === "-->" ? 2 : 1);
    if (htmlBlockEnds(line.slice(after), end)) this.endBlock(false);
    return false;
  }

  /** A paragraph line is shown from its start unless an HTML comment or tag opened earlier is still open. */
  private paragraphLine(line: string): boolean {
    const heading = isAtxHeading(line) || isThematicBreak(line);
    if (heading && this.mode === "paragraph") this.endBlock(true);
    const shown = this.html.inText;
    this.html.scan(line);
    this.mode = "paragraph";
    if (heading) this.endBlock(true);
    return shown && !heading;
  }

  /**
   * A block ended. In a paragraph, an unclosed tag was plain text (GitHub
   * escapes it); anywhere else, or for a comment, raw HTML may still be
   * open and hide the rest of the page.
   */
  private endBlock(paragraph: boolean): void {
    this.html.endBlock(paragraph);
    this.mode = "none";
    this.htmlEnd = null;
    this.quoteParagraph = false;
    this.quoteFence = null;
  }
}

// ---------------------------------------------------------------------------
// Line classification (CommonMark 0.31, as cmark-gfm renders comments).

function isBlank(line: string): boolean {
  return line.trim() === "";
}

/** Columns of leading whitespace, a tab advancing to the next multiple of 4. */
function indentation(line: string): number {
  let col = 0;
  for (const ch of line) {
    if (ch === " ") col++;
    else if (ch === "\t") col += 4 - (col % 4);
    else break;
  }
  return col;
}

const LIST_MARKER = /^(?:[-+*]|\d{1,9}[.)])[ \t]/;

/**
 * A line whose first mark, after whitespace and list markers, is `>`. Any
 * indentation counts (a quote may sit in a list item): reading an indented
 * `>` line as a quote hides at most a line that was only shown as code.
 */
function isQuoteLine(line: string): boolean {
  let rest = line.trimStart();
  for (let m = LIST_MARKER.exec(rest); m; m = LIST_MARKER.exec(rest)) {
    rest = rest.slice(m[0].length).trimStart();
  }
  return rest.startsWith(">");
}

/** A quote line's content: list markers and every `>` (each with one optional space after it) removed. */
function quoteInner(line: string): string {
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
function interruptsParagraph(line: string): boolean {
  return (
    openFence(line) !== null ||
    isAtxHeading(line) ||
    isThematicBreak(line) ||
    htmlBlockStart(line, true) !== null
  );
}

function isAtxHeading(line: string): boolean {
  return /^ {0,3}#{1,6}(?:[ \t]|$)/.test(line);
}

/** `---`, `***`, `___` (3 or more, spaces allowed between). */
function isThematicBreak(line: string): boolean {
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
const FENCE_OPEN = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/;

function openFence(text: string): Fence | null {
  const run = FENCE_OPEN.exec(text)?.[1];
  return run ? { char: run[0]!, length: run.length } : null;
}

/** A closing fence is the same character, at least as long, with nothing after it. An unclosed fence runs to the end. */
function closesFence(text: string, fence: Fence): boolean {
  const match = /^ {0,3}(`+|~+)[ \t]*$/.exec(text);
  const run = match?.[1];
  return run !== undefined && run[0] === fence.char && run.length >= fence.length;
}

const BLOCK_TAGS =
  "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul";
const HTML_STARTS: [RegExp, HtmlEnd][] = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:[ \t>]|$)/i, "raw-text"],
  [/^ {0,3}<!--/, "-->"],
  [/^ {0,3}<\?/, "?>"],
  [/^ {0,3}<!\[CDATA\[/, "]]>"],
  [/^ {0,3}<![A-Za-z]/, ">"],
  [new RegExp(`^ {0,3}</?(?:${BLOCK_TAGS})(?:[ \\t>]|/>|$)`, "i"), "blank"],
];
/** Type 7: one complete open or closing tag alone on its line (it cannot interrupt a paragraph). */
const LONE_TAG = /^ {0,3}<\/?[A-Za-z][A-Za-z0-9-]*(?:[ \t][^<>]*)?>[ \t]*$/;

/** The end condition of the HTML block this line starts, or null. */
function htmlBlockStart(line: string, inParagraph: boolean): HtmlEnd | null {
  for (const [start, end] of HTML_STARTS) if (start.test(line)) return end;
  return !inParagraph && LONE_TAG.test(line) ? "blank" : null;
}

const RAW_TEXT_END = /<\/(?:script|pre|style|textarea)>/i;

/** Whether the text holds the end of an HTML block of this kind. */
function htmlBlockEnds(text: string, end: HtmlEnd): boolean {
  if (end === "blank") return false;
  if (end === "raw-text") return RAW_TEXT_END.test(text);
  return text.includes(end);
}

// ---------------------------------------------------------------------------
// One command line.

/**
 * `/countersign`, then the sub-command and its argument, separated by spaces
 * or tabs. Up to 3 leading spaces, as Markdown allows before a paragraph;
 * `/countersigned` is not a command; any other whitespace (a no-break space)
 * makes the line not a command at all.
 */
function parseLine(text: string, line: number): Command | null {
  let i = 0;
  while (i < 3 && text[i] === " ") i++;
  if (!/^\/countersign$/i.test(text.slice(i, i + 12))) return null;
  i += 12;
  if (/[\u2028\u2029]/.test(text)) return null; // Markdown would show it on two lines
  const rest = text.slice(i);
  if (rest !== "" && !isBlankChar(rest[0]!)) return null;
  const words = rest.replace(/^[ \t]+/, "");
  if (/^\s/.test(words)) return null;
  if (words === "") return { name: "help", line };
  const wordEnd = words.search(/\s/);
  const word = wordEnd === -1 ? words : words.slice(0, wordEnd);
  const after = wordEnd === -1 ? "" : words.slice(wordEnd);
  if (after !== "" && !isBlankChar(after[0]!)) return null;
  return command(word, after, line);
}

function isBlankChar(ch: string): boolean {
  return ch === " " || ch === "\t";
}

function command(word: string, after: string, line: number): Command {
  const name = word.toLowerCase();
  if (name === "override") return { name, reason: after.trim(), line };
  if (name === "revoke") return { name, target: revokeTarget(after), line };
  if (name === "recheck" || name === "help") return { name, line };
  return { name: "unknown", word, line };
}

/** A GitHub login after `@` (letters, digits, single hyphens; at most 39 characters). */
const LOGIN_ARG = /^@([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})$/i;

function revokeTarget(arg: string): string | null {
  return LOGIN_ARG.exec(arg.trim())?.[1] ?? null;
}
