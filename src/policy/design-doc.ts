/**
 * The design-doc requirement (SPEC §6): find the links in the PR body, then
 * accept the first one that is a repository file under `design_doc.paths`
 * that exists, or a URL under `design_doc.urls`.
 *
 * `extractDesignDocLinks` is also called by the GitHub layer before the
 * snapshot query, to know which paths to ask for: it must stay pure and
 * deterministic.
 */
import type { Config } from "../model/config-schema.js";
import type { DesignDocResult } from "../model/decision.js";
import type { Snapshot } from "../model/snapshot.js";
import { pathMatcher, urlMatches } from "./globs.js";

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

const KEY_LINE = /^\s{0,3}(?:[-*+]\s+)?design-doc\s*:\s*(.*)$/i;
/** An ATX heading's opening run; the text and closing run are cut by hand (a regex for them backtracks). */
const HEADING_OPEN = /^\s{0,3}(#{1,6})(?:\s+|$)/;
const SECTION_TITLE = /^design[\s-]*doc(?:s|ument|uments)?\s*:?$/i;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const SETEXT_UNDERLINE = /^\s{0,3}(=+|-+)\s*$/;
/** Lines that open a list item, a quote or a table row: never a setext heading's text. */
const NOT_PARAGRAPH = /^\s{0,3}(?:[-*+>|]|\d{1,9}[.)])(?:\s|$)/;
// Link labels hold no unescaped bracket (CommonMark), which also keeps each
// scan from running past the next `[`: linear however many `[` a body has.
const REF_DEFINITION = /^\s{0,3}\[([^[\]]+)\]:\s*(<[^>]*>|\S+)/;
const REF_LINK = /(!?)\[([^[\]]*)\](?:\[([^[\]]*)\])?/g;
/** An autolink holds no `<` (CommonMark), so a flood of `<http://` is scanned once. */
const AUTOLINK = /<((?:https?|ftp):\/\/[^<>\s]+)>/gi;
const BARE_URL = /\bhttps?:\/\/[^\s<>()]+[^\s<>().,;:!?'"]/gi;

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
function proseLines(body: string): string[] {
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

interface Heading {
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
function headingAt(lines: string[], i: number): Heading | null {
  const line = lines[i]!;
  const atx = atxHeading(line);
  if (atx) return atx;
  const under = SETEXT_UNDERLINE.exec(lines[i + 1] ?? "");
  if (!under || !startsParagraph(lines, i) || KEY_LINE.test(line)) return null;
  return { level: under[1]!.startsWith("=") ? 1 : 2, text: line.trim(), setext: true };
}

/** Prose that opens a paragraph (so a `---` under it underlines it rather than breaking the page). */
function startsParagraph(lines: string[], i: number): boolean {
  const line = lines[i]!;
  if (line.trim() === "" || /^\s{4}/.test(line) || NOT_PARAGRAPH.test(line)) return false;
  const previous = lines[i - 1];
  return previous === undefined || previous.trim() === "" || atxHeading(previous) !== null;
}

/** `## Title ##`: level and text, the optional closing run of `#` removed (CommonMark 4.2). */
function atxHeading(line: string): Heading | null {
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
function referenceDefinitions(lines: string[]): Map<string, string> {
  const defs = new Map<string, string>();
  for (const line of lines) {
    const m = REF_DEFINITION.exec(line);
    if (m && !defs.has(refLabel(m[1]!))) defs.set(refLabel(m[1]!), unbracket(m[2]!));
  }
  return defs;
}

function refLabel(text: string): string {
  return text.trim().replace(/\s+/g, " ").toLowerCase();
}

/** `Design-Doc: <link>`, `Design-Doc: [text](link)` or `Design-Doc: link`. */
function keyLineLink(value: string, defs: Map<string, string>): string[] {
  const links = markdownLinks(value, defs);
  if (links.length > 0) return links.slice(0, 1);
  const trimmed = value.trim();
  const bracketed = /^<([^>]+)>/.exec(trimmed)?.[1]?.trim();
  const token = bracketed ?? trimmed.split(/\s+/)[0] ?? "";
  return token ? [token] : [];
}

function markdownLinks(text: string, defs: Map<string, string>): string[] {
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
function replaceInlineLinks(text: string, links: string[]): string {
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
function labelEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === "]") return i;
    if (text[i] === "[") return -1;
  }
  return -1;
}

interface InlineTarget {
  target: string;
  /** Index just past the closing `)`. */
  end: number;
}

/** `(target "title")` at `at`, as the former regex read it: `<…>` first, else a run without `)` or spaces. */
function inlineTarget(text: string, at: number, next: NextIndex): InlineTarget | null {
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
function titleAndClose(text: string, at: number, next: NextIndex): number {
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
class NextIndex {
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
function isJsSpace(c: number): boolean {
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

function unbracket(target: string): string {
  return target.startsWith("<") && target.endsWith(">") ? target.slice(1, -1).trim() : target;
}

const GITHUB_BLOB = /^https?:\/\/(?:www\.)?github\.com\/([^/]+)\/([^/]+)\/blob\/[^/]+\/(.+)$/i;

/** A repository path for relative links and github.com blob links to this repository; else a URL. */
function classify(raw: string, repo: RepoName): DesignDocLink[] {
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

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function withoutQuery(link: string): string {
  return link.replace(/[?#].*$/, "");
}

/** The decoded path without leading `./` and `/` (cut once: a loop of `replace` was quadratic). */
function repoPath(link: string): string {
  const path = safeDecode(link);
  let i = 0;
  for (;;) {
    if (path.startsWith("./", i)) i += 2;
    else if (path[i] === "/") i++;
    else return path.slice(i);
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

type LinkOutcome = { ok: true } | { ok: false; reason: string };

export function evaluateDesignDoc(snapshot: Snapshot, config: Config): DesignDocResult {
  const links = extractDesignDocLinks(snapshot.pullRequest.body, snapshot.repository);
  if (links.length === 0) {
    return {
      kind: "design_doc",
      met: false,
      problems: [],
      // Plain words: the renderer escapes this, and says how to link one in its own steps.
      missing: "no design doc linked in the PR description",
    };
  }
  const check = linkChecker(snapshot, config);
  let accepted: string | undefined;
  const problems: DesignDocResult["problems"] = [];
  for (const link of links) {
    const outcome = check(link);
    if (outcome.ok && accepted === undefined) accepted = link.path ?? link.raw;
    else if (!outcome.ok) problems.push({ link: link.raw, reason: outcome.reason });
  }
  const result: DesignDocResult = { kind: "design_doc", met: accepted !== undefined, problems };
  if (accepted !== undefined) result.accepted = accepted;
  return result;
}

function linkChecker(snapshot: Snapshot, config: Config): (link: DesignDocLink) => LinkOutcome {
  const { paths, urls } = config.design_doc;
  const underPaths = pathMatcher(paths);
  const base = snapshot.pullRequest.baseRef;
  return (link) => {
    if (link.path !== undefined) {
      // Shown beside the link: name the path only where the link spells it otherwise
      // (`./a.md`, a github.com blob URL), never "docs/x.md: docs/x.md does not exist".
      const spelled = link.raw === link.path;
      if (!underPaths(link.path)) {
        const subject = spelled ? "" : `${link.path} is `;
        return {
          ok: false,
          reason: `${subject}not under design_doc.paths (${paths.join(", ")})`,
        };
      }
      // A path the snapshot did not look up is treated as missing: never assume a file exists.
      if (snapshot.designDocFiles[link.path] !== true) {
        return {
          ok: false,
          reason: `${spelled ? "" : `${link.path} `}does not exist on ${base} or in this PR`,
        };
      }
      return { ok: true };
    }
    const url = withoutQuery(link.url ?? link.raw);
    if (urls.length === 0)
      return { ok: false, reason: "not a repository file, and design_doc.urls is empty" };
    if (!urls.some((glob) => urlMatches(glob, url))) {
      return { ok: false, reason: `not under design_doc.urls (${urls.join(", ")})` };
    }
    return { ok: true };
  };
}
