/**
 * Design-doc links in a PR body (SPEC §6), read as CommonMark reads them in
 * one linear pass: a `Design-Doc:` line, or Markdown links under a `Design
 * doc` heading; each classified as a repository path or a URL.
 */
import { markdownLinks, refLabel, unbracket } from "./markdown-links.js";
export interface DesignDocLink {
  /** The link as written. */
  raw: string;
  /** A path in this repository (relative link, or a github.com blob link to this repository). */
  path?: string;
  /** Any other absolute link. */
  url?: string;
}

export interface RepoName {
  owner: string;
  name: string;
}

export const KEY_LINE = /^\s{0,3}(?:[-*+]\s+)?design-doc\s*:\s*(.*)$/i;
/** An ATX heading's opening run; the text and closing run are cut by hand (a regex for them backtracks). */
export const HEADING_OPEN = /^\s{0,3}(#{1,6})(?:\s+|$)/;

export const SECTION_TITLE = /^design[\s-]*doc(?:s|ument|uments)?\s*:?$/i;

export const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

export const SETEXT_UNDERLINE = /^\s{0,3}(=+|-+)\s*$/;
/** Lines that open a list item, a quote or a table row: never a setext heading's text. */
export const NOT_PARAGRAPH = /^\s{0,3}(?:[-*+>|]|\d{1,9}[.)])(?:\s|$)/;
// Link labels hold no unescaped bracket (CommonMark), which also keeps each
// scan from running past the next `[`: linear however many `[` a body has.

export const REF_DEFINITION = /^\s{0,3}\[([^[\]]+)\]:\s*(<[^>]*>|\S+)/;

export function extractDesignDocLinks(body: string, repo: RepoName): DesignDocLink[] {
  const lines = proseLines(body);
  const defs = referenceDefinitions(lines);
  const raws: string[] = [];
  let sectionLevel = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = headingAt(lines, i);
    if (heading) {
      if (sectionLevel > 0 && heading.level <= sectionLevel) sectionLevel = 0;
      if (SECTION_TITLE.test(heading.text)) sectionLevel = heading.level;
      if (heading.setext) i++; // its underline
      continue;
    }
    const keyed = KEY_LINE.exec(line);
    // Pushed one by one: a spread of a line's links overflows the stack past ~100,000.
    const found = keyed
      ? keyLineLink(keyed[1]!, defs)
      : sectionLevel > 0
        ? markdownLinks(line, defs)
        : [];
    for (const raw of found) raws.push(raw);
  }
  const seen = new Set<string>();
  return raws
    .flatMap((raw) => classify(raw, repo))
    .filter((link) => {
      // `./a.md` and `a.md` name one file: check it once.
      const key = link.path !== undefined ? `path:${link.path}` : `url:${link.url}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/**
 * Lines outside fenced code blocks and HTML comments: PR templates often
 * carry an example `Design-Doc:` line inside `<!-- -->`, which GitHub does
 * not render and which nobody meant as a link.
 */
export function proseLines(body: string): string[] {
  const lines = body.replace(/<!--[\s\S]*?(?:-->|$)/g, "").split(/\r?\n/);
  const prose: string[] = [];
  let fence: string | null = null;
  for (const line of lines) {
    const marker = FENCE.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
    } else if (marker) fence = marker;
    else prose.push(line);
  }
  return prose;
}

export interface Heading {
  level: number;
  text: string;
  /** Underlined with `===` or `---` on the next line. */
  setext: boolean;
}

/**
 * The heading at line `i`: `## Design doc`, or a setext heading (a one-line
 * paragraph underlined with `===` for level 1 or `---` for level 2), which
 * Markdown renders just the same, so "any heading level" includes it.
 */
export function headingAt(lines: string[], i: number): Heading | null {
  const line = lines[i]!;
  const atx = atxHeading(line);
  if (atx) return atx;
  const under = SETEXT_UNDERLINE.exec(lines[i + 1] ?? "");
  if (!under || !startsParagraph(lines, i) || KEY_LINE.test(line)) return null;
  return { level: under[1]!.startsWith("=") ? 1 : 2, text: line.trim(), setext: true };
}

/** Prose that opens a paragraph (so a `---` under it underlines it rather than breaking the page). */
export function startsParagraph(lines: string[], i: number): boolean {
  const line = lines[i]!;
  if (line.trim() === "" || /^\s{4}/.test(line) || NOT_PARAGRAPH.test(line)) return false;
  const previous = lines[i - 1];
  return previous === undefined || previous.trim() === "" || atxHeading(previous) !== null;
}

/** `## Title ##`: level and text, the optional closing run of `#` removed (CommonMark 4.2). */
export function atxHeading(line: string): Heading | null {
  const open = HEADING_OPEN.exec(line);
  if (!open) return null;
  let text = line.slice(open[0].length).trimEnd();
  const hashes = text.length - text.replace(/#+$/, "").length;
  const before = text[text.length - hashes - 1];
  if (hashes > 0 && (before === undefined || /\s/.test(before))) text = text.slice(0, -hashes);
  return { level: open[1]!.length, text: text.trim(), setext: false };
}

/**
 * `[label]: target` definitions, which reference-style links (`[text][label]`,
 * `[label][]`, `[label]`) point at from anywhere in the body. Labels compare
 * case-insensitively with whitespace collapsed; the first definition wins.
 */
export function referenceDefinitions(lines: string[]): Map<string, string> {
  const defs = new Map<string, string>();
  for (const line of lines) {
    const m = REF_DEFINITION.exec(line);
    if (m && !defs.has(refLabel(m[1]!))) defs.set(refLabel(m[1]!), unbracket(m[2]!));
  }
  return defs;
}

/** `Design-Doc: <link>`, `Design-Doc: [text](link)` or `Design-Doc: link`. */
export function keyLineLink(value: string, defs: Map<string, string>): string[] {
  const links = markdownLinks(value, defs);
  if (links.length > 0) return links.slice(0, 1);
  const trimmed = value.trim();
  const bracketed = /^<([^>]+)>/.exec(trimmed)?.[1]?.trim();
  const token = bracketed ?? trimmed.split(/\s+/)[0] ?? "";
  return token ? [token] : [];
}

export const GITHUB_BLOB =
  /^https?:\/\/(?:www\.)?github\.com\/([^/]+)\/([^/]+)\/blob\/[^/]+\/(.+)$/i;

/** A repository path for relative links and github.com blob links to this repository; else a URL. */
export function classify(raw: string, repo: RepoName): DesignDocLink[] {
  if (raw.startsWith("#")) return [];
  const bare = withoutQuery(raw);
  if (/^[a-z][a-z0-9+.-]*:/i.test(raw)) {
    const blob = GITHUB_BLOB.exec(bare);
    const sameRepo =
      blob &&
      sameName(blob[1]!, repo.owner) &&
      sameName(blob[2]!.replace(/\.git$/i, ""), repo.name);
    return sameRepo ? [{ raw, path: repoPath(blob[3]!) }] : [{ raw, url: raw }];
  }
  const path = repoPath(bare);
  return path ? [{ raw, path }] : [];
}

export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function withoutQuery(link: string): string {
  return link.replace(/[?#].*$/, "");
}

/** The decoded path without leading `./` and `/` (cut once: a loop of `replace` was quadratic). */
export function repoPath(link: string): string {
  const path = safeDecode(link);
  let i = 0;
  for (;;) {
    if (path.startsWith("./", i)) i += 2;
    else if (path[i] === "/") i++;
    else return path.slice(i);
  }
}

export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
