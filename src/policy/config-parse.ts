/**
 * Reading `.github/countersign.yml` (SPEC §2): YAML text → plain data →
 * validated `Config`, with every problem turned into a `ConfigError` a user
 * can act on: a dotted key path (`rules.0.require.approvals`, `ai.labell`), a
 * plain-words message and the line in the file that supplied the value.
 * Pure: the GitHub layer fetches the blobs.
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
import { z } from "zod";
import { type Config, configSchema } from "../model/config-schema.js";
import type { ConfigError } from "../model/decision.js";
import type { BlobFile } from "../model/snapshot.js";

export type RawConfig = Record<string, unknown>;
type PathSegment = PropertyKey;

interface ParsedYaml {
  doc: Document.Parsed;
  lines: LineCounter;
}

/** At most this many errors are listed per file; the rest are counted in one last line. */
export const MAX_ERRORS_PER_FILE = 50;

function parseYaml(text: string): ParsedYaml {
  const lines = new LineCounter();
  // prettyErrors adds line/column to each error (`linePos`), which we report.
  // yaml's own uniqueKeys check compares each key with every earlier one
  // (9 s for 32,000 keys); `duplicateKeyLines` does the same in linear time.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: false });
  return { doc, lines };
}

/** Each BlobFile is parsed once, however many times the loader, the locator and `lineOf` need it. */
const parsedFiles = new WeakMap<BlobFile, ParsedYaml>();

function yamlOf(file: BlobFile): ParsedYaml {
  let parsed = parsedFiles.get(file);
  if (!parsed) {
    parsed = parseYaml(file.text);
    parsedFiles.set(file, parsed);
  }
  return parsed;
}

