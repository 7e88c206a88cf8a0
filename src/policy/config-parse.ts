import { type Document, visit } from "yaml";
import { z } from "zod";
import { type Config, configSchema } from "../model/config-schema.js";
import type { ConfigError } from "../model/decision.js";
import type { BlobFile } from "../model/snapshot.js";
import {
  type Bound,
  describeSchema,
  describeValue,
  EXPECTED,
  type Issue,
  issueMessage,
  knownKeys,
  orList,
  type PathSegment,
  schemaAt,
  unknownKeyMessage,
  unwrap,
} from "./config-messages.js";
import { duplicateKeyLines, Locator, lineOfNode, yamlOf } from "./config-yaml.js";

export type RawConfig = Record<string, unknown>;

/** At most this many errors are listed per file; the rest are counted in one last line. */
export const MAX_ERRORS_PER_FILE = 50;

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
  const aliases = aliasProblem(doc);
  if (aliases) {
    return {
      raw: null,
      errors: [{ file: file.source, path: "", message: `YAML error: ${aliases}` }],
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
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

/** A policy file needs few YAML aliases (`*name`); more is an expansion attack, not a policy. */
export const MAX_YAML_ALIASES = 100;

/**
 * Aliases are checked before conversion, in one linear walk: converting an
 * alias that refers to its own ancestor (`a: &a [*a, *a]`) takes seconds to
 * minutes in the yaml library, and its own alias limit does not stop it.
 */
function aliasProblem(doc: Document.Parsed): string | null {
  let count = 0;
  let problem: string | null = null;
  visit(doc, {
    Alias(_key, node, path) {
      count += 1;
      if (count > MAX_YAML_ALIASES) {
        problem = `more than ${MAX_YAML_ALIASES} aliases (*name)`;
        return visit.BREAK;
      }
      if (path.some((p) => (p as { anchor?: string }).anchor === node.source)) {
        problem = "an alias refers to a value that contains it";
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return problem;
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
