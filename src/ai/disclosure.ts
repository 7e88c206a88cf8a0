/**
 * Judging disclosure trailers people write themselves (`Generated-by`,
 * `Co-authored-by-AI`, `Assisted-by`): reference/ai-signals.md, "Trailers
 * and markers".
 */
import { CATALOG, type CatalogEntry, NEGATIONS } from "./catalog.js";
import { escapeRegExp } from "./matchers.js";

const negations = new Set(NEGATIONS);

/** `Generated-by: none` (or `None.`) says no AI was used; an empty value says nothing at all. */
export function isNegation(value: string): boolean {
  const v = value
    .trim()
    .toLowerCase()
    .replace(/[.!,;]+$/, "");
  return v === "" || negations.has(v);
}

/** Every catalog model word, longest first, each mapped to its entry. */
const modelEntries = new Map<string, CatalogEntry>();
for (const entry of CATALOG) {
  for (const model of entry.models ?? []) {
    if (!modelEntries.has(model.toLowerCase())) modelEntries.set(model.toLowerCase(), entry);
  }
}

/**
 * A model word not glued to other letters: "claude-opus-4" and "gpt-5.1"
 * match, "claudette" and "chatgpt" (for `gpt`) do not.
 */
const modelWords = new RegExp(
  `(?<![a-z0-9])(${[...modelEntries.keys()]
    .sort((a, b) => b.length - a.length)
    .map((m) => escapeRegExp(m).replace(/ /g, "\\s+"))
    .join("|")})(?![a-z])`,
  "i",
);

/** The catalog entry a value names by a model or tool word, if any. */
export function namedEntry(value: string): CatalogEntry | undefined {
  const m = modelWords.exec(value);
  return m ? modelEntries.get(m[1]!.toLowerCase().replace(/\s+/g, " ")) : undefined;
}

/** The Linux kernel's `Assisted-by: AGENT:MODEL [TOOL1] [TOOL2]` (no URL: `https://…` is not it). */
const agentModel = /^[A-Za-z0-9][\w.+-]*:[A-Za-z0-9][\w./+-]*(?:\s|$)/;

/** Words after a first name that still make the value a tool ("Claude Code", "Devin AI"). */
const productWords = new Set([
  "code",
  "ai",
  "agent",
  "cli",
  "opus",
  "sonnet",
  "haiku",
  "assistant",
  "chat",
]);

/**
 * "Claude Monet", "Devin Smith", "Jules Verne": capitalised words with no
 * product word after the first are a person, even when the first is a tool's name.
 */
function looksLikePerson(value: string): boolean {
  if (!/^\p{Lu}\p{Ll}+(?:[ -]\p{Lu}[\p{Ll}'’]+){1,3}$/u.test(value)) return false;
  return value
    .split(/[ -]/)
    .slice(1)
    .every((w) => !productWords.has(w.toLowerCase()) && !modelEntries.has(w.toLowerCase()));
}

export type AssistedBy =
  | { kind: "email"; email: string }
  | { kind: "tool"; entry: CatalogEntry | undefined }
  | { kind: "human" };

/**
 * How an `Assisted-by` value reads. A value with an address is judged by
 * the address (detect.ts checks it against AI identities); otherwise the
 * kernel form or a catalog model or tool word makes it a tool.
 */
export function readAssistedBy(value: string): AssistedBy {
  const v = value.trim();
  if (isNegation(v)) return { kind: "human" };
  const email = /<([^<>\s]+@[^<>\s]+)>/.exec(v);
  if (email) return { kind: "email", email: email[1]! };
  if (agentModel.test(v)) return { kind: "tool", entry: namedEntry(v) };
  if (looksLikePerson(v)) return { kind: "human" };
  const entry = namedEntry(v);
  return entry ? { kind: "tool", entry } : { kind: "human" };
}
