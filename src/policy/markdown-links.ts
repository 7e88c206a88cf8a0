/**
 * Links in a line of Markdown (CommonMark inline links, reference links,
 * autolinks and GitHub's bare URLs), scanned in linear time: no regex that
 * can backtrack over a hostile PR body.
 */

export const REF_LINK = /(!?)\[([^[\]]*)\](?:\[([^[\]]*)\])?/g;
/** An autolink holds no `<` (CommonMark), so a flood of `<http://` is scanned once. */
export const AUTOLINK = /<((?:https?|ftp):\/\/[^<>\s]+)>/gi;

export const BARE_URL = /\bhttps?:\/\/[^\s<>()]+[^\s<>().,;:!?'"]/gi;

export function refLabel(text: string): string {
  return text.trim().replace(/\s+/g, " ").toLowerCase();
}

export function markdownLinks(text: string, defs: Map<string, string>): string[] {
  const links: string[] = [];
  const rest = replaceInlineLinks(text, links);
  // Brackets with no definition behind them (`- [x] done`) are plain text.
  const noRefs = rest.replace(REF_LINK, (all, bang: string, label: string, ref?: string) => {
    const target = defs.get(refLabel(ref || label));
    if (target === undefined) return all;
    if (!bang) links.push(target);
    return " ";
  });
  const noAutolinks = noRefs.replace(AUTOLINK, (_all, url: string) => {
    links.push(url);
    return " ";
  });
  for (const match of noAutolinks.matchAll(BARE_URL)) links.push(match[0]);
  return links.filter((l) => l.length > 0 && !l.startsWith("#"));
}

/**
 * Inline links `[text](target "title")`: pushes each target (images are
 * skipped) and returns `text` with every link replaced by a space. A label
 * is scanned to the next bracket only, and the target's and title's ends
 * are looked up in precomputed tables, so the scan is linear even for a
 * body of 65,536 `[` or `[a](` (a regex rescanned the rest from each one).
 */
export function replaceInlineLinks(text: string, links: string[]): string {
  if (!text.includes("](")) return text;
  const next = new NextIndex(text);
  let out = "";
  let copied = 0;
  let open = text.indexOf("[");
  while (open !== -1) {
    const close = labelEnd(text, open);
    const link = close === -1 ? null : inlineTarget(text, close + 1, next);
    if (link) {
      const image = open > 0 && text[open - 1] === "!";
      const start = image ? open - 1 : open;
      if (!image) links.push(unbracket(link.target));
      out += `${text.slice(copied, start)} `;
      copied = link.end;
    }
    open = text.indexOf("[", link ? link.end : open + 1);
  }
  return out + text.slice(copied);
}

/** The `]` closing the label opened at `open`, or -1 when another `[` (or nothing) comes first. */
export function labelEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === "]") return i;
    if (text[i] === "[") return -1;
  }
  return -1;
}

export interface InlineTarget {
  target: string;
  /** Index just past the closing `)`. */
  end: number;
}

/** `(target "title")` at `at`, as the former regex read it: `<…>` first, else a run without `)` or spaces. */
export function inlineTarget(text: string, at: number, next: NextIndex): InlineTarget | null {
  if (text[at] !== "(") return null;
  const start = next.nonSpace(at + 1);
  if (text[start] === "<") {
    const gt = next.of(">", start + 1);
    const end = gt === -1 ? -1 : titleAndClose(text, gt + 1, next);
    if (end !== -1) return { target: text.slice(start, gt + 1), end };
  }
  const stop = next.stop(start);
  if (stop === start) return null;
  const end = titleAndClose(text, stop, next);
  return end === -1 ? null : { target: text.slice(start, stop), end };
}

/** After a target: an optional title (after whitespace) and `)`. Returns the index past `)`, or -1. */
export function titleAndClose(text: string, at: number, next: NextIndex): number {
  const titleAt = next.nonSpace(at);
  const quote = text[titleAt];
  if (titleAt > at && (quote === '"' || quote === "'" || quote === "(")) {
    const endQuote = next.of(quote === "(" ? ")" : quote, titleAt + 1);
    const close = endQuote === -1 ? -1 : next.nonSpace(endQuote + 1);
    if (close !== -1 && text[close] === ")") return close + 1;
  }
  const close = next.nonSpace(at);
  return text[close] === ")" ? close + 1 : -1;
}

/**
 * "Where is the next X at or after i?" in O(1), from tables built once per
 * line on first use (right to left). Returns text.length or -1 for none, as noted.
 */
export class NextIndex {
  private readonly tables = new Map<string, Int32Array>();
  constructor(private readonly text: string) {}

  /** First non-whitespace index at or after i (text.length if none). */
  nonSpace(i: number): number {
    return this.lookup("nonspace", i, (c) => !isJsSpace(c));
  }

  /** First `)` or whitespace at or after i (text.length if none): where an unbracketed target stops. */
  stop(i: number): number {
    return this.lookup("stop", i, (c) => c === 0x29 || isJsSpace(c));
  }

  /** First `ch` at or after i, or -1. */
  of(ch: string, i: number): number {
    const code = ch.charCodeAt(0);
    const at = this.lookup(ch, i, (c) => c === code);
    return at === this.text.length ? -1 : at;
  }

  private lookup(key: string, i: number, hit: (code: number) => boolean): number {
    if (i >= this.text.length) return this.text.length;
    let table = this.tables.get(key);
    if (!table) {
      table = new Int32Array(this.text.length + 1);
      table[this.text.length] = this.text.length;
      for (let j = this.text.length - 1; j >= 0; j--) {
        table[j] = hit(this.text.charCodeAt(j)) ? j : table[j + 1]!;
      }
      this.tables.set(key, table);
    }
    return table[i]!;
  }
}

/** JavaScript's `\s`, by code unit. */
export function isJsSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

export function unbracket(target: string): string {
  return target.startsWith("<") && target.endsWith(">") ? target.slice(1, -1).trim() : target;
}
