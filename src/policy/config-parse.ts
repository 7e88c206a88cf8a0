/**
 * Reading `.github/countersign.yml` (SPEC §2): YAML text → plain data →
 * validated `Config`, with every problem turned into a `ConfigError` a user
 * can act on: a dotted key path (`rules.0.require.approvals`, `ai.labell`), a
 * plain-words message and the line in the file that supplied the value.
 * Pure: the GitHub layer fetches the blobs.
 */
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { z } from "zod";
import { type Config, configSchema } from "./config-schema.js";
import type { ConfigError } from "./decision.js";
import type { BlobFile } from "./snapshot.js";

export type RawConfig = Record<string, unknown>;
type PathSegment = PropertyKey;

interface ParsedYaml {
  doc: Document.Parsed;
  lines: LineCounter;
}

function parseYaml(text: string): ParsedYaml {
  const lines = new LineCounter();
  // prettyErrors adds line/column to each error (`linePos`), which we report.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  return { doc, lines };
}

export function isPlainObject(value: unknown): value is RawConfig {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses one file into plain data. An empty (or comments-only) file is `{}`: all defaults. */
export function parseConfigFile(file: BlobFile): { raw: RawConfig | null; errors: ConfigError[] } {
  const { doc, lines } = parseYaml(file.text);
  if (doc.errors.length > 0) {
    return { raw: null, errors: doc.errors.map((e) => syntaxError(file, e)) };
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (e) {
    // An unresolved alias or an alias bomb only surfaces when converting.
    const message = e instanceof Error ? e.message : String(e);
    return {
      raw: null,
      errors: [{ file: file.source, path: "", message: `YAML error: ${message}` }],
    };
  }
  if (value === null || value === undefined) return { raw: {}, errors: [] };
  if (!isPlainObject(value)) {
    const line = lineOfNode(lines, doc.contents);
    const message = `the file must be a map of keys (mode:, ai:, rules:, …), got ${describeValue(value)}`;
    return { raw: null, errors: [{ file: file.source, path: "", line, message }] };
  }
  return { raw: value, errors: [] };
}

interface YamlProblem {
  message: string;
  linePos?: [{ line: number; col: number }] | [{ line: number; col: number }, unknown];
}

function syntaxError(file: BlobFile, error: YamlProblem): ConfigError {
  // With prettyErrors the message is "What went wrong at line N, column M:\n\n<excerpt>".
  const first = (error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
  const pos = error.linePos?.[0];
  const where = pos ? ` (column ${pos.col})` : "";
  return {
    file: file.source,
    path: "",
    line: pos?.line,
    message: `YAML syntax error: ${first}${where}`,
  };
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
  return { config: null, errors: sortErrors(errors, files) };
}

/** Top to bottom, file by file, so the list reads like the file. */
function sortErrors(errors: ConfigError[], files: BlobFile[]): ConfigError[] {
  const rank = (e: ConfigError) => files.findIndex((f) => f.source === e.file);
  return [...errors].sort((a, b) => rank(a) - rank(b) || (a.line ?? 0) - (b.line ?? 0));
}

type Issue = z.core.$ZodIssue;

function issueErrors(issue: Issue, raw: unknown, locator: Locator): ConfigError[] {
  if (issue.code === "unrecognized_keys") {
    const known = knownKeys(issue.path);
    return issue.keys.map((key) => {
      const path = [...issue.path, key];
      return {
        ...locator.locate(path, "key"),
        path: dotted(path),
        message: unknownKeyMessage(key, known),
      };
    });
  }
  const value = valueAt(raw, issue.path);
  const message = issueMessage(issue, value);
  return [{ ...locator.locate(issue.path, "value"), path: dotted(issue.path), message }];
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

/** The candidate within edit distance 2 (transpositions count 1), if any; never a wild guess for a short word. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
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
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i]!;
      row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
      }
    }
  }
  return d[a.length]![b.length]!;
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
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
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

class Locator {
  private readonly parsed: { file: BlobFile; yaml: ParsedYaml }[];

  constructor(files: BlobFile[]) {
    this.parsed = files.map((file) => ({ file, yaml: parseYaml(file.text) }));
  }

  /** The first file (most specific) holding the whole path; else the one reaching deepest into it. */
  locate(path: readonly PathSegment[], want: "key" | "value"): { file: string; line?: number } {
    let best: { file: string; depth: number; line: number | undefined } | undefined;
    for (const { file, yaml } of this.parsed) {
      const found = walk(yaml, path, want);
      if (!best || found.depth > best.depth) best = { file: file.source, ...found };
      if (found.depth === path.length) break;
    }
    if (!best) return { file: "" };
    return best.line === undefined ? { file: best.file } : { file: best.file, line: best.line };
  }
}

/** The line of the value (or key) at `path` in `file`, for errors raised outside the schema. */
export function lineOf(
  file: BlobFile,
  path: readonly PathSegment[],
  want: "key" | "value" = "value",
): number | undefined {
  const found = walk(parseYaml(file.text), path, want);
  return found.depth === path.length ? found.line : undefined;
}