/** The lines of keys repeated within one map (YAML forbids them), in document order. */
function duplicateKeyLines(parsed: ParsedYaml): number[] {
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

export function isPlainObject(value: unknown): value is RawConfig {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses one file into plain data. An empty (or comments-only) file is `{}`: all defaults. */
export function parseConfigFile(file: BlobFile): { raw: RawConfig | null; errors: ConfigError[] } {
  if (file.unreadable) return { raw: null, errors: [unreadableError(file, file.unreadable)] };
  const parsed = yamlOf(file);
  const { doc, lines } = parsed;
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((e) => syntaxError(file, e));
    return { raw: null, errors: capPerFile(errors) };
  }
  const duplicates = duplicateKeyLines(parsed);
  if (duplicates.length > 0) {
    const errors = duplicates.map((line) => ({
      file: file.source,
      path: "",
      line,
      message: "YAML syntax error: map keys must be unique (this key appears earlier in its map)",
    }));
    return { raw: null, errors: capPerFile(errors) };
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (e) {
    // An unresolved alias or an alias bomb only surfaces when converting.
    const message = file.redact
      ? "an alias is unresolved or used too often"
      : e instanceof Error
        ? e.message
        : String(e);
    return {
      raw: null,
      errors: [{ file: file.source, path: "", message: `YAML error: ${message}` }],
    };
  }
  if (value === null || value === undefined) return { raw: {}, errors: [] };
  if (!isPlainObject(value)) {
    const line = lineOfNode(lines, doc.contents);
    const got = file.redact ? "" : `, got ${describeValue(value)}`;
    const message = `the file must be a map of keys (mode:, ai:, rules:, …)${got}`;
    return { raw: null, errors: [{ file: file.source, path: "", line, message }] };
  }
  return { raw: value, errors: [] };
}

function unreadableError(file: BlobFile, why: NonNullable<BlobFile["unreadable"]>): ConfigError {
  const size = why.byteSize.toLocaleString("en-US");
  const message =
    why.why === "binary"
      ? `the file is not text (GitHub reports its ${size} bytes as binary), so it cannot be read as configuration`
      : `the file is larger than 512,000 bytes (${size} bytes): GitHub's API returns only the first 512,000, so Countersign cannot read it whole`;
  return { file: file.source, path: "", message };
}

interface YamlProblem {
  code: string;
  message: string;
  linePos?: [{ line: number; col: number }] | [{ line: number; col: number }, unknown];
}

function syntaxError(file: BlobFile, error: YamlProblem): ConfigError {
  const pos = error.linePos?.[0];
  const where = pos ? ` (column ${pos.col})` : "";
  return {
    file: file.source,
    path: "",
    line: pos?.line,
    message: `YAML syntax error: ${syntaxWhat(file, error)}${where}`,
  };
}

/**
 * What went wrong. With prettyErrors the message is "What went wrong at line
 * N, column M:\n\n<excerpt>"; some first lines quote the source too, so a
 * redacted file gets yaml's fixed error code in words instead.
 */
function syntaxWhat(file: BlobFile, error: YamlProblem): string {
  if (file.redact) return error.code.toLowerCase().replaceAll("_", " ");
  return (error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
}

/**
 * Validates merged plain data against the schema. `files` are the files the
 * data came from, most specific first (the repository's file, then the one it
 * extends): each error points at the first file holding its key path.
 */
export function validateConfig(
  raw: unknown,
  files: BlobFile[],
): { config: Config | null; errors: ConfigError[] } {
  const result = configSchema.safeParse(raw);
  if (result.success) return { config: result.data, errors: [] };
  const locator = new Locator(files);
  const errors = result.error.issues.flatMap((issue) => issueErrors(issue, raw, locator));
  // Messages (with their did-you-mean search) are written only for the errors listed.
  return { config: null, errors: capPerFile(sortErrors(errors, files)).map(written) };
}

/** An error whose message is written only if it is listed. */
type Pending = Omit<ConfigError, "message"> & { message?: string; explain: () => string };

function written(error: Pending | ConfigError): ConfigError {
  if (!("explain" in error)) return error;
  const { explain, ...rest } = error;
  return { ...rest, message: explain() };
}

/**
 * The first `MAX_ERRORS_PER_FILE` errors of each file, then one line saying
 * how many more: 32,000 unknown keys make a list nobody reads (and a check
 * output GitHub would cut anyway).
 */
export function capPerFile<T extends { file: string }>(errors: T[]): (T | ConfigError)[] {
  const byFile = new Map<string, T[]>();
  for (const error of errors) {
    const list = byFile.get(error.file) ?? [];
    list.push(error);
    byFile.set(error.file, list);
  }
  return [...byFile].flatMap(([file, list]) => {
    if (list.length <= MAX_ERRORS_PER_FILE) return list;
    const more = (list.length - MAX_ERRORS_PER_FILE).toLocaleString("en-US");
    const rest = { file, path: "", message: `and ${more} more errors in this file` };
    return [...list.slice(0, MAX_ERRORS_PER_FILE), rest];
  });
}

/** Top to bottom, file by file, so the list reads like the file. */
function sortErrors<T extends { file: string; line?: number }>(
  errors: T[],
  files: BlobFile[],
): T[] {
  const ranks = new Map(files.map((f, i) => [f.source, i] as const).reverse());
  const rank = (e: T) => ranks.get(e.file) ?? -1;
  return [...errors].sort((a, b) => rank(a) - rank(b) || (a.line ?? 0) - (b.line ?? 0));
}

type Issue = z.core.$ZodIssue;

function issueErrors(issue: Issue, raw: unknown, locator: Locator): Pending[] {
  if (issue.code === "unrecognized_keys") {
    const parent = dotted(issue.path);
    return issue.keys.map((key) => {
      const { file, redact, line } = locator.locate([...issue.path, key], "key");
      // A redacted file's key names are its contents: give the parent's path and the line.
      const path = redact ? parent : parent === "" ? key : `${parent}.${key}`;
      const explain = redact
        ? () => (line === undefined ? "unknown key" : `unknown key at line ${line}`)
        : () => unknownKeyMessage(key, knownKeys(issue.path));
      return pending(file, path, line, explain);
    });
  }
  const { file, redact, line } = locator.locate(issue.path, "value");
  const explain = () =>
    redact ? redactedMessage(issue) : issueMessage(issue, valueAt(raw, issue.path));
  return [pending(file, dotted(issue.path), line, explain)];
}

// One object per error, built once: a file may have tens of thousands.
function pending(
  file: string,
  path: string,
  line: number | undefined,
  explain: () => string,
): Pending {
  return line === undefined ? { file, path, explain } : { file, path, line, explain };
}

/** What the schema wanted, without the value found (SPEC §2: never quote a file reached through `_extends`). */
function redactedMessage(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}`;
    case "invalid_value":
      return `expected ${orList(issue.values.map(String))}`;
    case "invalid_union": {
      const schema = schemaAt(issue.path);
      const options = schema instanceof z.ZodUnion ? (schema.options as z.ZodType[]) : [];
      const choices = options.flatMap((o) => describeSchema(unwrap(o)));
      return choices.length > 0 ? `expected ${orList(choices)}` : "not an accepted value";
    }
    case "too_small":
    case "too_big":
      return boundMessage(issue);
    default:
      return "not an accepted value";
  }
}

function boundMessage(
  issue: Bound &
    (
      | { code: "too_small"; minimum: number | bigint }
      | { code: "too_big"; maximum: number | bigint }
    ),
): string {
  const small = issue.code === "too_small";
  const limit = Number(small ? issue.minimum : issue.maximum);
  const what = issue.origin === "array" ? " items" : issue.origin === "string" ? " characters" : "";
  const rel = small
    ? issue.inclusive === false
      ? "more than"
      : "at least"
    : issue.inclusive === false
      ? "less than"
      : "at most";
  return `must be ${rel} ${limit}${what}`;
}

export function dotted(path: readonly PathSegment[]): string {
  return path.map(String).join(".");
}

function valueAt(raw: unknown, path: readonly PathSegment[]): unknown {
  let cur = raw;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === "number") cur = cur[seg];
    else if (isPlainObject(cur) && Object.hasOwn(cur, seg)) cur = cur[seg as string];
    else return undefined;
  }
  return cur;
}

// ---------------------------------------------------------------- messages

function issueMessage(issue: Issue, value: unknown): string {
  switch (issue.code) {
    case "invalid_type":
      return typeMessage(issue.expected, value);
    case "invalid_value":
      return choiceMessage(issue.values.map(String), value);
    case "invalid_union":
      return unionMessage(issue.path, value);
    case "too_small":
      return tooSmallMessage(issue, value);
    case "too_big":
      return tooBigMessage(issue, value);
    case "invalid_format":
      return formatMessage(issue.message, value);
    default:
      return issue.message;
  }
}

const EXPECTED: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a map of keys",
};

function typeMessage(expected: string, value: unknown): string {
  const wanted = EXPECTED[expected] ?? expected;
  if (value === undefined) return `required: expected ${wanted}`;
  return `expected ${wanted}, got ${describeValue(value)}`;
}

/** How a value reads in a message: strings quoted, so `"2"` is visibly not `2`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (typeof value === "string")
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  return String(value);
}

function orList(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

function choiceMessage(choices: string[], value: unknown): string {
  const base = `expected ${orList(choices)}, got ${describeValue(value)}`;
  const hint = typeof value === "string" ? closest(value, choices) : undefined;
  return hint ? `${base} (did you mean ${hint}?)` : base;
}

function unionMessage(path: readonly PathSegment[], value: unknown): string {
  const schema = schemaAt(path);
  const options = schema instanceof z.ZodUnion ? (schema.options as z.ZodType[]) : [];
  const choices = options.flatMap((o) => describeSchema(unwrap(o)));
  if (choices.length === 0) return `not an accepted value: ${describeValue(value)}`;
  return choiceMessage(choices, value);
}

function describeSchema(schema: z.ZodType): string[] {
  if (schema instanceof z.ZodEnum) return schema.options.map(String);
  if (schema instanceof z.ZodArray) return ["a list"];
  if (schema instanceof z.ZodObject) return ["a map of keys"];
  if (schema instanceof z.ZodString) return ["a string"];
  if (schema instanceof z.ZodNumber) return ["a number"];
  if (schema instanceof z.ZodBoolean) return ["true or false"];
  return [];
}

type Bound = { origin: string; inclusive?: boolean };

function tooSmallMessage(issue: Bound & { minimum: number | bigint }, value: unknown): string {
  const min = Number(issue.minimum);
  if (issue.origin === "array") {
    return min === 1 ? "must not be an empty list" : `must have at least ${min} items`;
  }
  if (issue.origin === "string") {
    return min === 1 ? "must not be empty" : `must be at least ${min} characters long`;
  }
  const rel = issue.inclusive === false ? "greater than" : "at least";
  return `must be ${rel} ${min}, got ${describeValue(value)}`;
}

function tooBigMessage(issue: Bound & { maximum: number | bigint }, value: unknown): string {
  const max = Number(issue.maximum);
  if (issue.origin === "array") return `must have at most ${max} items`;
  if (issue.origin === "string") return `must be at most ${max} characters long`;
  const rel = issue.inclusive === false ? "less than" : "at most";
  return `must be ${rel} ${max}, got ${describeValue(value)}`;
}

function formatMessage(message: string, value: unknown): string {
  // zod's own wording starts "Invalid"; the schema's custom messages say what is expected.
  const what = message.startsWith("Invalid") ? "has the wrong format" : message;
  return `${what}, got ${describeValue(value)}`;
}

function unknownKeyMessage(key: string, known: string[]): string {
  const hint = closest(key, known);
  if (hint) return `unknown key (did you mean ${hint}?)`;
  if (known.length === 0) return "unknown key";
  return `unknown key (allowed here: ${known.join(", ")})`;
}

/**
 * The candidate within edit distance 2 (transpositions count 1), if any; never a wild guess for a short word.
 * Candidates are the schema's own keys or choices; a word whose length differs by more than 2 cannot be
 * within 2 edits, so a long word costs nothing (the distance is computed on schema-sized words only).
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    if (Math.abs(word.length - candidate.length) >= bestDistance) continue;
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance && d < Math.min(word.length, candidate.length)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("lable" → "label" is 1). */
export function editDistance(a: string, b: string): number {
  // Three rolling rows (the transposition looks two rows back): no matrix to allocate per pair.
  let before = new Int32Array(b.length + 1);
  let prev = Int32Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, before[j - 2]! + 1);
      }
      row[j] = d;
    }
    [before, prev, row] = [prev, row, before];
  }
  return prev[b.length]!;
}

// ---------------------------------------------------------------- schema walking

function unwrap(schema: z.ZodType): z.ZodType {
  let cur = schema;
  while (
    cur instanceof z.ZodDefault ||
    cur instanceof z.ZodPrefault ||
    cur instanceof z.ZodOptional ||
    cur instanceof z.ZodNullable
  ) {
    cur = cur.unwrap() as z.ZodType;
  }
  return cur;
}

/** The schema that validates the value at `path` (through defaults, optionals and unions). */
function schemaAt(path: readonly PathSegment[]): z.ZodType | undefined {
  let cur: z.ZodType | undefined = unwrap(configSchema);
  for (const seg of path) {
    if (cur instanceof z.ZodUnion) cur = pickOption(cur.options as z.ZodType[], seg);
    if (cur instanceof z.ZodObject) cur = (cur.shape as Record<string, z.ZodType>)[String(seg)];
    else if (cur instanceof z.ZodArray) cur = cur.element as z.ZodType;
    else return undefined;
    if (cur) cur = unwrap(cur);
  }
  return cur;
}

function pickOption(options: z.ZodType[], seg: PathSegment): z.ZodType | undefined {
  const wanted = typeof seg === "number" ? z.ZodArray : z.ZodObject;
  return options.map(unwrap).find((o) => o instanceof wanted);
}

function knownKeys(path: readonly PathSegment[]): string[] {
  const schema = schemaAt(path);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

// ---------------------------------------------------------------- lines

function lineOfNode(lines: LineCounter, node: unknown): number | undefined {
  const range = (node as Node | null)?.range;
  return range ? lines.linePos(range[0]).line : undefined;
}

/** Each map's pairs by key, built once: finding a key must not scan the map (32,000 keys, 32,000 look-ups). */
const mapIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairOf(map: YAMLMap, key: string): Pair | undefined {
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

interface Walk {
  depth: number;
  line: number | undefined;
}

/** Follows `path` through the YAML nodes as far as it goes; the line of the key or value reached. */
function walk(parsed: ParsedYaml, path: readonly PathSegment[], want: "key" | "value"): Walk {
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

interface Located {
  file: string;
  /** The file is one whose contents must not be quoted (`BlobFile.redact`). */
  redact: boolean;
  line: number | undefined;
}

class Locator {
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
