/**
 * A policy file's YAML, parsed once per file object, and the line of any key
 * path in it (for errors that name their line): map keys indexed, so a file
 * of thousands of keys is located in linear time.
 */

import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseDocument,
  visit,
  type YAMLMap,
} from "yaml";
import type { BlobFile } from "../model/snapshot.js";
import { BoundedCache } from "../shared/bounded-cache.js";
import type { PathSegment } from "./config-messages.js";

export interface ParsedYaml {
  doc: Document.Parsed;
  lines: LineCounter;
}

export function parseYaml(text: string): ParsedYaml {
  const lines = new LineCounter();
  // prettyErrors adds line/column to each error (`linePos`), which we report.
  // yaml's own uniqueKeys check compares each key with every earlier one
  // (9 s for 32,000 keys); `duplicateKeyLines` does the same in linear time.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: false });
  return { doc, lines };
}

/** Each BlobFile is parsed once, however many times the loader, the locator and `lineOf` need it. */
export const parsedFiles = new WeakMap<BlobFile, ParsedYaml>();

/**
 * And each policy text once across evaluations: an organisation's few policy
 * files are read on every evaluation, and parsing them was the largest part
 * of an ordinary evaluation's main-thread time. The parsed document is only
 * ever read. Only small, clean texts are shared: a parsed document retains
 * 50–300× its text (a 64 KB file of indentation errors held 19 MB), and a
 * PR's own file is new text on every push, so a hostile one must not pin
 * memory: at most 64 × 8 KB of text, ~1 MB parsed each.
 */
const sharedParses = new BoundedCache<ParsedYaml>(64, 10 * 60_000);
const MAX_SHARED_TEXT = 8 * 1024;

export function yamlOf(file: BlobFile): ParsedYaml {
  let parsed = parsedFiles.get(file);
  if (!parsed) {
    const shareable = file.text.length <= MAX_SHARED_TEXT;
    parsed = (shareable ? sharedParses.get(file.text) : undefined) ?? parseYaml(file.text);
    const clean = parsed.doc.errors.length === 0 && parsed.doc.warnings.length === 0;
    if (shareable && clean) sharedParses.set(file.text, parsed);
    parsedFiles.set(file, parsed);
  }
  return parsed;
}

/** The lines of keys repeated within one map (YAML forbids them), in document order. */
export function duplicateKeyLines(parsed: ParsedYaml): number[] {
  const found: number[] = [];
  visit(parsed.doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (seen.has(key)) found.push(lineOfNode(parsed.lines, pair.key) ?? 0);
        else seen.add(key);
      }
    },
  });
  return found;
}

// ---------------------------------------------------------------- lines

export function lineOfNode(lines: LineCounter, node: unknown): number | undefined {
  const range = (node as Node | null)?.range;
  return range ? lines.linePos(range[0]).line : undefined;
}

/** Each map's pairs by key, built once: finding a key must not scan the map (32,000 keys, 32,000 look-ups). */
export const mapIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

export function pairOf(map: YAMLMap, key: string): Pair | undefined {
  let index = mapIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (k !== undefined && !index.has(k)) index.set(k, pair);
    }
    mapIndexes.set(map, index);
  }
  return index.get(key);
}

export interface Walk {
  depth: number;
  line: number | undefined;
}

/** Follows `path` through the YAML nodes as far as it goes; the line of the key or value reached. */
export function walk(
  parsed: ParsedYaml,
  path: readonly PathSegment[],
  want: "key" | "value",
): Walk {
  let node: unknown = parsed.doc.contents;
  let line = lineOfNode(parsed.lines, node);
  let depth = 0;
  for (const seg of path) {
    let keyNode: unknown;
    if (isMap(node)) {
      const pair = pairOf(node, String(seg));
      if (!pair) break;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === "number" && seg < node.items.length) {
      keyNode = node.items[seg];
      node = keyNode;
    } else break;
    depth++;
    const keyLine = lineOfNode(parsed.lines, keyNode);
    // An empty value (`approvals:`) has no node: point at its key.
    line =
      want === "key" && depth === path.length
        ? keyLine
        : (lineOfNode(parsed.lines, node) ?? keyLine);
  }
  return { depth, line };
}

export interface Located {
  file: string;
  /** The file is one whose contents must not be quoted (`BlobFile.redact`). */
  redact: boolean;
  line: number | undefined;
}

export class Locator {
  private readonly anyRedacted: boolean;

  constructor(private readonly files: BlobFile[]) {
    this.anyRedacted = files.some((f) => f.redact);
  }

  /**
   * The first file (most specific) holding the whole path; else the one
   * reaching deepest into it. When no file holds the whole path (a YAML
   * alias, an empty value) the data may have come from a redacted file even
   * if a quotable one reaches as deep: the error is then redacted too.
   */
  locate(path: readonly PathSegment[], want: "key" | "value"): Located {
    let best: (Walk & { file: BlobFile }) | undefined;
    for (const file of this.files) {
      const found = walk(yamlOf(file), path, want);
      if (!best || found.depth > best.depth) best = { file, ...found };
      if (found.depth === path.length) break;
    }
    if (!best) return { file: "", redact: this.anyRedacted, line: undefined };
    const unsure = best.depth < path.length && this.anyRedacted;
    return { file: best.file.source, redact: best.file.redact === true || unsure, line: best.line };
  }
}

/** The line of the value (or key) at `path` in `file`, for errors raised outside the schema. */
export function lineOf(
  file: BlobFile,
  path: readonly PathSegment[],
  want: "key" | "value" = "value",
): number | undefined {
  const found = walk(yamlOf(file), path, want);
  return found.depth === path.length ? found.line : undefined;
}
