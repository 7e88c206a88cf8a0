/**
 * Owner lookup: "the last matching pattern takes the most precedence"
 * (GitHub's CODEOWNERS documentation). A naive reverse scan tests every rule
 * for every path; on a 5,000-line file and a 3,000-file PR that is millions
 * of tests. Instead each rule is filed under ONE index key that every path it
 * can match must exhibit, so a path consults only the few rules that could
 * match it:
 *
 * 1. a trie of leading literal segments, for rules anchored at the root
 *    (`/apps/web/`, `src/*.ts`, `docs/**`): a path visits only the nodes along
 *    its own leading segments;
 * 2. otherwise a literal segment found anywhere in the rule (`**\/migrations/`,
 *    `fixtures`): the path must contain that segment;
 * 3. otherwise a file extension (`*.md`, `**\/*.test.ts`): some segment of
 *    the path must end with it;
 * 4. otherwise (`*`, `/**`, `*-lock*`) a fallback list every path consults.
 *
 * Every list is kept in descending line order and the candidate lists are
 * merged by line, so the first candidate that matches is the last matching
 * line of the file: last-match-wins holds across the index.
 */
import { BoundedCache } from "../shared/bounded-cache.js";
import { parseCodeowners } from "./parse.js";
import {
  type CompiledPattern,
  compileCodeownersPattern,
  type Element,
  SplitPath,
} from "./pattern.js";
import type { Codeowners, OwnerRule } from "./types.js";

/**
 * One rule in the index. Its pattern compiles on first use: a PR touches a
 * few directories of a 5,000-line file, and building every pattern up front
 * was most of a cold parse.
 */
class Entry {
  private compiled: CompiledPattern | null;
  constructor(
    /** Position in the file's rules: the precedence. */
    readonly order: number,
    readonly rule: OwnerRule,
    compiled: CompiledPattern | null = null,
  ) {
    this.compiled = compiled;
  }

  test(path: SplitPath): boolean {
    this.compiled ??= compileCodeownersPattern(this.rule.pattern);
    return this.compiled.test(path);
  }
}

/** Children and entries are created on demand: a big file has thousands of nodes. */
class TrieNode {
  children: Map<string, TrieNode> | null = null;
  entries: Entry[] | null = null;
}

type IndexKey =
  | { kind: "trie"; names: string[] }
  | { kind: "segment"; name: string }
  | { kind: "extension"; ext: string }
  | { kind: "fallback" };

export class OwnersMatcher {
  private readonly trie = new TrieNode();
  private readonly bySegment = new Map<string, Entry[]>();
  private readonly byExtension = new Map<string, Entry[]>();
  private readonly fallback: Entry[] = [];

  constructor(readonly file: Codeowners) {
    // Inserted from the last rule to the first, so every list is already in
    // descending order: the order the merge in `match` needs.
    for (let order = file.rules.length - 1; order >= 0; order--) {
      const rule = file.rules[order]!;
      const plain = plainKey(rule.pattern);
      if (plain === null) continue; // `/` alone: never matches anything
      if (plain !== undefined) this.add(new Entry(order, rule), plain);
      else {
        const compiled = compileCodeownersPattern(rule.pattern);
        this.add(new Entry(order, rule, compiled), indexKey(compiled.elements));
      }
    }
  }

  /** The rule that decides `path`'s owners (its owners may be empty: unowned), or null when no line matches. */
  match(path: string): OwnerRule | null {
    const split = new SplitPath(path);
    return firstMatch(this.candidates(split.segments), split);
  }

  private add(entry: Entry, key: IndexKey): void {
    if (key.kind === "trie") {
      const node = this.trieNode(key.names);
      node.entries ??= [];
      node.entries.push(entry);
    } else if (key.kind === "segment") bucket(this.bySegment, key.name).push(entry);
    else if (key.kind === "extension") bucket(this.byExtension, key.ext).push(entry);
    else this.fallback.push(entry);
  }

  private trieNode(names: string[]): TrieNode {
    let node = this.trie;
    for (const name of names) {
      node.children ??= new Map();
      let child = node.children.get(name);
      if (!child) {
        child = new TrieNode();
        node.children.set(name, child);
      }
      node = child;
    }
    return node;
  }

