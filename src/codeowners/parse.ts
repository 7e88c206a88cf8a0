/**
 * CODEOWNERS parsing, with GitHub's documented rules
 * (https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners):
 * - one rule a line: a pattern, then owners (`@user`, `@org/team`, email);
 *   `#` starts a comment; a pattern with no owners leaves its paths unowned;
 * - "If any line in your CODEOWNERS file contains invalid syntax, that line
 *   will be skipped": such lines become `error` problems and no rule;
 * - `!` negation, `[ ]` ranges and `\#` escapes "do not work": reported, not
 *   guessed;
 * - "CODEOWNERS files must be under 3 MB in size": a larger file is ignored.
 */
import type { Codeowners } from "./types.js";

export const CODEOWNERS_MAX_BYTES = 3 * 1024 * 1024;

export function parseCodeowners(text: string): Codeowners {
  if (byteLength(text) >= CODEOWNERS_MAX_BYTES) {
    const message = `CODEOWNERS is ${byteLength(text)} bytes; GitHub ignores a CODEOWNERS file of 3 MB or more, so it is ignored here too`;
    return { rules: [], problems: [{ line: 0, message, severity: "error" }] };
  }
  const out: Codeowners = { rules: [], problems: [] };
  const owners = new OwnerCheck();
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) parseLine(lines[i]!, i + 1, owners, out);
  return out;
}

/** UTF-8 size; counted only when the UTF-16 length says it could reach the limit. */
function byteLength(text: string): number {
  return text.length * 3 < CODEOWNERS_MAX_BYTES ? text.length : Buffer.byteLength(text, "utf8");
}

/**
 * A line's leading whitespace, then its pattern: up to the first unescaped
 * whitespace (`\\ ` keeps a space in it; a trailing lone `\\` stays). One
 * native regex rather than a loop over characters: a big file is parsed
 * cold, before the JIT has compiled any loop of ours. Linear: the two
 * alternatives start with different characters.
 */
const LEAD_AND_PATTERN = /^[ \t\r\f\v]*((?:\\[\s\S]?|[^ \t\r\f\v\\])*)/;
const FIELD_SEPARATOR = /[ \t\r\f\v]+/;

/**
 * Adds the line's rule or its problems to `out` (nothing for a blank or
 * comment line). Pushed one by one, with no per-line arrays: a 5,000-line
 * file is parsed cold, and a spread of a hostile line's 500,000 problems
 * overflows the stack.
 */
function parseLine(raw: string, line: number, check: OwnerCheck, out: Codeowners): void {
  // Only leading whitespace is trimmed here: trailing whitespace ends the
  // pattern anyway, and an escaped trailing space (`foo\ `) belongs to it.
  const m = LEAD_AND_PATTERN.exec(raw)!;
  const pattern = m[1]!;
  if (pattern === "" || pattern.startsWith("#")) return;
  const owners = ownerTokens(raw.slice(m[0].length));
  let valid = true;
  for (const message of patternErrors(pattern)) {
    out.problems.push({ line, message, severity: "error" });
    valid = false;
  }
  for (const owner of owners) {
    const message = check.error(owner);
    if (message === null) continue;
    out.problems.push({ line, message, severity: "error" });
    valid = false;
  }
  if (!valid) return;
  out.rules.push({ pattern, owners, line });
  for (const message of patternWarnings(pattern, owners)) {
    out.problems.push({ line, message, severity: "warning" });
  }
}

/** Owners are whitespace-separated; a `#` anywhere starts the inline comment. */
function ownerTokens(rest: string): string[] {
  const hash = rest.indexOf("#");
  const body = hash === -1 ? rest : rest.slice(0, hash);
  return body.split(FIELD_SEPARATOR).filter((t) => t !== "");
}

// ---------------------------------------------------------------------------
// Patterns

const IGNORED = "line ignored";

function patternErrors(pattern: string): string[] {
  if (pattern.startsWith("\\#")) {
    return [
      `\`${pattern}\`: escaping a leading \`#\` with \`\\\` is not supported by GitHub; ${IGNORED}`,
    ];
  }
  if (pattern.startsWith("!")) {
    return [`\`${pattern}\`: \`!\` negation is not supported by GitHub; ${IGNORED}`];
  }
  return [];
}

function patternWarnings(pattern: string, owners: string[]): string[] {
  const warnings: string[] = [];
  const unescaped = unescapedMarks(pattern);
  if (unescaped.bracket) {
    warnings.push(
      `\`${pattern}\`: \`[ ]\` character ranges are not supported by GitHub; the brackets match literally (GitHub's own checker asks for them to be escaped as \`\\[\` \`\\]\`)`,
    );
  }
  if (unescaped.hash) {
    warnings.push(
      `\`${pattern}\`: \`#\` inside a pattern is matched literally here; GitHub does not document how it reads one`,
    );
  }
  if (unescaped.onlySlashes) {
    warnings.push(`\`${pattern}\` never matches anything; did you mean \`*\`?`);
  }
  if (owners.length === 0 && pattern.startsWith("@")) {
    warnings.push(
      `\`${pattern}\` looks like an owner but is read as a pattern with no owners; a rule needs a pattern first, e.g. \`* ${pattern}\``,
    );
  }
  return warnings;
}

/** Unescaped `[`/`]` and `#` in the pattern, and whether it is nothing but `/`: one pass. */
function unescapedMarks(pattern: string): {
  bracket: boolean;
  hash: boolean;
  onlySlashes: boolean;
} {
  let bracket = false;
  let hash = false;
  let onlySlashes = pattern !== "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c !== 0x2f) onlySlashes = false;
    if (c === 0x5c) i++;
    else if (c === 0x5b || c === 0x5d) bracket = true;
    else if (c === 0x23) hash = true;
  }
  return { bracket, hash, onlySlashes };
}

// ---------------------------------------------------------------------------
// Owners: `@user`, `@org/team` or an email address.

// GitHub logins: letters, digits, hyphens (and `_` for Enterprise Managed Users, `alice_acme`).
const LOGIN = "[A-Za-z0-9][A-Za-z0-9_-]*";
const USER_RE = new RegExp(`^@${LOGIN}$`);
const TEAM_RE = new RegExp(`^@${LOGIN}/[A-Za-z0-9_][A-Za-z0-9_.-]*$`);
const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
const EMAIL_RE = new RegExp(`^[A-Za-z0-9.!$%&'*+=?^_\`{|}~/-]+@${LABEL}(?:\\.${LABEL})+$`);

/** Owner validation, memoised per file: the same teams own line after line. */
class OwnerCheck {
  private readonly seen = new Map<string, string | null>();

  /** The error message for an invalid owner, or null. */
  error(owner: string): string | null {
    let error = this.seen.get(owner);
    if (error === undefined) {
      const why = ownerProblem(owner);
      error = why === null ? null : `invalid owner \`${owner}\`: ${why}; ${IGNORED}`;
      this.seen.set(owner, error);
    }
    return error;
  }
}

function ownerProblem(owner: string): string | null {
  if (owner.startsWith("@")) {
    if (USER_RE.test(owner) || TEAM_RE.test(owner)) return null;
    if (owner.endsWith("/")) return "the team name is missing after `/`";
    if (owner.indexOf("@", 1) !== -1) return "two owners run together; separate owners with spaces";
    return "not a valid `@user` or `@org/team`";
  }
  if (owner.includes("@")) return EMAIL_RE.test(owner) ? null : "not a valid email address";
  return `owners are \`@user\`, \`@org/team\` or an email (did you mean \`@${owner}\`?)`;
}
