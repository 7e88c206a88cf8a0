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
import type { Codeowners, CodeownersProblem, OwnerRule } from "./types.js";

export const CODEOWNERS_MAX_BYTES = 3 * 1024 * 1024;

export function parseCodeowners(text: string): Codeowners {
  if (byteLength(text) >= CODEOWNERS_MAX_BYTES) {
    const message = `CODEOWNERS is ${byteLength(text)} bytes; GitHub ignores a CODEOWNERS file of 3 MB or more, so it is ignored here too`;
    return { rules: [], problems: [{ line: 0, message, severity: "error" }] };
  }
  const rules: OwnerRule[] = [];
  const problems: CodeownersProblem[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, i) => {
    const parsed = parseLine(raw, i + 1);
    problems.push(...parsed.problems);
    if (parsed.rule) rules.push(parsed.rule);
  });
  return { rules, problems };
}

/** UTF-8 size; counted only when the UTF-16 length says it could reach the limit. */
function byteLength(text: string): number {
  return text.length * 3 < CODEOWNERS_MAX_BYTES ? text.length : Buffer.byteLength(text, "utf8");
}

const WS = /[ \t\r\f\v]/;

interface LineResult {
  rule: OwnerRule | null;
  problems: CodeownersProblem[];
}

function parseLine(raw: string, line: number): LineResult {
  // Only leading whitespace is trimmed here: trailing whitespace ends the
  // pattern anyway, and an escaped trailing space (`foo\ `) belongs to it.
  const text = raw.replace(/^[ \t\r\f\v]+/, "");
  if (text === "" || text.startsWith("#")) return { rule: null, problems: [] };
  const end = patternEnd(text);
  const pattern = text.slice(0, end);
  const owners = ownerTokens(text.slice(end));
  const errors = [...patternErrors(pattern), ...owners.flatMap(ownerError)];
  if (errors.length > 0) {
    return { rule: null, problems: errors.map((m) => ({ line, message: m, severity: "error" })) };
  }
  const warnings = patternWarnings(pattern, owners);
  return {
    rule: { pattern, owners, line },
    problems: warnings.map((m) => ({ line, message: m, severity: "warning" })),
  };
}

/** The pattern runs to the first unescaped whitespace (`\ ` keeps a space in it). */
function patternEnd(text: string): number {
  let i = 0;
  while (i < text.length && !WS.test(text[i]!)) i += text[i] === "\\" ? 2 : 1;
  return Math.min(i, text.length);
}

/** Owners are whitespace-separated; a `#` anywhere starts the inline comment. */
function ownerTokens(rest: string): string[] {
  const hash = rest.indexOf("#");
  const body = hash === -1 ? rest : rest.slice(0, hash);
  return body.split(/[ \t\r\f\v]+/).filter((t) => t !== "");
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
  if (hasUnescaped(pattern, "[]")) {
    warnings.push(
      `\`${pattern}\`: \`[ ]\` character ranges are not supported by GitHub; the brackets match literally (GitHub's own checker asks for them to be escaped as \`\\[\` \`\\]\`)`,
    );
  }
  if (hasUnescaped(pattern, "#")) {
    warnings.push(
      `\`${pattern}\`: \`#\` inside a pattern is matched literally here; GitHub does not document how it reads one`,
    );
  }
  if (/^\/+$/.test(pattern)) {
    warnings.push(`\`${pattern}\` never matches anything; did you mean \`*\`?`);
  }
  if (owners.length === 0 && pattern.startsWith("@")) {
    warnings.push(
      `\`${pattern}\` looks like an owner but is read as a pattern with no owners; a rule needs a pattern first, e.g. \`* ${pattern}\``,
    );
  }
  return warnings;
}

/** Whether the pattern has one of `chars` not escaped by a backslash. */
function hasUnescaped(pattern: string, chars: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === "\\") i++;
    else if (chars.includes(pattern[i]!)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Owners: `@user`, `@org/team` or an email address.

// GitHub logins: letters, digits, hyphens (and `_` for Enterprise Managed Users, `alice_acme`).
const LOGIN = "[A-Za-z0-9][A-Za-z0-9_-]*";
const USER_RE = new RegExp(`^@${LOGIN}$`);
const TEAM_RE = new RegExp(`^@${LOGIN}/[A-Za-z0-9_][A-Za-z0-9_.-]*$`);
const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
const EMAIL_RE = new RegExp(`^[A-Za-z0-9.!$%&'*+=?^_\`{|}~/-]+@${LABEL}(?:\\.${LABEL})+$`);

function ownerError(owner: string): string[] {
  const why = ownerProblem(owner);
  return why === null ? [] : [`invalid owner \`${owner}\`: ${why}; ${IGNORED}`];
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