  /** The lists of rules that could match a path with these segments. */
  private candidates(segments: string[]): Entry[][] {
    const lists: Entry[][] = [];
    let node: TrieNode | undefined = this.trie;
    for (const segment of segments) {
      node = node.children?.get(segment);
      if (!node) break;
      if (node.entries) lists.push(node.entries);
    }
    segments.forEach((segment, i) => {
      if (segments.indexOf(segment) !== i) return; // each distinct segment once
      const bySegment = this.bySegment.get(segment);
      if (bySegment) lists.push(bySegment);
      const ext = extensionOf(segment);
      const byExt = ext === null ? undefined : this.byExtension.get(ext);
      if (byExt && !lists.includes(byExt)) lists.push(byExt);
    });
    if (this.fallback.length > 0) lists.push(this.fallback);
    return lists;
  }
}

/** Merges descending lists by rule order and returns the first (= last in the file) rule that matches. */
function firstMatch(lists: Entry[][], path: SplitPath): OwnerRule | null {
  const heads = new Array<number>(lists.length).fill(0);
  for (;;) {
    let best = -1;
    let bestOrder = -1;
    for (let l = 0; l < lists.length; l++) {
      const entry = lists[l]![heads[l]!];
      if (entry && entry.order > bestOrder) {
        best = l;
        bestOrder = entry.order;
      }
    }
    if (best === -1) return null;
    const entry = lists[best]![heads[best]!++]!;
    if (entry.test(path)) return entry.rule;
  }
}

function bucket(map: Map<string, Entry[]>, key: string): Entry[] {
  let list = map.get(key);
  if (!list) {
    list = [];
    map.set(key, list);
  }
  return list;
}

/** Text after the last `.` of a segment (`a.test.ts` → `ts`), or null without one. */
function extensionOf(segment: string): string | null {
  const dot = segment.lastIndexOf(".");
  return dot === -1 ? null : segment.slice(dot + 1);
}

/**
 * The index key of a pattern without `*`, `?` or `\\` (most lines), read off
 * the text with the same rules as `buildElements`: anchored (a leading or
 * inner `/`), its segments lead the trie; floating (`docs`, `docs/`), its one
 * segment must appear in the path. Null when the pattern is `/` alone (it
 * matches nothing), undefined when the pattern needs compiling to tell.
 */
function plainKey(pattern: string): IndexKey | null | undefined {
  if (/[*?\\]/.test(pattern)) return undefined;
  const segments = pattern.split("/");
  const rooted = segments.length > 1 && segments[0] === "";
  if (rooted) segments.shift();
  if (segments.length > 1 && segments[segments.length - 1] === "") segments.pop();
  if (segments.length === 0 || (segments.length === 1 && segments[0] === "")) return null;
  if (rooted || segments.length > 1) return { kind: "trie", names: segments };
  return { kind: "segment", name: segments[0]! };
}

/**
 * The key every matching path must exhibit. Each `seg` element consumes
 * exactly one path segment, so a literal element must equal some segment,
 * and a `*.ext` element must match a segment with that extension.
 */
function indexKey(elements: readonly Element[]): IndexKey {
  const names: string[] = [];
  for (const e of elements) {
    if (e.kind !== "literal") break;
    names.push(e.name);
  }
  if (names.length > 0) return { kind: "trie", names };
  // The longest literal name is usually the rarest, hence the shortest list.
  let longest: string | null = null;
  let ext: string | null = null;
  for (const e of elements) {
    if (e.kind === "literal" && e.name.length > (longest?.length ?? -1)) longest = e.name;
    if (e.kind === "glob" && ext === null && e.suffix?.includes(".")) ext = extensionOf(e.suffix);
  }
  if (longest !== null) return { kind: "segment", name: longest };
  if (ext !== null) return { kind: "extension", ext };
  return { kind: "fallback" };
}

// ---------------------------------------------------------------------------
// One matcher per CODEOWNERS blob: a blob's oid names its content, so the
// patterns compile once however many PRs and events read the same file.

const cache = new BoundedCache<{ matcher: OwnersMatcher; file: Codeowners }>(100, 60 * 60_000);

export function matcherFor(blob: { oid: string; text: string }): {
  matcher: OwnersMatcher;
  file: Codeowners;
} {
  const hit = cache.get(blob.oid);
  if (hit) return hit;
  const file = parseCodeowners(blob.text);
  const entry = { matcher: new OwnersMatcher(file), file };
  cache.set(blob.oid, entry);
  return entry;
}
