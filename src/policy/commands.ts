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
import {
  closesFence,
  type Fence,
  type HtmlEnd,
  htmlBlockEnds,
  htmlBlockStart,
  indentation,
  interruptsParagraph,
  isAtxHeading,
  isBlank,
  isQuoteLine,
  isThematicBreak,
  openFence,
  quoteInner,
} from "./markdown-blocks.js";

export type Command =
  | { name: "override"; reason: string; line: number }
  /** `target`: whose overrides to withdraw (`/countersign revoke @user`); null for the sender's own. */
  | { name: "revoke"; target: string | null; line: number }
  | { name: "recheck" | "help"; line: number }
  | { name: "unknown"; word: string; line: number };

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
