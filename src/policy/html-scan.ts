/**
 * How a browser's HTML parser sees raw HTML in a comment, just enough to
 * know which text it hides: inside `<!-- … -->`, inside a tag (`<span
 * title="…">` may span lines), inside `<!…>` / `<?…>`. Text is fed in
 * document order, line by line (code blocks left out: GitHub escapes them);
 * the state carries across lines. Linear: every character is looked at once.
 */

type State = "text" | "comment" | "tag" | "single" | "double" | "declaration";

export class HtmlScanner {
  private state: State = "text";
  /**
   * Raw HTML was left open at the end of a block: GitHub passes it through,
   * and the browser's parser keeps reading everything after it as part of
   * the comment or tag. The rest of the page is hidden.
   */
  poisoned = false;

  /** True when the next character would be shown as text. */
  get inText(): boolean {
    return this.state === "text" && !this.poisoned;
  }

  scan(line: string): void {
    let i = 0;
    while (i < line.length && !this.poisoned) i = this.step(line, i);
  }

  /**
   * A block ended with something still open. In a paragraph, CommonMark
   * escapes a tag it never saw closed, so it was plain text after all. A
   * comment, or anything in a raw HTML block, stays open in the page: from
   * here on nothing is shown. (A paragraph's unclosed `<!--` is escaped too;
   * it is still treated as hiding the rest, since a raw-HTML `<!--` cannot
   * be told from it without rendering, and refusing a command is safe.)
   */
  endBlock(paragraph: boolean): void {
    if (this.state === "text") return;
    if (paragraph && this.state !== "comment") this.state = "text";
    else this.poisoned = true;
  }

  /** Consumes from `i` to the next state change (or the end); returns where it stopped. */
  private step(s: string, i: number): number {
    switch (this.state) {
      case "text":
        return this.fromText(s, i);
      case "comment":
        return this.until(s, i, "-->", "text");
      case "single":
        return this.until(s, i, "'", "tag");
      case "double":
        return this.until(s, i, '"', "tag");
      case "declaration":
        return this.until(s, i, ">", "text");
      case "tag":
        return this.inTag(s, i);
    }
  }

  private until(s: string, i: number, end: string, next: State): number {
    const at = s.indexOf(end, i);
    if (at === -1) return s.length;
    this.state = next;
    return at + end.length;
  }

  /** `<!--` opens a comment (`<!-->` closes at once), `<` + letter or `</` + letter a tag, `<!` / `<?` a declaration. */
  private fromText(s: string, i: number): number {
    const lt = s.indexOf("<", i);
    if (lt === -1) return s.length;
    if (s.startsWith("<!--", lt)) {
      this.state = "comment";
      return lt + 2; // `<!-->`: the `-->` may overlap the opening
    }
    const next = s[lt + 1] ?? "";
    const after = s[lt + 2] ?? "";
    if (isLetter(next) || (next === "/" && isLetter(after))) this.state = "tag";
    else if (next === "!" || next === "?") this.state = "declaration";
    return lt + 1;
  }

  /** Inside a tag: a quote opens an attribute value (which may hold `>`), `>` ends the tag. */
  private inTag(s: string, i: number): number {
    for (let j = i; j < s.length; j++) {
      const ch = s[j];
      if (ch === ">") this.state = "text";
      else if (ch === "'") this.state = "single";
      else if (ch === '"') this.state = "double";
      else continue;
      return j + 1;
    }
    return s.length;
  }
}

function isLetter(ch: string): boolean {
  return /^[A-Za-z]$/.test(ch);
}
