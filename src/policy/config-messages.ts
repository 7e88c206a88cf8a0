/**
 * What a configuration error says (SPEC §2): one plain sentence per zod
 * issue — the expected type, choices or bounds — with a did-you-mean for
 * unknown keys (bounded: no edit distance over long keys), and the schema
 * walked by key path to know what was expected.
 */
import { z } from "zod";
import { configSchema } from "../model/config-schema.js";

export type PathSegment = PropertyKey;

export type Issue = z.core.$ZodIssue;

// ---------------------------------------------------------------- messages

export function issueMessage(issue: Issue, value: unknown): string {
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

export const EXPECTED: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a map of keys",
};

export function typeMessage(expected: string, value: unknown): string {
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

export function orList(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

export function choiceMessage(choices: string[], value: unknown): string {
  const base = `expected ${orList(choices)}, got ${describeValue(value)}`;
  const hint = typeof value === "string" ? closest(value, choices) : undefined;
  return hint ? `${base} (did you mean ${hint}?)` : base;
}

export function unionMessage(path: readonly PathSegment[], value: unknown): string {
  const schema = schemaAt(path);
  const options = schema instanceof z.ZodUnion ? (schema.options as z.ZodType[]) : [];
  const choices = options.flatMap((o) => describeSchema(unwrap(o)));
  if (choices.length === 0) return `not an accepted value: ${describeValue(value)}`;
  return choiceMessage(choices, value);
}

export function describeSchema(schema: z.ZodType): string[] {
  if (schema instanceof z.ZodEnum) return schema.options.map(String);
  if (schema instanceof z.ZodArray) return ["a list"];
  if (schema instanceof z.ZodObject) return ["a map of keys"];
  if (schema instanceof z.ZodString) return ["a string"];
  if (schema instanceof z.ZodNumber) return ["a number"];
  if (schema instanceof z.ZodBoolean) return ["true or false"];
  return [];
}

export type Bound = { origin: string; inclusive?: boolean };

export function tooSmallMessage(
  issue: Bound & { minimum: number | bigint },
  value: unknown,
): string {
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

export function tooBigMessage(issue: Bound & { maximum: number | bigint }, value: unknown): string {
  const max = Number(issue.maximum);
  if (issue.origin === "array") return `must have at most ${max} items`;
  if (issue.origin === "string") return `must be at most ${max} characters long`;
  const rel = issue.inclusive === false ? "less than" : "at most";
  return `must be ${rel} ${max}, got ${describeValue(value)}`;
}

export function formatMessage(message: string, value: unknown): string {
  // zod's own wording starts "Invalid"; the schema's custom messages say what is expected.
  const what = message.startsWith("Invalid") ? "has the wrong format" : message;
  return `${what}, got ${describeValue(value)}`;
}

export function unknownKeyMessage(key: string, known: string[]): string {
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

export function unwrap(schema: z.ZodType): z.ZodType {
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
export function schemaAt(path: readonly PathSegment[]): z.ZodType | undefined {
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

export function pickOption(options: z.ZodType[], seg: PathSegment): z.ZodType | undefined {
  const wanted = typeof seg === "number" ? z.ZodArray : z.ZodObject;
  return options.map(unwrap).find((o) => o instanceof wanted);
}

export function knownKeys(path: readonly PathSegment[]): string[] {
  const schema = schemaAt(path);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}
